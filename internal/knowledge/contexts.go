package knowledge

import "go/types"

// This file describes package context, and the calls that give a value a
// context, by FullName.

// ContextDerivation says how a function makes a new context from its first
// argument.
type ContextDerivation uint8

const (
	NotDerivation ContextDerivation = iota
	Derives                         // the new context is cancelled with the old one (WithCancel, WithValue)
	Bounds                          // the new context also has a deadline (WithTimeout, WithDeadline)
	Detaches                        // the new context is never cancelled by the old one (WithoutCancel)
)

// contextFuncs are the functions that make a new context from an old one
// without waiting on it: passing a context to them does not observe it.
var contextFuncs = map[string]struct {
	derivation ContextDerivation
	// cancel says the second result is a function that cancels the
	// new context.
	cancel bool
}{
	"context.WithCancel":        {Derives, true},
	"context.WithCancelCause":   {Derives, true},
	"context.WithValue":         {Derives, false},
	"context.WithTimeout":       {Bounds, true},
	"context.WithTimeoutCause":  {Bounds, true},
	"context.WithDeadline":      {Bounds, true},
	"context.WithDeadlineCause": {Bounds, true},
	"context.WithoutCancel":     {Detaches, false},
}

// LookupDerivation returns how fn derives a context, if it does.
func LookupDerivation(fn *types.Func) ContextDerivation {
	if fn == nil {
		return NotDerivation
	}
	return Derivation(Key(fn))
}

// Derivation returns how the function with the given FullName derives a
// context, if it does.
func Derivation(fullName string) ContextDerivation { return contextFuncs[fullName].derivation }

// MakesCancel reports whether fn returns, as its second result, the
// function that cancels the context it makes (context.WithCancel).
func MakesCancel(fn *types.Func) bool {
	return fn != nil && contextFuncs[Key(fn)].cancel
}

// freshContexts make a context that is never cancelled.
var freshContexts = map[string]bool{
	"context.Background": true,
	"context.TODO":       true,
}

// FreshContext reports whether the function with the given FullName
// returns a context that is never cancelled (context.Background).
func FreshContext(fullName string) bool { return freshContexts[fullName] }

// cancelFuncTypes are the types of a context's cancel function, as
// types.TypeString spells them.
var cancelFuncTypes = map[string]bool{
	"context.CancelFunc":      true,
	"context.CancelCauseFunc": true,
}

// IsCancelFuncType reports whether the type spelled typeString is that of
// a context's cancel function.
func IsCancelFuncType(typeString string) bool { return cancelFuncTypes[typeString] }

// contextGivers are methods that give an existing value a context.
var contextGivers = map[string]bool{
	"(*net/http.Request).WithContext": true,
	"(*net/http.Request).Clone":       true,
}

// GivesContext reports whether calling fn gives its receiver's value a
// context (req.WithContext(ctx)).
func GivesContext(fn *types.Func) bool {
	return fn != nil && contextGivers[Key(fn)]
}

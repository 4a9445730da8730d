// Package knowledge holds concurlint's tables of library behaviour: which
// functions block and how, which take a context and which context-aware
// variant replaces a context-less one, which acquire and release locks, and
// which never return.
//
// Entries are keyed by the FullName of the callee's *types.Func (its generic
// origin for instances), e.g. "time.Sleep", "(*database/sql.DB).Query" or
// "(net.Conn).Read" for an interface method. Code outside the standard
// library is analysed from source and described by facts instead; the tables
// cover the standard library (which concurlint does not analyse, for speed)
// and a few common libraries whose blocking happens below an interface.
package knowledge

import (
	"fmt"
	"go/types"
	"sync"
)

// Kind classifies how an operation can block.
type Kind uint8

const (
	None     Kind = iota // does not block
	Channel              // channel send or receive, select, range over a channel
	Sleep                // time.Sleep, a wait on a timer
	SyncWait             // sync.WaitGroup.Wait, sync.Cond.Wait and the like
	Network              // network I/O, HTTP, SQL and RPC client calls
	Process              // running or waiting for a child process
	File                 // file-system I/O
)

var kindNames = [...]string{"none", "channel", "sleep", "sync-wait", "network", "process", "file"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// IsIO reports whether k is I/O with the outside world (network, process or
// file), as opposed to waiting on other goroutines.
func (k Kind) IsIO() bool { return k == Network || k == Process || k == File }

// Op describes a library function.
type Op struct {
	// Kind says how the call blocks; None for the context-less
	// constructors listed only for their Variant.
	Kind Kind

	// CtxArg is the index, among the call's arguments (receiver
	// excluded), of a context.Context parameter that bounds the call, or
	// -1. A call that passes a live context is cancellable.
	CtxArg int

	// CtxInRequest says the call is bounded by the context of its
	// *http.Request argument ((*http.Client).Do).
	CtxInRequest bool

	// Variant names the context-aware replacement of a context-less call,
	// as the user would write it: "QueryContext" for a method on the same
	// receiver, "http.NewRequestWithContext" for a function.
	Variant string

	// VariantTakesCtxFirst says the variant takes a context as a new
	// first argument followed by the original arguments, so that the
	// rewrite is mechanical.
	VariantTakesCtxFirst bool

	// NetArgs, when set, restricts the entry: the call is network I/O only
	// when one of these arguments (receiver excluded) is a network value
	// (see IsNetworkType); otherwise it is not blocking at all.
	NetArgs []int

	// RequestIO marks I/O on the request's own connection (writing the
	// response, reading the request body). It blocks, but it is bounded by
	// the request's own lifetime.
	RequestIO bool

	// DefaultClient says the call uses http.DefaultClient, which has no
	// timeout (the package-level helpers of net/http).
	DefaultClient bool

	// OnClient says the call is a method of an HTTP client, which its
	// receiver's timeout bounds when it has one ((*http.Client).Do).
	OnClient bool
}

// Blocks reports whether the operation can block.
func (op Op) Blocks() bool { return op.Kind != None }

// Detached reports whether the call makes something that carries no
// context where its Variant makes one that does: a request with
// context.Background() (http.NewRequest), a command that cannot be
// cancelled (exec.Command). Such entries do not block themselves.
func (op Op) Detached() bool { return !op.Blocks() && op.Variant != "" }

// Lookup returns the table entry for fn, if any. For an instance of a
// generic function it looks up the generic origin.
func Lookup(fn *types.Func) (Op, bool) {
	if fn == nil {
		return Op{}, false
	}
	return LookupName(Key(fn))
}

// LookupName returns the table entry for a FullName key: the built-in
// entry, or one the user added with an extra-blocking flag.
func LookupName(fullName string) (Op, bool) {
	if op, ok := funcs[fullName]; ok {
		return op, true
	}
	return lookupExtra(fullName)
}

// MustLookup returns the entry for a FullName key and panics if there is none,
// so that a test that names a missing entry fails loudly.
func MustLookup(fullName string) Op {
	op, ok := funcs[fullName]
	if !ok {
		panic("knowledge: no entry for " + fullName)
	}
	return op
}

// Names returns every key of the blocking table, for documentation and
// tests.
func Names() []string {
	names := make([]string, 0, len(funcs))
	for k := range funcs {
		names = append(names, k)
	}
	return names
}

// keys caches Key: computing a FullName formats the receiver type, which
// shows up in profiles when done for every call of every function.
var keys sync.Map // *types.Func -> string

// Key returns the table key of fn: the FullName of its generic origin.
func Key(fn *types.Func) string {
	if k, ok := keys.Load(fn); ok {
		return k.(string)
	}
	k := fn.Origin().FullName()
	keys.Store(fn, k)
	return k
}

// ForgetKeys empties the cache of Key. A driver that analyses many
// packages in one process calls it after each package: the cache holds
// its functions, and through them their packages' types, which would
// otherwise stay reachable to the end of the run.
func ForgetKeys() { keys.Clear() }

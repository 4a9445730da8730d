package knowledge

import (
	"go/types"
	"strings"
	"sync"
)

// Mentions reports whether any table has an entry for fn: blocking, locks,
// functions that never return, spawners, limiters, constant work,
// registrations, context derivations. The model uses it to tell a call
// that can matter from one it may skip building SSA for.
func Mentions(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	k := Key(fn)
	if _, ok := funcs[k]; ok {
		return true
	}
	if _, ok := lockOps[k]; ok {
		return true
	}
	if _, ok := spawns[k]; ok {
		return true
	}
	if _, ok := constWork[k]; ok {
		return true
	}
	if _, ok := registrations[k]; ok {
		return true
	}
	if _, ok := spawners[k]; ok {
		return true
	}
	if _, ok := contextFuncs[k]; ok {
		return true
	}
	if _, ok := chanArgs[k]; ok {
		return true
	}
	if _, ok := syncOps[k]; ok {
		return true
	}
	if _, ok := timers[k]; ok {
		return true
	}
	if _, ok := lookupExtra(k); ok || isExtraLimiter(fn) {
		return true
	}
	return noReturn[k] || limiters[k] || freshBuilders[k] || freshContexts[k] || contextGivers[k] || formatters[k] || freshObjects[k]
}

// MentionsType reports whether a table describes values of type t (or of
// the type t points to): network endpoints and clients, request contexts,
// handler function types and the parameters of handler shapes, the owners
// of network fields, and the receivers of methods in the function tables
// (an errgroup.Group, a semaphore), except that a method that never
// returns is described by its call alone (t.Fatal does not make every
// testing.TB a concurrency object).
func MentionsType(t types.Type) bool {
	typeNamesOnce.Do(collectTypeNames)
	s := types.TypeString(t, nil)
	return typeNames[strings.TrimPrefix(s, "*")]
}

var (
	typeNamesOnce sync.Once
	typeNames     map[string]bool // type strings without a leading "*"
)

func collectTypeNames() {
	typeNames = make(map[string]bool)
	add := func(s string) { typeNames[strings.TrimPrefix(s, "*")] = true }
	for s := range networkTypes {
		add(s)
	}
	for s := range clientTypes {
		add(s)
	}
	for s := range contextSources {
		add(s)
	}
	for s := range handlerFuncTypes {
		add(s)
	}
	for s := range grpcRegistrars {
		add(s)
	}
	for s := range lockTypes {
		add(s)
	}
	for s := range timerTypes {
		add(s)
	}
	for s := range networkFields {
		owner, _, _ := strings.Cut(strings.TrimPrefix(s, "("), ")")
		add(owner)
	}
	for _, table := range []map[string]bool{keySet(funcs), keySet(lockOps), keySet(spawns), keySet(constWork),
		keySet(registrations), keySet(spawners), keySet(contextFuncs), keySet(chanArgs), keySet(syncOps), keySet(timers), limiters, freshBuilders} {
		for k := range table {
			// "(*pkg.T).M" or "(pkg.T).M" names a method of pkg.T.
			if recv, _, ok := strings.Cut(strings.TrimPrefix(k, "("), ")."); ok && strings.HasPrefix(k, "(") {
				add(recv)
			}
		}
	}
	for _, shape := range handlerShapes {
		for _, p := range shape.Params {
			add(p)
		}
	}
}

// keySet returns the keys of a table.
func keySet[V any](m map[string]V) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

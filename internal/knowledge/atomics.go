package knowledge

import "go/types"

// AtomicKind says what an operation of package sync/atomic does to the
// value it is given the address of.
type AtomicKind uint8

const (
	AtomicLoad AtomicKind = iota + 1
	AtomicStore
	AtomicSwap
	AtomicCAS // compare-and-swap: (addr, old, new)
)

// atomicOps lists the operations of sync/atomic, by Key: the methods of
// its types (receiver first) and its functions (address first). The model
// reads latches with them (a flag that must be zero for a send to run and
// that the guarded code sets).
var atomicOps = func() map[string]AtomicKind {
	ops := map[string]AtomicKind{"Load": AtomicLoad, "Store": AtomicStore, "Swap": AtomicSwap, "CompareAndSwap": AtomicCAS}
	m := make(map[string]AtomicKind)
	for _, typ := range []string{"Bool", "Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Value", "Pointer[T]"} {
		for name, k := range ops {
			m["(*sync/atomic."+typ+")."+name] = k
		}
	}
	for _, typ := range []string{"Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Pointer"} {
		for name, k := range ops {
			m["sync/atomic."+name+typ] = k
		}
	}
	return m
}()

// LookupAtomic returns what fn does to the atomic value it is given, if it
// is an operation of sync/atomic.
func LookupAtomic(fn *types.Func) (AtomicKind, bool) {
	if fn == nil {
		return 0, false
	}
	k, ok := atomicOps[Key(fn)]
	return k, ok
}

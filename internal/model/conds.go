package model

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// findCondLockers records, for each sync.Cond held in a struct field, which
// lock of the same struct is its Locker, from assignments such as
//
//	s.cond = sync.NewCond(&s.mu)
//	s.cond.L = &s.mu
//
// so that Cond.Wait can be seen to release that lock.
func (m *Model) findCondLockers() {
	for _, fn := range m.Funcs {
		for instr := range ssax.Instrs(fn) {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			if _, ok := st.Addr.(*ssa.FieldAddr); !ok {
				continue // a store into a variable, not a field
			}
			if call, ok := st.Val.(*ssa.Call); ok {
				if locker, ok := newCondLocker(call); ok {
					m.noteCond(st.Addr, locker)
					continue
				}
			}
			// s.cond.L = &s.mu: the address is the Locker field of the Cond.
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok && isCondType(fa.X.Type()) {
				m.noteCond(fa.X, st.Val)
			}
		}
	}
}

// newCondLocker returns the Locker argument of call when it makes a
// condition variable (sync.NewCond(&mu)).
func newCondLocker(call *ssa.Call) (ssa.Value, bool) {
	fn := call.Call.StaticCallee()
	if fn == nil {
		return nil, false
	}
	i, ok := knowledge.CondMaker(fullName(fn))
	if !ok || i >= len(call.Call.Args) {
		return nil, false
	}
	return call.Call.Args[i], true
}

// isCondType reports whether ptr points to a condition variable, whose
// Locker a field holds (knowledge.CondLocker).
func isCondType(ptr types.Type) bool {
	_, ok := knowledge.CondLocker(ssax.TypeString(derefType(ptr)))
	return ok
}

// noteCond records that the Cond at address condAddr uses locker.
func (m *Model) noteCond(condAddr, locker ssa.Value) {
	cond, ok1 := ssax.PathOf(condAddr)
	lock, ok2 := ssax.PathOf(locker)
	key := cond.TypeKey()
	if !ok1 || !ok2 || key == "" || cond.Key() == "" {
		return
	}
	prefix := cond.Fields[:len(cond.Fields)-1]
	if !sameRootAndPrefix(cond, lock, prefix) {
		return
	}
	m.conds[key] = append([]ssax.Field(nil), lock.Fields[len(prefix):]...)
}

func sameRootAndPrefix(a, b ssax.Path, prefix []ssax.Field) bool {
	ra, rb := a, b
	ra.Fields, rb.Fields = nil, nil
	if ra.Key() != rb.Key() || len(b.Fields) < len(prefix) {
		return false
	}
	for i, f := range prefix {
		if b.Fields[i].Name != f.Name {
			return false
		}
	}
	return true
}

// condLocker returns the path of the Locker of the sync.Cond value cond,
// when it is known.
func (m *Model) condLocker(cond ssa.Value) (ssax.Path, bool) {
	if call, ok := cond.(*ssa.Call); ok {
		if locker, ok := newCondLocker(call); ok {
			return ssax.PathOf(locker)
		}
	}
	p, ok := ssax.PathOf(cond)
	if !ok {
		return ssax.Path{}, false
	}
	rel, ok := m.conds[p.TypeKey()]
	if !ok {
		return ssax.Path{}, false
	}
	out := p
	out.Fields = append(append([]ssax.Field(nil), p.Fields[:len(p.Fields)-1]...), rel...)
	return out, true
}

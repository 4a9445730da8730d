package model

import (
	"golang.org/x/tools/go/ssa"

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
			if call, ok := st.Val.(*ssa.Call); ok && isNewCond(call) && len(call.Call.Args) == 1 {
				m.noteCond(st.Addr, call.Call.Args[0])
				continue
			}
			// s.cond.L = &s.mu: the address is field L of the Cond.
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok && ssax.TypeString(derefType(fa.X.Type())) == "sync.Cond" {
				m.noteCond(fa.X, st.Val)
			}
		}
	}
}

func isNewCond(call *ssa.Call) bool {
	fn := call.Call.StaticCallee()
	return fn != nil && fullName(fn) == "sync.NewCond"
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
	if call, ok := cond.(*ssa.Call); ok && isNewCond(call) && len(call.Call.Args) == 1 {
		return ssax.PathOf(call.Call.Args[0])
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

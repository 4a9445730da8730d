package model

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// ContextValues returns the values of fn that are its context parameters
// (or captured contexts) or are derived from them.
func (m *Model) ContextValues(fn *ssa.Function) map[ssa.Value]bool {
	if vs, ok := m.ctxValues.get(fn); ok {
		return vs
	}
	vs := make(map[ssa.Value]bool)
	for _, p := range fn.Params {
		if IsContextType(p.Type()) {
			vs[p] = true
		}
	}
	for _, fv := range fn.FreeVars {
		if IsContextType(fv.Type()) {
			vs[fv] = true
		} else if ptr, ok := fv.Type().(*types.Pointer); ok && IsContextType(ptr.Elem()) {
			vs[fv] = true // a captured variable holding a context
		}
	}
	if len(vs) == 0 {
		m.ctxValues.put(fn, vs)
		return vs
	}
	derived := func(v ssa.Value) bool { return vs[v] }
	for changed := true; changed; {
		changed = false
		for instr := range ssax.Instrs(fn) {
			v, ok := instr.(ssa.Value)
			if !ok || vs[v] {
				continue
			}
			add := false
			switch x := instr.(type) {
			case *ssa.Call:
				if producesContext(x.Type()) {
					for _, a := range x.Call.Args {
						add = add || derived(a)
					}
					add = add || derived(x.Call.Value)
				}
			case *ssa.Extract:
				add = derived(x.Tuple) && IsContextType(x.Type())
			case *ssa.Phi:
				for _, e := range x.Edges {
					add = add || derived(e)
				}
			case *ssa.UnOp:
				add = x.Op.String() == "*" && derived(x.X)
			case *ssa.ChangeInterface:
				add = derived(x.X)
			case *ssa.MakeInterface:
				add = derived(x.X)
			case *ssa.TypeAssert:
				add = derived(x.X)
			}
			if add {
				vs[v] = true
				changed = true
			}
		}
	}
	m.ctxValues.put(fn, vs)
	return vs
}

func producesContext(t types.Type) bool {
	if IsContextType(t) {
		return true
	}
	if tup, ok := t.(*types.Tuple); ok {
		for i := 0; i < tup.Len(); i++ {
			if IsContextType(tup.At(i).Type()) {
				return true
			}
		}
	}
	return false
}

// observesContext reports whether fn observes a context it was given: it
// calls a method on it (Done, Err), passes it to a call other than one that
// only derives a new context, stores it, or hands it to a closure.
func (m *Model) observesContext(fn *ssa.Function) bool {
	vs := m.ContextValues(fn)
	if len(vs) == 0 {
		return false
	}
	for v := range vs {
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, ref := range *refs {
			switch ref := ref.(type) {
			case ssa.CallInstruction:
				if fn := ref.Common().StaticCallee(); fn != nil && knowledge.Derivation(fullName(fn)) != knowledge.NotDerivation {
					continue
				}
				return true
			case *ssa.Store, *ssa.MakeClosure, *ssa.Send:
				return true
			}
		}
	}
	return false
}

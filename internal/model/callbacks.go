package model

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/lockset"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Callback is a function-typed parameter that a function calls before it
// returns (not in a goroutine): withLock(f), forEach(f), retry(f). What the
// function value does, it does inside the call, with the locks listed in
// Held held by the function that calls it.
type Callback struct {
	Index int // the parameter, the receiver first
	Held  []HeldLock
}

// HeldLock is a lock held while a callback runs.
type HeldLock struct {
	Lock ssax.Path
	Read bool
	Pos  string // where it was acquired
}

// PassedFunc is a function literal or a function of this package passed to
// a call as a callback: its body runs inside the call.
type PassedFunc struct {
	Fn *ssa.Function
	// Args and Bindings express Fn's parameters and free variables in
	// the caller: a method value's receiver, a closure's bindings.
	Args, Bindings []ssa.Value
	Callback       Callback
}

// PassedFuncs returns the functions of this package that the call c passes
// to parameters its callee calls back, with what the callee holds while
// calling them.
func (m *Model) PassedFuncs(c ssax.Callee, cs *Summary) []PassedFunc {
	if cs == nil {
		return nil
	}
	var out []PassedFunc
	for _, cb := range cs.Callbacks {
		if cb.Index >= len(c.Args) {
			continue
		}
		fn, args, bindings := ssax.FuncValue(c.Args[cb.Index])
		if !m.inPackage(fn) {
			continue
		}
		out = append(out, PassedFunc{Fn: fn, Args: args, Bindings: bindings, Callback: cb})
	}
	return out
}

// passedFuncsOf returns the functions of this package passed as arguments
// to the calls of fn: a callee may run them, so fn's summary depends on
// theirs.
func (m *Model) passedFuncsOf(call ssa.CallInstruction) []*ssa.Function {
	var out []*ssa.Function
	for _, a := range call.Common().Args {
		if fn, _, _ := ssax.FuncValue(a); m.inPackage(fn) {
			out = append(out, fn)
		}
	}
	return out
}

// recordCallbacks notes, at a call instruction of fn with st held, a call
// of one of fn's function-typed parameters, directly or through a callee
// (c, with summary cs) that calls back the parameter fn hands it.
func (m *Model) recordCallbacks(s *Summary, fn *ssa.Function, call ssa.CallInstruction, c ssax.Callee, cs *Summary, st *lockset.State) {
	if _, isGo := call.(*ssa.Go); isGo {
		return
	}
	if _, isDefer := call.(*ssa.Defer); isDefer {
		return // runs at return, when the locks held are others
	}
	var held []HeldLock
	for _, h := range st.Held {
		if h.Lock.Root == ssax.RootParam || h.Lock.Root == ssax.RootGlobal {
			held = append(held, HeldLock{Lock: h.Lock, Read: h.Read, Pos: m.Pos(h.Pos)})
		}
	}
	if v := call.Common().Value; !call.Common().IsInvoke() {
		if i := funcParamIndex(fn, v); i >= 0 {
			s.addCallback(Callback{Index: i, Held: held})
			return
		}
	}
	if cs == nil {
		return
	}
	for _, cb := range cs.Callbacks {
		if cb.Index >= len(c.Args) {
			continue
		}
		i := funcParamIndex(fn, c.Args[cb.Index])
		if i < 0 {
			continue
		}
		all := slices.Clone(held)
		for _, h := range cb.Held {
			if p, ok := h.Lock.Subst(c.Args, c.Bindings); ok && (p.Root == ssax.RootParam || p.Root == ssax.RootGlobal) {
				h.Lock = p
				all = append(all, h)
			}
		}
		s.addCallback(Callback{Index: i, Held: all})
	}
}

// funcParamIndex returns the index of the function-typed parameter of fn
// that v is, or -1.
func funcParamIndex(fn *ssa.Function, v ssa.Value) int {
	p, ok := v.(*ssa.Parameter)
	if !ok {
		return -1
	}
	if _, ok := p.Type().Underlying().(*types.Signature); !ok {
		return -1
	}
	return slices.Index(fn.Params, p)
}

// addCallback records cb, merging the locks held with those of an earlier
// call of the same parameter.
func (s *Summary) addCallback(cb Callback) {
	for i := range s.Callbacks {
		old := &s.Callbacks[i]
		if old.Index != cb.Index {
			continue
		}
		for _, h := range cb.Held {
			if !slices.ContainsFunc(old.Held, func(g HeldLock) bool { return g.Lock.Key() == h.Lock.Key() }) && len(old.Held) < maxLocks {
				old.Held = append(old.Held, h)
			}
		}
		return
	}
	if len(cb.Held) > maxLocks {
		cb.Held = cb.Held[:maxLocks]
	}
	s.Callbacks = append(s.Callbacks, cb)
}

// blocks and locks tolerate a nil summary (a callback not yet summarised,
// inside a recursive component).
func (s *Summary) blocks() []Witness {
	if s == nil {
		return nil
	}
	return s.Blocks
}

// LockEffects returns the locks the function acquires; nil for a nil
// summary.
func (s *Summary) LockEffects() []LockEffect { return s.locks() }

func (s *Summary) locks() []LockEffect {
	if s == nil {
		return nil
	}
	return s.Locks
}

// Subst expresses a path of the passed function in the caller's terms.
func (pf PassedFunc) Subst(p ssax.Path) (ssax.Path, bool) {
	return p.Subst(pf.Args, pf.Bindings)
}

package blocking

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// A channel of empty structs used as a semaphore: a request takes a slot by
// sending a token (s.slots <- struct{}{}) and gives it back by receiving
// one (<-s.slots). The acquiring send waits while the semaphore is full and
// is judged like any other send; the release finds at least the token its
// own goroutine put there, so it does not wait. A release is a receive from
// a token channel on which, on every path to it, the same goroutine has
// sent first: in the same function, in the function that defers the
// function literal holding the receive, or in the caller of a release
// helper (s.release()), directly or through an acquire helper of the
// package (s.acquire()).
//
// The model recognises semaphores too (Model.DirectOp leaves out the
// release of a channel whose every use in the package pairs an acquire
// with a later release in one function), but not the same ones: its
// judgement is of the channel as a whole, so one function that receives
// first (a misuse reported here) makes it no semaphore anywhere, and it
// does not follow acquire and release helpers or deferred literals. This
// one judges each receive by the paths to it. Leaving the receive to the
// model alone reports the helper release and the receive after a send in
// the fixture blocking/frameworks (middleware.go).
//
// TODO(blocking): the model's answerer analysis should recognise
// semaphores per release, through helpers, for every pass; until it does,
// blocking keeps this one.

// releasesToken reports whether the receive recv gives back a semaphore
// token, as above.
func (c *checker) releasesToken(recv *ssa.UnOp) bool {
	if !isTokenChan(recv.X.Type()) {
		return false
	}
	p, ok := ssax.PathOf(recv.X)
	if !ok {
		return false
	}
	fn := recv.Parent()
	if c.sentBefore(recv, p) {
		return true
	}
	switch p.Root {
	case ssax.RootFreeVar:
		// A deferred function literal: the token was sent before the
		// defer statement.
		if fn.Parent() == nil {
			return false
		}
		d, mc := deferredOnly(fn)
		if d == nil {
			return false
		}
		q, ok := p.Subst(nil, mc.Bindings)
		return ok && c.sentBefore(d, q)
	case ssax.RootParam:
		// A release helper: every call of it follows a send.
		calls := c.callsOf(fn)
		if len(calls) == 0 {
			return false
		}
		for _, call := range calls {
			q, ok := p.Subst(c.m.Callee(call).Args, nil)
			if !ok || !c.sentBefore(call, q) {
				return false
			}
		}
		return true
	}
	return false
}

// isTokenChan reports whether t is a channel of empty structs.
func isTokenChan(t types.Type) bool {
	ch, ok := t.Underlying().(*types.Chan)
	if !ok {
		return false
	}
	st, ok := ch.Elem().Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}

// deferredOnly returns the defer statement of the function literal fn and
// the closure it defers, when that is all its parent does with it.
func deferredOnly(fn *ssa.Function) (*ssa.Defer, *ssa.MakeClosure) {
	var d *ssa.Defer
	var mc *ssa.MakeClosure
	for instr := range ssax.Instrs(fn.Parent()) {
		m, ok := instr.(*ssa.MakeClosure)
		if !ok || m.Fn != fn {
			continue
		}
		if mc != nil {
			return nil, nil
		}
		mc = m
		for _, ref := range *m.Referrers() {
			df, ok := ref.(*ssa.Defer)
			if !ok || df.Call.Value != m || d != nil {
				return nil, nil
			}
			d = df
		}
	}
	return d, mc
}

// callsOf returns the calls of fn by the package's functions on request
// paths.
func (c *checker) callsOf(fn *ssa.Function) []ssa.CallInstruction {
	var out []ssa.CallInstruction
	for _, g := range c.paths.Funcs() {
		for call := range ssax.Calls(g) {
			if c.m.Callee(call).Fn == fn {
				out = append(out, call)
			}
		}
	}
	return out
}

// sentBefore reports whether the function of at, on every path to at,
// has sent on the channel p names (in that function's terms): a send, a
// select whose cases include that send (its other cases leave), or a call
// of an acquire helper of the package that sends on it.
func (c *checker) sentBefore(at ssa.Instruction, p ssax.Path) bool {
	key := p.Key()
	same := func(ch ssa.Value) bool {
		q, ok := ssax.PathOf(ch)
		return ok && q.Key() == key
	}
	for instr := range ssax.Before(at) {
		switch x := instr.(type) {
		case *ssa.Send:
			if same(x.Chan) {
				return true
			}
		case *ssa.Select:
			for _, st := range x.States {
				if st.Dir == types.SendOnly && same(st.Chan) {
					return true
				}
			}
		case ssa.CallInstruction:
			callee := c.m.Callee(x)
			if callee.Fn == nil || callee.Fn == at.Parent() || callee.Fn.Pkg != c.m.Pkg || len(callee.Fn.Blocks) == 0 {
				continue
			}
			if c.acquires(callee, p) {
				return true
			}
		}
	}
	return false
}

// acquires reports whether the call of a function of the package sends,
// on every path through it, on the channel p names in the caller's terms.
func (c *checker) acquires(callee ssax.Callee, p ssax.Path) bool {
	g := callee.Fn
	var exits []*ssa.BasicBlock
	for _, b := range g.Blocks {
		if len(b.Instrs) > 0 {
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
				exits = append(exits, b)
			}
		}
	}
	if len(exits) == 0 {
		return false
	}
	for _, b := range g.Blocks {
		for _, instr := range b.Instrs {
			var ch ssa.Value
			switch x := instr.(type) {
			case *ssa.Send:
				ch = x.Chan
			case *ssa.Select:
				for _, st := range x.States {
					if st.Dir == types.SendOnly {
						ch = st.Chan
					}
				}
			}
			if ch == nil {
				continue
			}
			q, ok := ssax.PathOf(ch)
			if !ok {
				continue
			}
			q, ok = q.Subst(callee.Args, callee.Bindings)
			if !ok || q.Key() != p.Key() {
				continue
			}
			all := true
			for _, r := range exits {
				all = all && b.Dominates(r)
			}
			if all {
				return true
			}
		}
	}
	return false
}

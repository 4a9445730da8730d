package leak

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Cancel obligations of objects. A function that derives a cancellable
// context, keeps its cancel function in the value it returns and starts a
// goroutine that waits on that context hands its caller an obligation:
// call the method that cancels it (Close, Stop, Rollback) when done. A
// caller that drops the value, or returns on some path without calling
// that method, strands the goroutine for as long as the parent context
// lives, which for context.Background() is forever. database/sql's
// transactions are the standard library's case (knowledge.Obligation);
// the package's own constructors are found here.

// obligation is what a caller owes one result of a call.
type obligation struct {
	result int
	// release lists the methods that discharge it.
	release []string
	// ctxArg is the index, in the callee's arguments (receiver
	// included), of the parent context, or -1 when the parent is
	// context.Background.
	ctxArg int
	why    string
}

// obligationOf returns the obligation the callee of call hands its caller.
func (c *checker) obligationOf(call *ssa.Call) (obligation, bool) {
	callee := c.m.Callee(call)
	if callee.Obj != nil {
		if ob, ok := knowledge.LookupObligation(knowledge.Key(callee.Obj)); ok {
			arg := ob.CtxArg
			if arg >= 0 && callee.Obj.Signature().Recv() != nil {
				arg++
			}
			return obligation{result: ob.Result, release: ob.Release, ctxArg: arg, why: ob.Why}, true
		}
	}
	if callee.Fn == nil || c.m.Summary(callee.Fn) == nil {
		return obligation{}, false
	}
	if c.owed == nil {
		c.owed = make(map[*ssa.Function]*obligation)
	}
	ob, seen := c.owed[callee.Fn]
	if !seen {
		ob = c.findObligation(callee.Fn)
		c.owed[callee.Fn] = ob
	}
	if ob == nil {
		return obligation{}, false
	}
	return *ob, true
}

// findObligation finds what fn, a function of this package, hands its
// caller: a result of type *T whose cancel field holds the cancel function
// of a context a goroutine fn starts waits on, and the methods of *T that
// call it.
func (c *checker) findObligation(fn *ssa.Function) *obligation {
	results := fn.Signature.Results()
	for call := range ssax.Calls(fn) {
		ccall, ok := call.(*ssa.Call)
		if !ok {
			continue
		}
		callee := c.m.Callee(ccall)
		if !knowledge.MakesCancel(callee.Obj) || len(ccall.Call.Args) == 0 {
			continue
		}
		ctx, cancel := resultValue(ccall, 0), resultValue(ccall, 1)
		if ctx == nil || cancel == nil {
			continue
		}
		parent := -1
		if !model.IsFreshContext(ccall.Call.Args[0]) {
			p, ok := ccall.Call.Args[0].(*ssa.Parameter)
			if !ok {
				continue // derived from a context of unknown liveness
			}
			parent = slices.Index(fn.Params, p)
		}
		field := storedField(cancel)
		if field == nil {
			continue
		}
		owner := ownerType(field)
		r := -1
		for i := 0; i < results.Len(); i++ {
			if types.Identical(results.At(i).Type(), types.NewPointer(owner)) {
				r = i
			}
		}
		if r < 0 {
			continue
		}
		start := c.waitingGoroutine(fn, ctx, owner)
		if start == nil {
			continue
		}
		release := c.cancellingMethods(owner, field)
		if len(release) == 0 {
			continue // nothing calls it: cancel-not-called's
		}
		why := fmt.Sprintf("the goroutine %s starts (%s) waits on a context only %s cancels", c.name(fn), c.m.Pos(start.pos()), strings.Join(release, " or "))
		return &obligation{result: r, release: release, ctxArg: parent, why: why}
	}
	return nil
}

// storedField returns the field the cancel function is stored in.
func storedField(cancel ssa.Value) *ssa.FieldAddr {
	for _, ref := range *cancel.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Val == cancel {
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
				return fa
			}
		}
	}
	return nil
}

// ownerType returns the named struct type whose field fa selects.
func ownerType(fa *ssa.FieldAddr) types.Type {
	if p, ok := fa.X.Type().Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return fa.X.Type()
}

// waitingGoroutine returns a goroutine fn starts that is handed the
// derived context, or a value of the owner type (which keeps it), and
// observes a context.
func (c *checker) waitingGoroutine(fn *ssa.Function, ctx ssa.Value, owner types.Type) *launch {
	for _, l := range c.launches[fn] {
		if l.summary == nil {
			continue
		}
		for _, v := range append(slices.Clone(l.body.Args), l.body.Bindings...) {
			if v == ctx && l.summary.HonoursCtx {
				return l
			}
			if t, ok := v.Type().Underlying().(*types.Pointer); ok && types.Identical(t.Elem(), owner) && c.observesCtxField(l) {
				return l
			}
		}
	}
	return nil
}

// observesCtxField reports whether the goroutine waits on ctx.Done() of
// a context it reaches (a field of its owner), directly or in the
// functions it calls.
func (c *checker) observesCtxField(l *launch) bool {
	body := l.body.Fn
	if body == nil || c.m.Summary(body) == nil {
		return false
	}
	for f := range c.reach(body) {
		for instr := range ssax.Instrs(f) {
			switch instr := instr.(type) {
			case *ssa.UnOp:
				if instr.Op == token.ARROW && model.IsDoneChan(instr.X) {
					return true
				}
			case *ssa.Select:
				for _, st := range instr.States {
					if model.IsDoneChan(st.Chan) {
						return true
					}
				}
			}
		}
	}
	return false
}

// cancellingMethods returns the names of the methods of *owner that call
// the cancel function kept in the field fa selects, directly or through
// functions they call.
func (c *checker) cancellingMethods(owner types.Type, fa *ssa.FieldAddr) []string {
	key, _ := ssax.PathOf(fa)
	want := key.TypeKey()
	if want == "" {
		return nil
	}
	calls := func(f *ssa.Function) bool {
		for call := range ssax.Calls(f) {
			if load, ok := call.Common().Value.(*ssa.UnOp); ok && load.Op == token.MUL {
				if p, ok := ssax.PathOf(load.X); ok && p.TypeKey() == want {
					return true
				}
			}
		}
		return false
	}
	var out []string
	prog := c.m.Pkg.Prog
	ms := prog.MethodSets.MethodSet(types.NewPointer(owner))
	for i := 0; i < ms.Len(); i++ {
		m := prog.MethodValue(ms.At(i))
		if m == nil || c.m.Summary(m) == nil {
			continue
		}
		for f := range c.reach(m) {
			if calls(f) {
				out = append(out, m.Name())
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// checkObligations reports calls in fn whose obligation fn does not meet.
func (c *checker) checkObligations(fn *ssa.Function) {
	for call := range ssax.PlainCalls(fn) {
		ob, ok := c.obligationOf(call)
		if !ok {
			continue
		}
		callee := c.m.Callee(call)
		parent := "context.Background()"
		if ob.ctxArg >= 0 {
			if ob.ctxArg >= len(callee.Args) || !model.IsFreshContext(callee.Args[ob.ctxArg]) {
				continue // a context that may be cancelled ends the goroutine
			}
			parent = freshName(callee.Args[ob.ctxArg])
		}
		name := callee.Name(c.pass.Pkg)
		methods := strings.Join(ob.release, " or ")
		v := resultValue(call, ob.result)
		if v == nil {
			msg := fmt.Sprintf("the result of %s is dropped, so nothing calls its %s: %s, and its context (from %s) is never cancelled, so it waits forever; keep the result and call %s when done",
				name, methods, ob.why, parent, methods)
			c.report(analysis.Diagnostic{Pos: call.Pos(), Category: catRelease, Message: msg})
			continue
		}
		ret, ok := c.unreleasedReturn(call, v, ob)
		if !ok {
			continue
		}
		spell := c.spellAssigned(fn, call.Pos(), ob.result)
		msg := fmt.Sprintf("%s from %s is not released when %s returns at %s: %s, and its context (from %s) is never cancelled, so it waits forever; defer %s.%s() after checking the error",
			spell, name, c.name(fn), c.m.Pos(exitPos(ret)), ob.why, parent, spell, ob.release[len(ob.release)-1])
		c.report(analysis.Diagnostic{Pos: call.Pos(), Category: catRelease, Message: msg,
			Related: related(ret.Pos(), c.name(fn)+" returns here")})
	}
}

// unreleasedReturn returns a return of the caller reached from the call
// without calling a release method on v, skipping the paths where the
// call's error is not nil; ok is false when v is released on every path,
// or goes somewhere else that may release it.
func (c *checker) unreleasedReturn(call *ssa.Call, v ssa.Value, ob obligation) (ssa.Instruction, bool) {
	releases := make(map[ssa.Instruction]bool)
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef, *ssa.FieldAddr:
			// Reading its fields uses it; it stays here.
		case *ssa.BinOp:
			if ref.Op != token.EQL && ref.Op != token.NEQ {
				return nil, false
			}
		case ssa.CallInstruction:
			common := ref.Common()
			if common.IsInvoke() || len(common.Args) == 0 || common.Args[0] != v || slices.Contains(common.Args[1:], v) {
				return nil, false // handed to a function: it may release it
			}
			callee := c.m.Callee(ref)
			if callee.Obj == nil || callee.Obj.Signature().Recv() == nil {
				return nil, false
			}
			if slices.Contains(ob.release, callee.Obj.Name()) {
				if _, deferred := ref.(*ssa.Defer); deferred {
					return nil, false // released on every path
				}
				releases[ref] = true
			}
		default:
			return nil, false // stored, returned, captured: someone else may release it
		}
	}
	errv := c.errorResult(call)
	failed := func(b *ssa.BasicBlock) []*ssa.BasicBlock {
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok || errv == nil {
			return b.Succs
		}
		bin, ok := iff.Cond.(*ssa.BinOp)
		if !ok || !(bin.X == errv && isNil(bin.Y) || bin.Y == errv && isNil(bin.X)) {
			return b.Succs
		}
		if bin.Op == token.NEQ {
			return b.Succs[1:] // the true edge: the call failed, there is nothing to release
		}
		return b.Succs[:1]
	}
	stop := func(in ssa.Instruction) bool { return releases[in] || c.m.NoReturn(in) }
	// Search from just after the call.
	b := call.Block()
	rest := b.Instrs[indexIn(call)+1:]
	for _, in := range rest {
		if stop(in) {
			return nil, false
		}
		if ret, ok := in.(*ssa.Return); ok {
			return ret, true
		}
	}
	for _, s := range failed(b) {
		if ret := ssax.ReachedReturn(s, stop, failed); ret != nil {
			return ret, true
		}
	}
	return nil, false
}

// errorResult returns the call's error result, when its last result is an
// error.
func (c *checker) errorResult(call *ssa.Call) ssa.Value {
	tuple, ok := call.Type().(*types.Tuple)
	if !ok || tuple.Len() < 2 {
		return nil
	}
	last := tuple.Len() - 1
	if ssax.TypeString(tuple.At(last).Type()) != "error" {
		return nil
	}
	return resultValue(call, last)
}

// freshName spells a context that is never cancelled.
func freshName(v ssa.Value) string {
	if call, ok := v.(*ssa.Call); ok {
		if fn := call.Call.StaticCallee(); fn != nil {
			return "context." + fn.Name() + "()"
		}
	}
	return "context.Background()"
}

func isNil(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.IsNil()
}

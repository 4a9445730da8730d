package ssax

import "golang.org/x/tools/go/ssa"

// go/ssa builds the body of a range-over-func loop
//
//	for v := range seq { body }
//
// as a synthetic closure (the yield function) that the enclosing function
// creates and passes to the iterator: seq(yield). The body is the
// enclosing function's own code: it runs during that call, on the same
// goroutine, with the locks the enclosing function holds at the loop, on
// the same request path, and it is named after the enclosing function in
// messages.

// IsRangeBody reports whether fn is the body of a range-over-func loop.
func IsRangeBody(fn *ssa.Function) bool {
	return fn != nil && fn.Synthetic == "range-over-func yield"
}

// RangeLoop returns the call of the iterator that runs the range-over-func
// body fn, in the enclosing function, and the closure passed to it, whose
// bindings are fn's free variables. ok is false when fn is not a loop body
// or the call is not found.
func RangeLoop(fn *ssa.Function) (call *ssa.Call, closure *ssa.MakeClosure, ok bool) {
	if !IsRangeBody(fn) || fn.Parent() == nil {
		return nil, nil, false
	}
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			mc, isClosure := instr.(*ssa.MakeClosure)
			if !isClosure || mc.Fn != fn {
				continue
			}
			for _, ref := range *mc.Referrers() {
				if c, isCall := ref.(*ssa.Call); isCall && len(c.Call.Args) == 1 && c.Call.Args[0] == mc {
					return c, mc, true
				}
			}
		}
	}
	return nil, nil, false
}

// RangeBodies returns the range-over-func bodies that call runs: the
// closure it passes when it is the iterator call of a loop.
func RangeBodies(call ssa.CallInstruction) []*ssa.Function {
	var out []*ssa.Function
	for _, a := range call.Common().Args {
		if mc, ok := a.(*ssa.MakeClosure); ok {
			if fn, ok := mc.Fn.(*ssa.Function); ok && IsRangeBody(fn) {
				out = append(out, fn)
			}
		}
	}
	return out
}

// EnclosingFunc returns the function whose code fn is: fn itself, or for
// a range-over-func body, the function that contains the loop.
func EnclosingFunc(fn *ssa.Function) *ssa.Function {
	for IsRangeBody(fn) && fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn
}

// Into rewrites a path of the function that creates closure into the
// closure's terms: a path through a value the closure captures becomes a
// path through the free variable. Global paths are returned unchanged. ok
// is false when the closure cannot name the path.
func (p Path) Into(closure *ssa.MakeClosure) (Path, bool) {
	if p.Root == RootGlobal {
		return p, true
	}
	fn, _ := closure.Fn.(*ssa.Function)
	if fn == nil {
		return Path{}, false
	}
	for i, b := range closure.Bindings {
		base, ok := PathOf(b)
		if !ok || i >= len(fn.FreeVars) || !base.prefixOf(p) {
			continue
		}
		out := Path{Root: RootFreeVar, Index: i, Name: fn.FreeVars[i].Name()}
		out.Fields = append([]Field(nil), p.Fields[len(base.Fields):]...)
		return out, true
	}
	return Path{}, false
}

// prefixOf reports whether p names a value that q selects from.
func (p Path) prefixOf(q Path) bool {
	if p.Root != q.Root || p.Index != q.Index || p.ID != q.ID || len(p.Fields) > len(q.Fields) {
		return false
	}
	for i, f := range p.Fields {
		g := q.Fields[i]
		if f.Name != g.Name || f.Owner != g.Owner || f.Key != g.Key {
			return false
		}
	}
	return true
}

package ssax

import (
	"iter"

	"golang.org/x/tools/go/ssa"
)

// The walks every rule would otherwise write again: "for each instruction
// of the function", "for each call in the function".

// Instrs yields the instructions of fn, block by block.
func Instrs(fn *ssa.Function) iter.Seq[ssa.Instruction] {
	return func(yield func(ssa.Instruction) bool) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if !yield(instr) {
					return
				}
			}
		}
	}
}

// Calls yields the call instructions of fn: calls, go and defer
// statements.
func Calls(fn *ssa.Function) iter.Seq[ssa.CallInstruction] {
	return func(yield func(ssa.CallInstruction) bool) {
		for instr := range Instrs(fn) {
			if call, ok := instr.(ssa.CallInstruction); ok && !yield(call) {
				return
			}
		}
	}
}

// PlainCalls yields the *ssa.Call instructions of fn: the calls that run
// to completion where they stand, not go or defer statements.
func PlainCalls(fn *ssa.Function) iter.Seq[*ssa.Call] {
	return func(yield func(*ssa.Call) bool) {
		for instr := range Instrs(fn) {
			if call, ok := instr.(*ssa.Call); ok && !yield(call) {
				return
			}
		}
	}
}

// Before yields the instructions of instr's function that run before it
// on every path to it: those of the blocks that dominate its block, and
// those before it in its own block.
func Before(instr ssa.Instruction) iter.Seq[ssa.Instruction] {
	return func(yield func(ssa.Instruction) bool) {
		at := instr.Block()
		for _, b := range instr.Parent().Blocks {
			if !b.Dominates(at) {
				continue
			}
			for _, in := range b.Instrs {
				if in == instr {
					break
				}
				if !yield(in) {
					return
				}
			}
		}
	}
}

// Reaches reports whether a path of at least one edge leads from block a
// to block b (Reaches(b, b): b is in a loop).
func Reaches(a, b *ssa.BasicBlock) bool {
	seen := make(map[*ssa.BasicBlock]bool)
	stack := append([]*ssa.BasicBlock(nil), a.Succs...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return true
		}
		if seen[x] {
			continue
		}
		seen[x] = true
		stack = append(stack, x.Succs...)
	}
	return false
}

// Reachable returns the blocks reached from b by one edge or more of next
// (b itself only when it is on a cycle): with Succs, the blocks that may
// run after b; with Preds, those that may run before it.
func Reachable(b *ssa.BasicBlock, next func(*ssa.BasicBlock) []*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	seen := make(map[*ssa.BasicBlock]bool)
	work := append([]*ssa.BasicBlock(nil), next(b)...)
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		work = append(work, next(x)...)
	}
	return seen
}

// LoopOf returns the blocks on a cycle through b, b included, or nil when
// b is on none.
func LoopOf(b *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	from := Reachable(b, Succs)
	if !from[b] {
		return nil
	}
	to := Reachable(b, Preds)
	for x := range from {
		if !to[x] {
			delete(from, x)
		}
	}
	return from
}

// Succs returns the successors of b, for Reachable.
func Succs(b *ssa.BasicBlock) []*ssa.BasicBlock { return b.Succs }

// Preds returns the predecessors of b, for Reachable.
func Preds(b *ssa.BasicBlock) []*ssa.BasicBlock { return b.Preds }

// SliceElems returns the values stored into the array behind sl, a slice
// of a local array (the ...T slice a variadic call builds), in the order
// of the array's referrers.
func SliceElems(sl *ssa.Slice) []ssa.Value {
	alloc, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	var out []ssa.Value
	for _, ref := range *alloc.Referrers() {
		ia, ok := ref.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		for _, r := range *ia.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == ia {
				out = append(out, st.Val)
			}
		}
	}
	return out
}

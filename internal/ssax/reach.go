package ssax

import "golang.org/x/tools/go/ssa"

// ReturnReachable reports whether a return of fn is reachable from its
// entry without passing an instruction accepted by stop (a call that never
// returns, an operation the caller is looking for). succs, when not nil,
// chooses which successors of a block the search follows (to treat an edge
// as never taken).
func ReturnReachable(fn *ssa.Function, stop func(ssa.Instruction) bool, succs func(*ssa.BasicBlock) []*ssa.BasicBlock) bool {
	if len(fn.Blocks) == 0 {
		return false
	}
	return ReturnReachableFrom(fn.Blocks[0], stop, succs)
}

// ReturnReachableFrom is ReturnReachable from the start of block start.
func ReturnReachableFrom(start *ssa.BasicBlock, stop func(ssa.Instruction) bool, succs func(*ssa.BasicBlock) []*ssa.BasicBlock) bool {
	return ReachedReturn(start, stop, succs) != nil
}

// ReachedReturn returns a return instruction reachable from the start of
// block start as ReturnReachable searches, or nil.
func ReachedReturn(start *ssa.BasicBlock, stop func(ssa.Instruction) bool, succs func(*ssa.BasicBlock) []*ssa.BasicBlock) *ssa.Return {
	seen := make(map[*ssa.BasicBlock]bool)
	stack := []*ssa.BasicBlock{start}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		live := true
		for _, instr := range b.Instrs {
			if stop(instr) {
				live = false
				break
			}
			if ret, ok := instr.(*ssa.Return); ok {
				return ret
			}
		}
		if !live {
			continue
		}
		if succs != nil {
			stack = append(stack, succs(b)...)
		} else {
			stack = append(stack, b.Succs...)
		}
	}
	return nil
}

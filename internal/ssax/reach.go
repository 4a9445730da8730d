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
	seen := make(map[*ssa.BasicBlock]bool)
	stack := []*ssa.BasicBlock{fn.Blocks[0]}
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
			if _, ok := instr.(*ssa.Return); ok {
				return true
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
	return false
}

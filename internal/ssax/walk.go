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

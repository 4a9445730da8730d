package lockawait

import (
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// Locking every shard in one loop and unlocking them in another
//
//	for i := range m.shards { m.shards[i].mu.Lock() }
//	...
//	for i := range m.shards { m.shards[i].mu.Unlock() }
//
// leaves "m.shards[i].mu" held at the end of each iteration of the first
// loop, yet the next iteration locks another shard: the index changes.
// Access paths name the element by its index value, which is the same SSA
// value (the loop's counter) on every iteration, so the lock-leak rule asks
// whether the index varies with the loop before calling the lock the same.

// variesByIteration reports whether the lock value v, locked in block at,
// selects an element by an index defined in a loop around at: on the next
// iteration the same path names another element.
func variesByIteration(v ssa.Value, at *ssa.BasicBlock) bool {
	for depth := 0; v != nil && depth < 8; depth++ {
		switch x := v.(type) {
		case *ssa.IndexAddr:
			if inLoopWith(x.Index, at) {
				return true
			}
			v = x.X
		case *ssa.Index:
			if inLoopWith(x.Index, at) {
				return true
			}
			v = x.X
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.Field:
			v = x.X
		case *ssa.UnOp:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		default:
			return false
		}
	}
	return false
}

// inLoopWith reports whether the value v is computed in a block that lies
// on a cycle through b: it may change between two visits of b.
func inLoopWith(v ssa.Value, b *ssa.BasicBlock) bool {
	instr, ok := v.(ssa.Instruction)
	if !ok || instr.Block() == nil {
		return false // a constant, parameter or global: the same every time
	}
	def := instr.Block()
	return ssax.Reaches(def, b) && ssax.Reaches(b, def)
}

// shardLoop reports whether the Lock call instr locks an element chosen by
// an index that changes with the loop around it.
func (c *checker) shardLoop(instr ssa.Instruction) bool {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	callee := c.m.Callee(call)
	return len(callee.Args) > 0 && variesByIteration(callee.Args[0], instr.Block())
}

package blocking

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A send to a goroutine that serves a channel in a loop (a hub's register
// channel, a worker's job queue) waits only until the loop comes round,
// when nothing in the loop itself can hold it up: such a wait ends in
// moments and no maintainer would add a cancellation case to it. The send
// is judged by its answerer: a loop, in a goroutine of the package, that
// receives from the same channel (the same field of the same type) and
// does nothing else that may block without observing a cancellation. A
// loop that sleeps, does I/O or sends to someone else per item can keep
// the request waiting, and the send is reported with the reason.
//
// TODO(blocking): answerers in other packages need the model's answerer
// facts; until then a send whose receiver is in another package is judged
// by its shape alone.

// servedBy reports, for a send on ch, whether a serving loop of the
// package receives from the same channel (known), and when one does,
// whether it answers promptly; why names what may hold it up.
func (c *checker) servedBy(ch ssa.Value) (prompt, known bool, why string) {
	p, ok := ssax.PathOf(ch)
	if !ok || len(p.Fields) == 0 {
		return false, false, ""
	}
	key := p.TypeKey()
	if key == "" {
		return false, false, ""
	}
	if r, ok := c.served[key]; ok {
		return r.prompt, r.known, r.why
	}
	defer func() { c.served[key] = servedResult{prompt, known, why} }()
	for _, fn := range c.m.Funcs {
		if !c.startedAsGoroutine(fn) {
			continue
		}
		for instr := range ssax.Instrs(fn) {
			if !receivesFrom(instr, key) || !inLoop(instr.Block()) {
				continue
			}
			known = true
			if w := c.holdsUp(fn, instr.Block()); w != "" {
				return false, true, "the loop that receives from it at " + c.m.Pos(instr.Pos()) + ", which may block: " + w
			}
			prompt = true
		}
	}
	return prompt, known, ""
}

// servedResult memoises servedBy by channel identity.
type servedResult struct {
	prompt, known bool
	why           string
}

// receivesFrom reports whether instr receives from a channel whose field
// identity is key (a receive, a range, or a select case).
func receivesFrom(instr ssa.Instruction, key string) bool {
	same := func(ch ssa.Value) bool {
		q, ok := ssax.PathOf(ch)
		return ok && q.TypeKey() == key
	}
	switch x := instr.(type) {
	case *ssa.UnOp:
		return x.Op == token.ARROW && same(x.X)
	case *ssa.Select:
		for _, st := range x.States {
			if st.Dir == types.RecvOnly && same(st.Chan) {
				return true
			}
		}
	}
	return false
}

// startedAsGoroutine reports whether the package starts fn with a go
// statement.
func (c *checker) startedAsGoroutine(fn *ssa.Function) bool {
	if c.goroutines == nil {
		c.goroutines = make(map[*ssa.Function]bool)
		for _, g := range c.m.Funcs {
			for instr := range ssax.Instrs(g) {
				if gs, ok := instr.(*ssa.Go); ok {
					if f := c.m.Callee(gs).Fn; f != nil {
						c.goroutines[ssax.Origin(f)] = true
					}
				}
			}
		}
	}
	return c.goroutines[fn]
}

// inLoop reports whether block b is on a cycle of its function.
func inLoop(b *ssa.BasicBlock) bool { return ssax.Reaches(b, b) }

// loopOf returns the blocks on a cycle through b: those b reaches that
// reach b.
func loopOf(b *ssa.BasicBlock) []*ssa.BasicBlock {
	from := ssax.Reachable(b, ssax.Succs)
	to := ssax.Reachable(b, ssax.Preds)
	var out []*ssa.BasicBlock
	for x := range from {
		if to[x] {
			out = append(out, x)
		}
	}
	if !from[b] {
		return nil // b is not on a cycle
	}
	return out
}

// holdsUp returns the first operation in the loop through block b of fn
// that may block without observing a cancellation, besides waiting for
// the next item (receives, and selects of receives only), or "".
func (c *checker) holdsUp(fn *ssa.Function, b *ssa.BasicBlock) string {
	for _, lb := range loopOf(b) {
		for _, instr := range lb.Instrs {
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			if op, ok := c.m.DirectOp(instr); ok {
				if op.Cancellable || op.RequestIO || op.Kind == knowledge.File || waitsForWork(instr) {
					continue
				}
				return op.What + " (" + c.m.Pos(instr.Pos()) + ")"
			}
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			callee := c.m.Callee(call)
			if w := c.m.CalleeSummary(callee).Blocking(c.unboundedWitness); w != nil {
				return callee.Name(c.pass.Pkg) + " → " + w.Trace()
			}
		}
	}
	return ""
}

// waitsForWork reports whether instr only receives: a serving loop waiting
// for its next item.
func waitsForWork(instr ssa.Instruction) bool {
	switch x := instr.(type) {
	case *ssa.UnOp:
		return x.Op == token.ARROW
	case *ssa.Select:
		for _, st := range x.States {
			if st.Dir != types.RecvOnly {
				return false
			}
		}
		return true
	}
	return false
}

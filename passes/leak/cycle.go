package leak

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A wait-for cycle of two loops. Loop A is the only receiver of channel X
// and, while handling a value, sends on Y with a bare send; loop B is the
// only receiver of Y and, while handling a value, sends on X. When both
// send at once, each waits for the other to come back to its receive:
// neither does. (A buffer only postpones this until both buffers are
// full.) The cycle of a mutex and a channel is lockawait's.

// checkWaitCycles reports fn's bare sends that close such a cycle.
func (c *checker) checkWaitCycles(fn *ssa.Function) {
	for instr := range ssax.Instrs(fn) {
		send, ok := instr.(*ssa.Send)
		if !ok {
			continue
		}
		if _, blocks := c.m.DirectOp(send); !blocks {
			continue
		}
		c.checkCycleAt(fn, send)
	}
}

// checkCycleAt looks for the cycle through the send of loop A (fn) on Y.
func (c *checker) checkCycleAt(a *ssa.Function, sendY *ssa.Send) {
	xs := c.loopReceives(a, sendY) // the channels A's loop receives from around the send
	if len(xs) == 0 {
		return
	}
	y, ok := c.sharedChan(sendY.Chan)
	if !ok {
		return
	}
	b, ok := soleReceiver(y)
	if !ok || b == a {
		return
	}
	for _, x := range xs {
		if !onlyReceiver(x, a) {
			continue
		}
		for _, op := range x.Ops {
			if !op.Sends() || op.Fn != b || op.Select != nil {
				continue
			}
			sendX, ok := op.Instr.(*ssa.Send)
			if !ok {
				continue
			}
			if _, blocks := c.m.DirectOp(sendX); !blocks {
				continue
			}
			if !c.insideReceivingLoop(b, sendX, y) {
				continue
			}
			if sendX.Pos() < sendY.Pos() && c.pass.Fset.File(sendX.Pos()) == c.pass.Fset.File(sendY.Pos()) {
				continue // one report per cycle, at the first send
			}
			yName, xName := spellOperand(c, sendY), spellOperand(c, sendX)
			msg := fmt.Sprintf("send on %s can deadlock: %s receives from %s and sends on %s here, while %s, the only receiver of %s, sends on %s (%s) and only %s receives from it; when both send at once neither gets back to its receive; make one of the sends a select that also hands the value off elsewhere, or move one of them to a goroutine of its own",
				yName, c.name(a), xName, yName, c.name(b), yName, xName, c.m.Pos(sendX.Pos()), c.name(a))
			c.reportNew(analysis.Diagnostic{Pos: sendY.Pos(), Category: catCycle, Message: msg,
				Related: related(sendX.Pos(), "the other send of the cycle")})
			return
		}
	}
}

// loopReceives returns the shared channels that fn receives from in the
// loop that contains at: the values at handles came from them.
func (c *checker) loopReceives(fn *ssa.Function, at ssa.Instruction) []model.Object {
	l := c.loopsOf(fn).innermost(at.Block(), nil)
	if l == nil {
		return nil
	}
	var out []model.Object
	seen := make(map[string]bool)
	for instr := range ssax.Instrs(fn) {
		if !l.blocks[instr.Block()] {
			continue
		}
		var chans []ssa.Value
		switch instr := instr.(type) {
		case *ssa.UnOp:
			if instr.Op == token.ARROW {
				chans = append(chans, instr.X)
			}
		case *ssa.Select:
			for _, st := range instr.States {
				chans = append(chans, st.Chan)
			}
		}
		for _, ch := range chans {
			if o, ok := c.sharedChan(ch); ok && !seen[o.ID] {
				seen[o.ID] = true
				out = append(out, o)
			}
		}
	}
	return out
}

// soleReceiver returns the one function that receives from o.
func soleReceiver(o model.Object) (*ssa.Function, bool) {
	var fn *ssa.Function
	for _, op := range o.Ops {
		if !op.Receives() {
			continue
		}
		if fn != nil && op.Fn != fn {
			return nil, false
		}
		fn = op.Fn
	}
	return fn, fn != nil
}

// onlyReceiver reports whether fn is the only function receiving from o.
func onlyReceiver(o model.Object, fn *ssa.Function) bool {
	r, ok := soleReceiver(o)
	return ok && r == fn
}

// insideReceivingLoop reports whether instr, in fn, is in a loop of fn
// that receives from y.
func (c *checker) insideReceivingLoop(fn *ssa.Function, instr ssa.Instruction, y model.Object) bool {
	for _, o := range c.loopReceives(fn, instr) {
		if o.Same(y) {
			return true
		}
	}
	return false
}

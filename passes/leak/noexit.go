package leak

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// checkNoExit reports goroutines whose loop has no way out, started by a
// function that can run more than once.
func (c *checker) checkNoExit(fn *ssa.Function) {
	for _, l := range c.launches[fn] {
		if knowledge.SpawnsPerFiring(l.spawner) {
			continue // a timer's function runs once per firing
		}
		if c.startsOnce(fn, l.instr) {
			continue // a goroutine for the life of the program
		}
		if c.documentedForever(fn, l.pos()) {
			continue
		}
		wait, ok := c.endlessWait(l)
		if !ok {
			continue
		}
		msg := fmt.Sprintf("goroutine running %s never exits: its loop has no return, no break and no case that observes cancellation, and it waits in %s forever; %s: add a quit channel or ctx.Done() case that returns",
			l.body.Name(c.pass.Pkg), wait, whyAgain(fn))
		c.report(analysis.Diagnostic{Pos: l.pos(), Category: catNoExit, Message: msg})
	}
}

// endlessWait reports whether the goroutine l runs can never return and
// waits for other goroutines or timers while it loops, and names the wait.
// Loops that only wait for I/O (accept loops, connection readers) are left
// alone: closing the listener or connection is how they are stopped.
func (c *checker) endlessWait(l *launch) (string, bool) {
	body := l.body.Fn
	if body == nil || c.m.Summary(body) == nil {
		// A function of another package: trust its summary.
		s := l.summary
		if s == nil || !s.NeverReturns {
			return "", false
		}
		w := s.Blocking(func(w model.Witness) bool { return !w.Kind.IsIO() && !w.Cancellable })
		if w == nil || s.Blocking(func(w model.Witness) bool { return w.Kind.IsIO() }) != nil {
			return "", false
		}
		return w.Trace(), true
	}
	if body.Recover != nil || c.returns(body) {
		return "", false
	}
	li := c.loopsOf(body)
	var wait string
	for _, b := range body.Blocks {
		if !li.inAnyLoop(b) {
			continue
		}
		for _, instr := range b.Instrs {
			if op, ok := c.m.DirectOp(instr); ok {
				if op.Kind.IsIO() {
					return "", false
				}
				if wait == "" && !op.Cancellable {
					wait = fmt.Sprintf("%s (%s)", op.What, c.m.Pos(instr.Pos()))
				}
				continue
			}
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			s := c.m.CalleeSummary(c.m.Callee(call))
			if s.Blocking(func(w model.Witness) bool { return w.Kind.IsIO() }) != nil {
				return "", false
			}
			if w := s.Blocking(func(w model.Witness) bool { return !w.Cancellable }); w != nil && wait == "" {
				wait = fmt.Sprintf("%s → %s", c.m.Callee(call).Name(c.pass.Pkg), w.Trace())
			}
		}
	}
	return wait, wait != ""
}

// returns reports whether fn can return: a return is reachable without
// passing a call that never returns, counting a range over a timer's
// channel (which is never closed) as endless.
func (c *checker) returns(fn *ssa.Function) bool {
	return ssax.ReturnReachable(fn, c.m.NoReturn, func(b *ssa.BasicBlock) []*ssa.BasicBlock {
		if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && closedTimerEdge(iff) {
			return b.Succs[:1] // the channel is never closed
		}
		return b.Succs
	})
}

// closedTimerEdge reports whether iff branches on the ok of a receive from
// a timer's channel (the loop test of a range over ticker.C).
func closedTimerEdge(iff *ssa.If) bool {
	ex, ok := iff.Cond.(*ssa.Extract)
	if !ok || ex.Index != 1 {
		return false
	}
	recv, ok := ex.Tuple.(*ssa.UnOp)
	return ok && recv.CommaOk && model.IsTimerChan(recv.X)
}

package lockawait

import (
	"fmt"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/lockset"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A function passed as a callback (withLock(func() {...}), forEach(f))
// runs inside the call it is passed to. Its waits are the call's waits, and
// when the callee holds a lock while calling it, they happen under that
// lock. I/O is left out here: whether a lock exists to serialise the I/O
// its callback does cannot be judged from the helper's critical section,
// which only calls a function value.

// callbackWaits reports whether a callback wait of kind k is reported.
func (c *checker) callbackWaits(w model.Witness) bool {
	if w.Kind == knowledge.Sleep && len(w.Chain) > maxIOChain {
		return false // as for a call: sleeps deep below are seldom the point
	}
	return c.counts(w.Kind) && !w.Kind.IsIO() && !w.ReleasesUnknown
}

// callbackBlocking classifies a call that blocks only through a function
// it passes as a callback.
func (c *checker) callbackBlocking(call *ssa.Call, callee ssax.Callee, s *model.Summary) (candidate, bool) {
	for _, pf := range c.m.PassedFuncs(callee, s) {
		w := c.m.Summary(pf.Fn).Blocking(c.callbackWaits)
		if w == nil {
			continue
		}
		rel := ssax.SubstAll(w.Releases, pf.Args, pf.Bindings)
		name := c.callName(call, callee.Name(c.pass.Pkg))
		trace := ssax.FuncDisplayName(pf.Fn) + " → " + w.Trace()
		cand := candidate{kind: w.Kind, category: catCall, what: name, trace: trace, releases: rel, origin: w.Pos + " " + w.What}
		if w.Kind == knowledge.Channel || w.Kind == knowledge.SyncWait {
			cand.answer, cand.hasAnswer, cand.waitKind = w.Answer, true, witnessWaitKind(*w)
		}
		return cand, true
	}
	return candidate{}, false
}

// checkCallbacks reports the calls of fn that pass a function to a callee
// which calls it while holding a lock, when the function waits or takes
// that lock again. A call already reported (for a lock fn itself holds)
// gets no second report.
func (c *checker) checkCallbacks(fn *ssa.Function, reported map[token.Pos]bool) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || !call.Pos().IsValid() || reported[call.Pos()] {
				continue
			}
			callee := c.m.Callee(call)
			for _, pf := range c.m.PassedFuncs(callee, c.m.CalleeSummary(callee)) {
				if c.checkCallback(call, callee, pf) {
					break
				}
			}
		}
	}
}

// checkCallback reports pf, passed at call, if it waits or locks again
// while the callee holds a lock around it. It returns whether it reported.
func (c *checker) checkCallback(call *ssa.Call, callee ssax.Callee, pf model.PassedFunc) bool {
	s := c.m.Summary(pf.Fn)
	if s == nil || len(pf.Callback.Held) == 0 {
		return false
	}
	calleeName := c.callName(call, callee.Name(c.pass.Pkg))
	lit := ssax.FuncDisplayName(pf.Fn)
	if pf.Fn.Parent() != nil {
		lit = "the func literal"
	}
	for _, h := range pf.Callback.Held {
		lock, ok := h.Lock.Subst(callee.Args, callee.Bindings)
		if !ok {
			continue
		}
		name := lock.Describe()
		// Taking the same lock again inside the callback.
		for _, l := range s.Locks {
			p, ok := pf.Subst(l.Lock)
			if !ok || p.Key() != lock.Key() {
				continue
			}
			cat, how, why := catDouble, "locks", "which deadlocks"
			if l.Read && h.Read {
				cat, how, why = catRecRLock, "read-locks", "and a writer waiting in between deadlocks both"
			}
			c.r.Report(analysis.Diagnostic{
				Pos: call.Pos(), Category: cat,
				Message: fmt.Sprintf("%s passed to %s %s %s (at %s), which %s already holds while calling it (locked at %s), %s; take the lock outside the callback or do not lock inside it",
					lit, calleeName, how, name, l.Pos, calleeName, h.Pos, why),
			})
			return true
		}
		// Waiting inside the callback, judged as a wait under the
		// helper's lock is judged anywhere (waits.go).
		held := lockset.Held{Key: lock.Key(), Lock: lock}
		w := s.Blocking(func(w model.Witness) bool {
			if !c.callbackWaits(w) {
				return false
			}
			if slices.ContainsFunc(w.Releases, func(p ssax.Path) bool {
				q, ok := pf.Subst(p)
				return ok && q.Key() == lock.Key()
			}) {
				return false
			}
			cand := candidate{kind: w.Kind, io: w.Kind.IsIO(), answer: w.Answer,
				hasAnswer: w.Kind == knowledge.Channel || w.Kind == knowledge.SyncWait}
			return c.judge(call.Parent(), cand, held) != notReported
		})
		if w == nil {
			continue
		}
		c.r.Report(analysis.Diagnostic{
			Pos: call.Pos(), Category: callbackCategory(w),
			Message: fmt.Sprintf("%s holds %s (locked at %s) while it calls %s passed here, which may block: %s; do the waiting outside the callback",
				calleeName, name, h.Pos, lit, w.Trace()),
		})
		return true
	}
	return false
}

// callbackCategory files a wait inside a callback under the category of the
// operation it comes down to.
func callbackCategory(w *model.Witness) string {
	switch w.Kind {
	case knowledge.Sleep:
		return catSleep
	case knowledge.SyncWait:
		return catWait
	case knowledge.Channel:
		return catCall
	}
	return catCall
}

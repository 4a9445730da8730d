package lockawait

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/lockset"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Unlocking a mutex that is not locked is a fatal error ("sync: unlock of
// unlocked mutex"), not a panic a recover can catch. The usual way in is an
// early Unlock on a path that also has a deferred Unlock, or a second
// Unlock after a refactoring. Only locks the function itself acquired are
// judged: releasing a lock the caller holds is what unlock helpers do.

// checkDoubleUnlock reports, at instr, an Unlock of a lock that every path
// to instr has already released since acquiring it, and that no path
// holds.
func (c *checker) checkDoubleUnlock(instr ssa.Instruction, st *lockset.State) {
	if _, deferred := instr.(*ssa.Defer); deferred {
		return
	}
	for _, e := range c.m.Effects(instr) {
		if e.Kind != lockset.Release || e.Via != "" {
			continue
		}
		key := e.Lock.Key()
		if _, may := st.MayHold(key); may {
			continue
		}
		// Both releases must be plain Unlock calls of the same kind: a
		// callee that releases a lock may take it again on some path
		// (its summary cannot say which), and a read lock and a write
		// lock of one RWMutex are not told apart by the lockset.
		first, ok := st.WasUnlocked(key)
		if !ok || first.Via != "" || first.Read != e.Read {
			continue
		}
		name := c.spellLock(first)
		c.r.Report(analysis.Diagnostic{
			Pos: instr.Pos(), Category: catUnlock,
			Message: fmt.Sprintf("%s is unlocked again, already unlocked at %s with no Lock in between: unlocking an unlocked mutex is a fatal error; drop one of the two",
				name, c.m.Pos(first.Pos)),
			Related: related(first.Pos, name+" unlocked here"),
		})
	}
}

// checkDeferredDoubleUnlock reports an explicit Unlock on a path out of fn
// where a deferred Unlock of the same lock (defer mu.Unlock()) runs again
// at the return.
func (c *checker) checkDeferredDoubleUnlock(fn *ssa.Function, ls *lockset.Result) {
	type deferred struct {
		at   *ssa.Defer
		read bool // RUnlock
	}
	deferredAt := make(map[string]deferred)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			// Only a plain defer mu.Unlock(): a deferred closure may
			// check a flag before unlocking.
			callee := c.m.Callee(d)
			if callee.Obj == nil || len(callee.Args) == 0 {
				continue
			}
			switch op := knowledge.LookupLock(callee.Obj); op {
			case knowledge.Release, knowledge.RRelease:
				if p, ok := ssax.PathOf(callee.Args[0]); ok {
					deferredAt[p.Key()] = deferred{d, op == knowledge.RRelease}
				}
			}
		}
	}
	if len(deferredAt) == 0 {
		return
	}
	reported := make(map[string]bool)
	for ret, st := range ls.Returns() {
		for key, d := range deferredAt {
			if !st.IsDeferred(key) || reported[key] {
				continue
			}
			if _, may := st.MayHold(key); may {
				continue
			}
			first, ok := st.WasUnlocked(key)
			if !ok || first.Via != "" || first.Read != d.read {
				continue
			}
			reported[key] = true
			name := c.spellLock(first)
			c.r.Report(analysis.Diagnostic{
				Pos: first.Pos, Category: catUnlock,
				Message: fmt.Sprintf("%s is unlocked here, and the deferred %s.Unlock (at %s) unlocks it again when %s returns at %s: unlocking an unlocked mutex is a fatal error; lock it again before returning, or drop the defer",
					name, name, c.m.Pos(d.at.Pos()), ssax.FuncDisplayName(fn), c.m.Pos(exitPos(fn, ret))),
				Related: related(d.at.Pos(), "deferred here"),
			})
		}
	}
}

// exitPos returns the position of ret, or the end of fn for an implicit
// return.
func exitPos(fn *ssa.Function, ret *ssa.Return) token.Pos {
	if ret.Pos().IsValid() {
		return ret.Pos()
	}
	return endOf(fn)
}

package lockawait

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/lockset"
)

// A lock taken under a condition and released under the same condition
//
//	if !locked { s.mu.Lock() }
//	...
//	if !locked { s.mu.Unlock() }
//
// is held at the return on no path, although a path-insensitive lockset
// sees one branch that locks and another that skips the unlock. The
// branches are correlated when both test the same SSA value (go/ssa never
// changes a value, so a variable assigned in between would be a different
// one), with the same polarity once negations are peeled off.

// guard is the condition under which a block runs: cond is true (or false,
// when negated) on the edge into the block.
type guard struct {
	cond    ssa.Value
	negated bool
}

// guardOf returns the condition that b's only way in tests, when b is
// entered through one edge of an If (directly, or through blocks it
// dominates).
func guardOf(b *ssa.BasicBlock) (guard, bool) {
	for x := b; x != nil; x = x.Idom() {
		if len(x.Preds) != 1 {
			continue
		}
		p := x.Preds[0]
		iff, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
		if !ok || p.Succs[0] == p.Succs[1] {
			continue
		}
		g := guard{cond: iff.Cond, negated: p.Succs[1] == x}
		for {
			not, ok := g.cond.(*ssa.UnOp)
			if !ok || not.Op != token.NOT {
				break
			}
			g.cond, g.negated = not.X, !g.negated
		}
		return g, true
	}
	return guard{}, false
}

// correlatedRelease reports whether the releases of the lock h cover the
// paths a path-insensitive lockset thinks skip them: h was acquired under a
// condition and is released under the same condition, or it is released
// under a condition and under its negation.
func (c *checker) correlatedRelease(ls *lockset.Result, h lockset.Held) bool {
	var acq *guard
	if h.Site >= 0 && h.Site < len(ls.Sites) {
		if g, ok := guardOf(ls.Sites[h.Site].Block()); ok {
			acq = &g
		}
	}
	var rels []guard
	ls.Walk(func(instr ssa.Instruction, st *lockset.State) {
		if _, deferred := instr.(*ssa.Defer); deferred {
			return
		}
		for _, e := range c.m.Effects(instr) {
			if e.Kind != lockset.Release || e.Lock.Key() != h.Key {
				continue
			}
			if g, ok := guardOf(instr.Block()); ok {
				rels = append(rels, g)
			}
		}
	})
	for i, r := range rels {
		if acq != nil && r == *acq {
			return true
		}
		for _, q := range rels[i+1:] {
			if q.cond == r.cond && q.negated != r.negated {
				return true
			}
		}
	}
	return false
}

package leak

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// serve is what an operation of the owner does for the goroutines waiting
// on its channel: serve one of them (a receive for a sender, a send for a
// receiver), or all of them (a close, a drain until closed).
type serve int

const (
	serveOne serve = iota + 1
	serveAll
)

// events are the operations of the owner that serve the goroutines on one
// channel.
type events struct {
	at map[ssa.Instruction]serve
	// cases are the blocks that test for a select case that serves:
	// the case is entered by their true edge. (A case with an empty
	// body has no block of its own: go/ssa sends its edge straight to
	// the select's join block, which the other cases reach too.)
	cases map[*ssa.BasicBlock]serve
	// otherCases are the blocks that test for the other cases of those
	// selects, with the select's position.
	otherCases map[*ssa.BasicBlock]token.Pos
	// okExits are branches on the ok of a receive from the channel:
	// their false edge is taken when the channel is closed and drained.
	okExits map[*ssa.If]bool
	// servingLoops are the headers of loops that contain a serving
	// operation: leaving one through its header serves all.
	servingLoops map[*ssa.BasicBlock]bool
	// closes says something in the owner closes the channel.
	closes bool
	// closeOnly: only a close serves (a range must end).
	closeOnly bool
	// op names the serving operation in messages.
	op string
	// siblingCases says a select of the owner takes a result of the
	// goroutines from another channel they send on or close.
	siblingCases bool
}

// root strips loads of a captured variable and conversions, so that two
// values denoting the same channel compare equal.
func root(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.UnOp:
			if _, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
				return x.X
			}
			return v
		case *ssa.ChangeType:
			v = x.X
		default:
			return v
		}
	}
}

// siblingsOf returns the channels, other than the one judged, on which the
// waiting goroutines also send or which they close, as values of their
// parent: a select that receives from any of them takes their one result.
func siblingsOf(waiting []chanUse) map[ssa.Value]bool {
	siblings := make(map[ssa.Value]bool)
	for _, w := range waiting {
		for _, e := range w.launch.summary.Chans {
			if e.Send || e.Close {
				if v := w.launch.valueOf(e.Root, e.Index); v != nil {
					siblings[root(v)] = true
				}
			}
		}
	}
	return siblings
}

// serveEvents collects the owner's operations that serve the goroutines
// waiting on the channel. recvSide says the goroutines send (the owner
// serves them by receiving), and siblings are the other channels that
// carry their results (siblingsOf); otherwise they receive (the owner
// sends or closes).
func (c *checker) serveEvents(o *ownedChan, uses []chanUse, siblings map[ssa.Value]bool, recvSide, closeOnly bool) *events {
	ev := &events{
		at:         make(map[ssa.Instruction]serve),
		cases:      make(map[*ssa.BasicBlock]serve),
		otherCases: make(map[*ssa.BasicBlock]token.Pos),
		okExits:    make(map[*ssa.If]bool),
		closeOnly:  closeOnly,
	}
	if recvSide {
		ev.op = "receiving from"
	} else {
		ev.op = "sending on or closing"
	}
	caseTests := selectCaseTests(o.fn)
	for _, u := range uses {
		switch u.kind {
		case useClose:
			ev.closes = true
			if !u.deferred {
				ev.at[u.instr] = serveAll
			}
		case useRecv:
			if recvSide && !ev.closeOnly {
				ev.at[u.instr] = serveOne
				if u.instr.(*ssa.UnOp).CommaOk {
					for _, ref := range *u.instr.(*ssa.UnOp).Referrers() {
						if ex, ok := ref.(*ssa.Extract); ok && ex.Index == 1 {
							for _, r := range *ex.Referrers() {
								if iff, ok := r.(*ssa.If); ok {
									ev.okExits[iff] = true
								}
							}
						}
					}
				}
			}
		case useSend:
			if !recvSide && !closeOnly {
				ev.at[u.instr] = serveOne
			}
		case useCall:
			e := u.effect
			switch {
			case e.Close:
				ev.closes = true
				ev.at[u.instr] = serveAll
			case recvSide && e.Range:
				ev.at[u.instr] = serveAll
			case closeOnly:
			case recvSide && e.Recv, !recvSide && e.Send:
				ev.at[u.instr] = serveOne
			}
		}
	}
	// Select cases: on the channel itself, or, for results, on a sibling.
	for instr := range ssax.Instrs(o.fn) {
		sel, ok := instr.(*ssa.Select)
		if !ok {
			continue
		}
		serving := -1
		for i, st := range sel.States {
			wantDir := types.RecvOnly
			if !recvSide {
				wantDir = types.SendOnly
			}
			if st.Dir == wantDir && (o.values[st.Chan] || recvSide && siblings[root(st.Chan)]) {
				if !o.values[st.Chan] {
					ev.siblingCases = true
				}
				serving = i
				if blk := caseTests[sel][i]; blk != nil {
					ev.cases[blk] = serveOne
				}
			}
		}
		if serving < 0 {
			continue
		}
		for i, blk := range caseTests[sel] {
			if blk != nil && ev.cases[blk] == 0 && i != serving {
				ev.otherCases[blk] = sel.Pos()
			}
		}
	}
	if ev.closeOnly {
		clear(ev.cases)
	}
	ev.servingLoops = make(map[*ssa.BasicBlock]bool)
	li := c.loopsOf(o.fn)
	mark := func(b *ssa.BasicBlock) {
		for _, l := range li.loops {
			if l.blocks[b] {
				ev.servingLoops[l.header] = true
			}
		}
	}
	for instr := range ev.at {
		mark(instr.Block())
	}
	for b := range ev.cases {
		mark(b)
	}
	return ev
}

// finding is a path on which the owner returns without serving enough.
type finding struct {
	ret ssa.Instruction
	// n is how many goroutines the path served, of launched.
	n, launched int
	// leftLoop is where the path left a serving loop early.
	leftLoop token.Pos
	// otherCase is a select that took another case than the serving one.
	otherCase token.Pos
}

type walkKey struct {
	b       *ssa.BasicBlock
	n       int
	started int
	loop    *ssa.BasicBlock
	drained bool
}

type walkState struct {
	walkKey
	idx       int
	leftLoop  token.Pos
	otherCase token.Pos
}

// walk explores the paths of fn from start (exclusive; nil for the entry)
// to its returns and
// returns one on which the goroutines are not served, or nil. The
// goroutine started at start and those started later on the path at
// others must be served, except for room of them (the channel's buffer);
// when manyMode is set (goroutines started in a loop), nothing short of
// serving all of them will do. A
// serving operation inside a loop that does not also start the goroutines
// serves all of them when the path leaves the loop through its header or
// through the closed edge of a receive; leaving it any other way (a return
// or break in the body) abandons the rest.
func (c *checker) walk(fn *ssa.Function, start ssa.Instruction, room int, manyMode bool, others map[ssa.Instruction]bool, ev *events) *finding {
	li := c.loopsOf(fn)
	startBlock, idx := fn.Blocks[0], 0 // nil start: from the entry
	if start != nil {
		startBlock = start.Block()
		for i, instr := range startBlock.Instrs {
			if instr == start {
				idx = i + 1
			}
		}
	}
	const limit = 8 // counts saturate: enough to tell a few goroutines apart
	seen := make(map[walkKey]bool)
	stack := []walkState{{walkKey: walkKey{b: startBlock, started: 1}, idx: idx}}
	for len(stack) > 0 {
		st := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if st.idx == 0 {
			if seen[st.walkKey] {
				continue
			}
			seen[st.walkKey] = true
		}
		b := st.b
		dead := false
		for _, instr := range b.Instrs[st.idx:] {
			if s, ok := ev.at[instr]; ok {
				c.applyServe(&st, s, li.innermost(b, startBlock), limit)
			}
			if others[instr] && st.started < limit {
				st.started++
			}
			switch instr.(type) {
			case *ssa.Return:
				if !st.drained && (manyMode || st.started-st.n > room) {
					return &finding{ret: instr, n: st.n, launched: st.started, leftLoop: st.leftLoop, otherCase: st.otherCase}
				}
				dead = true
			case *ssa.Panic:
				dead = true
			}
			if c.m.NoReturn(instr) {
				dead = true
			}
			if dead {
				break
			}
		}
		if dead {
			continue
		}
		iff, _ := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		for i, succ := range b.Succs {
			if iff != nil && i == 1 && closedTimerEdge(iff) {
				continue // a timer's channel is never closed
			}
			next := st
			next.b, next.idx = succ, 0
			if iff != nil && i == 1 && ev.okExits[iff] {
				next.drained, next.loop = true, nil
			}
			// Leaving a serving loop normally (from its header, or
			// from a latch of a rotated loop: it ran to the end,
			// perhaps zero times for zero goroutines) serves all, and
			// so does a guard that skips a serving loop altogether.
			for _, l := range li.loops {
				if ev.servingLoops[l.header] && !l.blocks[startBlock] && (normalExit(l, b, succ) || bypasses(l, b, succ)) {
					next.drained = true
				}
			}
			if next.loop != nil {
				l := li.loopByHeader(next.loop)
				if l != nil && !l.blocks[succ] {
					if !normalExit(l, b, succ) && next.leftLoop == token.NoPos {
						next.leftLoop = b.Instrs[len(b.Instrs)-1].Pos()
						if !next.leftLoop.IsValid() && len(succ.Instrs) > 0 {
							next.leftLoop = succ.Instrs[len(succ.Instrs)-1].Pos()
						}
					}
					next.loop = nil
				}
			}
			if i == 0 && iff != nil {
				if s, ok := ev.cases[b]; ok {
					c.applyServe(&next, s, li.innermost(b, startBlock), limit)
				}
				if p, ok := ev.otherCases[b]; ok && next.otherCase == token.NoPos && next.n == 0 {
					next.otherCase = p
				}
			}
			stack = append(stack, next)
		}
	}
	return nil
}

func (c *checker) applyServe(st *walkState, s serve, l *loop, limit int) {
	if s == serveAll {
		st.drained = true
		return
	}
	if st.n < limit {
		st.n++
	}
	if l != nil {
		st.loop = l.header
	}
}

// explain describes a finding: "FetchWithTimeout returns at fetch.go:41
// without receiving from ch when the select at fetch.go:36 takes another
// case".
func (c *checker) explain(o *ownedChan, f *finding, op string, k int) string {
	who := c.name(o.fn)
	at := c.m.Pos(exitPos(f.ret))
	waiting := "other goroutines still wait on it"
	if k == many && o.pending != "" {
		waiting = o.pending
	}
	switch {
	case f.leftLoop.IsValid() && c.m.Pos(f.leftLoop) == at:
		return fmt.Sprintf("%s returns at %s from inside the loop %s %s while %s", who, at, op, o.name, waiting)
	case f.leftLoop.IsValid():
		return fmt.Sprintf("%s leaves the loop %s %s at %s and returns at %s while %s", who, op, o.name, c.m.Pos(f.leftLoop), at, waiting)
	case f.n == 0 && f.otherCase.IsValid():
		return fmt.Sprintf("%s returns at %s without %s %s when the select at %s takes another case", who, at, op, o.name, c.m.Pos(f.otherCase))
	case f.n == 0:
		return fmt.Sprintf("%s returns at %s without %s %s", who, at, op, o.name)
	case k == many && o.pending != "":
		return fmt.Sprintf("%s returns at %s after %s %s %s while %s", who, at, op, o.name, times(f.n), o.pending)
	case k == many:
		return fmt.Sprintf("%s returns at %s after %s %s %s while goroutines started in a loop wait on it", who, at, op, o.name, times(f.n))
	}
	return fmt.Sprintf("%s returns at %s after %s %s %s while %d goroutines wait on it", who, at, op, o.name, times(f.n), f.launched)
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

// normalExit reports whether the edge b→succ leaves loop l through its
// test: from the header, or, for a range over an integer (which go/ssa
// rotates, testing at the bottom), from the latch that jumps back to the
// header.
//
// The test of a select case is not a loop test: in for { select { ... } }
// the header holds the select, and leaving the loop when a case is taken
// is leaving it from inside.
func normalExit(l *loop, b, succ *ssa.BasicBlock) bool {
	if !l.blocks[b] || l.blocks[succ] {
		return false
	}
	if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && isCaseTest(iff) {
		return false
	}
	return b == l.header || succ.Comment == "rangeint.done" && slices.Contains(b.Succs, l.header)
}

// isCaseTest reports whether iff tests which case of a select was taken.
func isCaseTest(iff *ssa.If) bool {
	eq, ok := iff.Cond.(*ssa.BinOp)
	if !ok || eq.Op != token.EQL {
		return false
	}
	ex, ok := eq.X.(*ssa.Extract)
	if !ok || ex.Index != 0 {
		return false
	}
	_, ok = ex.Tuple.(*ssa.Select)
	return ok
}

// bypasses reports whether the edge b→succ skips loop l altogether: b's
// other successor is l's header and succ is where l exits to (the guard of
// a rotated loop that would run zero times).
func bypasses(l *loop, b, succ *ssa.BasicBlock) bool {
	if l.blocks[b] || len(b.Succs) != 2 || !slices.Contains(b.Succs, l.header) || succ == l.header {
		return false
	}
	for x := range l.blocks {
		if slices.Contains(x.Succs, succ) {
			return true
		}
	}
	return false
}

// A goroutine that closes a channel in a defer has ended once that channel
// is closed: an owner that waits for it (<-done) cannot get past the wait
// while the goroutine is still stuck sending, so whatever it does next
// leaves nobody behind. (If the goroutine never ends, the owner hangs: a
// deadlock, not a leak.) Only a receive that observes the close says so: a
// channel the goroutine also sends on (defer close(results) after a loop of
// sends) hands the owner data before it is closed, and a receive of data
// says nothing of the goroutine's end. Such a channel signals the end only
// at the closed edge of a comma-ok receive or the end of a range, which
// serveEvents already counts for the channel judged.

// markExits marks the owner's receives from the channels in exits as
// serving everything the goroutine sends.
func (c *checker) markExits(ev *events, fn *ssa.Function, exits map[ssa.Value]bool) {
	if len(exits) == 0 {
		return
	}
	cases := selectCaseTests(fn)
	for instr := range ssax.Instrs(fn) {
		switch instr := instr.(type) {
		case *ssa.UnOp:
			if instr.Op == token.ARROW && exits[root(instr.X)] {
				ev.at[instr] = serveAll
			}
		case *ssa.Select:
			for i, st := range instr.States {
				if st.Dir == types.RecvOnly && exits[root(st.Chan)] {
					if blk := cases[instr][i]; blk != nil {
						ev.cases[blk] = serveAll
						delete(ev.otherCases, blk)
					}
				}
			}
		}
	}
}

// exitSignals returns the channels, as values of the owner, that the one
// goroutine judged closes in a defer of its body. Several goroutines are
// not followed: a channel one of them closes says nothing of the others.
func (c *checker) exitSignals(waiting []chanUse, origin ssa.Value) map[ssa.Value]bool {
	if len(waiting) != 1 {
		return nil
	}
	l := waiting[0].launch
	body := l.body.Fn
	if body == nil || c.m.Summary(body) == nil || l.summary == nil || c.inLoopWithout(l.parent, l.instr.Block(), origin) {
		return nil
	}
	exits := make(map[ssa.Value]bool)
	for _, e := range l.summary.Chans {
		if !e.Close || e.Send || !deferredClose(body, e.Root, e.Index) {
			continue // not closed in a defer, or it carries data too
		}
		if v := l.valueOf(e.Root, e.Index); v != nil {
			exits[root(v)] = true
		}
	}
	return exits
}

// deferredClose reports whether fn closes its channel parameter or free
// variable (root, index) in a defer statement.
func deferredClose(fn *ssa.Function, rk ssax.RootKind, index int) bool {
	for instr := range ssax.Instrs(fn) {
		d, ok := instr.(*ssa.Defer)
		if !ok {
			continue
		}
		if bi, ok := d.Call.Value.(*ssa.Builtin); !ok || bi.Name() != "close" || len(d.Call.Args) != 1 {
			continue
		}
		if p, ok := ssax.PathOf(d.Call.Args[0]); ok && len(p.Fields) == 0 && p.Root == rk && p.Index == index {
			return true
		}
	}
	return false
}

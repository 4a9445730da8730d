package leak

import (
	"fmt"
	"go/types"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// The owner rules: a goroutine stranded on a channel its starter owns
// (owned.go), when the starter can return without serving it
// (forgotten-sender, forgotten-receiver, unclosed-range); the paths are
// walked by walk.go.

// checkChannels checks every channel fn makes and hands to goroutines.
func (c *checker) checkChannels(fn *ssa.Function) {
	if len(c.launches[fn]) == 0 {
		return
	}
	for instr := range ssax.Instrs(fn) {
		mk, ok := instr.(*ssa.MakeChan)
		if !ok {
			continue
		}
		if o, uses, ok := c.ownCollection(fn, mk); ok {
			// One channel per element: only the rule that every
			// element must be closed holds for the collection as a
			// whole (buffers and counts of senders are per element).
			// A collection nothing sends on is no-answerer's.
			if slices.ContainsFunc(uses, func(u chanUse) bool {
				return u.kind == useSend || u.effect != nil && u.effect.Send
			}) {
				c.checkRanges(o, uses)
			}
			continue
		}
		o, uses, ok := c.ownChan(fn, mk)
		if !ok {
			continue
		}
		if !c.checkWaitBeforeReceive(o, uses) {
			c.checkSenders(o, uses)
		}
		c.checkReceivers(o, uses)
		c.checkRanges(o, uses)
		c.checkQuittingReceivers(o, uses)
	}
}

// many stands for an unknown number of goroutines, more than one.
const many = -1

// count returns how many goroutines the launches in us start on the
// channel made by origin, or many. A launch in a loop that also makes the
// channel starts one goroutine per channel (for _, tc := range cases {
// ch := make(chan T); go f(ch); ... }).
func (c *checker) count(us []chanUse, origin ssa.Value, inLoop func(chanUse) bool) int {
	n := 0
	for _, u := range us {
		if c.inLoopWithout(u.launch.parent, u.instr.Block(), origin) || inLoop(u) {
			return many
		}
		n++
	}
	return n
}

// inLoopWithout reports whether b is in a loop of fn that does not
// contain the instruction defining origin.
func (c *checker) inLoopWithout(fn *ssa.Function, b *ssa.BasicBlock, origin ssa.Value) bool {
	var ob *ssa.BasicBlock
	if instr, ok := origin.(ssa.Instruction); ok && instr.Parent() == fn {
		ob = instr.Block()
	}
	for _, l := range c.loopsOf(fn).loops {
		if l.blocks[b] && (ob == nil || !l.blocks[ob]) {
			return true
		}
	}
	return false
}

// checkSenders reports goroutines that send on the channel when the owner
// may return without receiving all they send.
func (c *checker) checkSenders(o *ownedChan, uses []chanUse) {
	var senders []chanUse
	for _, u := range uses {
		switch {
		case u.kind == useGoroutine && (u.effect.Recv || u.effect.Range):
			return // another goroutine receives: it, not the owner, serves the senders
		case u.kind == useGoroutine && u.effect.SendWaits:
			senders = append(senders, u)
		case u.kind == useSend, u.kind == useSelect && o.fn == u.instr.Parent() && u.instr.(*ssa.Select).States[u.state].Dir == types.SendOnly:
			return // the owner sends too: a protocol, not a result channel
		case u.deferred && u.effect != nil && (u.effect.Recv || u.effect.Range):
			return // drained by a deferred call
		case u.kind == useCall && u.effect.Send:
			return
		}
	}
	if len(senders) == 0 {
		return
	}
	size, constant := capacity(o.mk)
	if !constant {
		return // a buffer of computed size is taken to be sized for its senders
	}
	k := c.count(senders, o.origin, func(u chanUse) bool { return c.sendsInLoop(u) })
	startedInLoop := c.count(senders, o.origin, func(chanUse) bool { return false }) == many
	if k == many && !startedInLoop {
		// Not started in a loop: the goroutines send in loops.
		o.pending = "the goroutine still has more to send"
		if len(senders) > 1 {
			o.pending = "the goroutines still have more to send"
		}
	}
	switch {
	case k != many && k <= int(size):
		return
	case k == many && size > 0 && startedInLoop:
		// How many goroutines the buffer was sized for is unknown. A
		// constant buffer does not hold a loop of sends, though: when
		// the goroutines are not started in a loop, the owner must
		// drain.
		return
	}
	if k != many && size > 0 && c.certainSenders(senders) <= int(size) {
		// The buffer has room for every goroutine that is sure to
		// send; the others send only on some paths, perhaps never
		// together (go cp(stdin); go cp(stdout); go cp(stderr), where
		// only the output copies report back).
		return
	}
	ev := c.serveEvents(o, uses, siblingsOf(senders), true, false)
	c.markExits(ev, o.fn, c.exitSignals(senders, o.origin))
	if k == many && ev.siblingCases {
		return // see manySendersWithSiblings
	}
	others := launchSet(senders)
	for _, s := range senders {
		f := c.walk(o.fn, s.instr, int(size), k == many, others, ev)
		if f == nil {
			continue
		}
		pos, what := c.opPos(s, "send")
		msg := fmt.Sprintf("%s can block forever: %s; %s", what, c.explain(o, f, "receiving from", k), remedy(o, k, size))
		d := analysis.Diagnostic{Pos: pos, Category: catSender, Message: msg,
			Related: related(f.ret.Pos(), c.name(o.fn)+" returns here")}
		if k != many {
			if fix, ok := c.bufferFix(o, k); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		}
		c.report(d)
	}
}

func remedy(o *ownedChan, k int, size int64) string {
	switch {
	case k == 1:
		return fmt.Sprintf("give %s a buffer of 1 so that the goroutine can always finish", o.name)
	case k != many:
		return fmt.Sprintf("give %s a buffer of %d, one per sender, so that every goroutine can finish", o.name, k)
	case o.pending != "":
		return fmt.Sprintf("keep receiving from %s until it is closed, or have the sender also select on ctx.Done() or a quit channel the receiver closes when it leaves", o.name)
	}
	return fmt.Sprintf("give %s a buffer as large as the number of senders, or keep receiving until every sender is done", o.name)
}

func launchSet(us []chanUse) map[ssa.Instruction]bool {
	set := make(map[ssa.Instruction]bool)
	for _, u := range us {
		set[u.instr] = true
	}
	return set
}

// checkReceivers reports goroutines that wait to receive from the channel
// when the owner may return without sending to them or closing it.
func (c *checker) checkReceivers(o *ownedChan, uses []chanUse) {
	var receivers []chanUse
	for _, u := range uses {
		switch {
		case u.kind == useGoroutine && (u.effect.Send || u.effect.Close || u.effect.Range):
			return // another goroutine serves them, or a range (checkRanges)
		case u.kind == useGoroutine && u.effect.RecvWaits:
			receivers = append(receivers, u)
		case u.kind == useRecv, u.kind == useSelect && u.instr.(*ssa.Select).States[u.state].Dir == types.RecvOnly:
			return // the owner receives too
		case u.deferred && (u.kind == useClose || u.effect != nil && (u.effect.Close || u.effect.Send)):
			return // served by a deferred close
		case u.kind == useCall && u.effect.Recv:
			return
		}
	}
	if len(receivers) == 0 {
		return
	}
	if size, constant := capacity(o.mk); !constant || size > 0 {
		// Receivers of a buffered channel the owner fills are a
		// semaphore or a token queue: the owner's send may well come
		// before the goroutine starts.
		return
	}
	k := c.count(receivers, o.origin, func(u chanUse) bool { return false })
	ev := c.serveEvents(o, uses, nil, false, false)
	for _, r := range receivers {
		if sentBefore(r.instr, uses) {
			continue // the owner blocks before the start (self-wait's)
		}
		f := c.walk(o.fn, r.instr, 0, k == many, launchSet(receivers), ev)
		if f == nil {
			continue
		}
		pos, what := c.opPos(r, "receive")
		msg := fmt.Sprintf("%s can block forever: %s; close %s on every path out of %s (defer close(%s))",
			what, c.explain(o, f, "sending on or closing", k), o.name, c.name(o.fn), o.name)
		c.report(analysis.Diagnostic{Pos: pos, Category: catReceiver, Message: msg,
			Related: related(f.ret.Pos(), c.name(o.fn)+" returns here")})
	}
}

// checkRanges reports goroutines that range over the channel when the
// owner may return without closing it.
func (c *checker) checkRanges(o *ownedChan, uses []chanUse) {
	var rangers []chanUse
	for _, u := range uses {
		switch {
		case u.kind == useGoroutine && u.effect.Close, u.kind == useCall && u.effect.Close:
			if !u.deferred && u.kind == useCall {
				if closedBefore(u.instr, uses) {
					return // closed by a helper before any goroutine starts: a pre-filled queue
				}
				continue // a synchronous close is a serve event
			}
			return // closed by a goroutine or a deferred call
		case u.kind == useClose && u.deferred:
			return
		case u.kind == useClose && closedBefore(u.instr, uses):
			return // closed before any goroutine starts: a pre-filled queue
		case u.kind == useGoroutine && u.effect.Range:
			rangers = append(rangers, u)
		}
	}
	if len(rangers) == 0 {
		return
	}
	ev := c.serveEvents(o, uses, nil, false, true)
	// A goroutine that closes a channel in a defer has left its range
	// once the owner sees that channel closed.
	c.markExits(ev, o.fn, c.exitSignals(rangers, o.origin))
	for _, r := range rangers {
		f := c.walk(o.fn, r.instr, 0, true, nil, ev)
		if f == nil {
			continue
		}
		pos, what := c.opPos(r, "range")
		var msg string
		switch {
		case o.collection && !ev.closes:
			msg = fmt.Sprintf("%s never ends: nothing closes the channels in %s, which %s makes; close each after the last send",
				what, o.name, c.name(o.fn))
		case o.collection:
			msg = fmt.Sprintf("%s never ends when %s returns at %s without closing the channels in %s; close each on every path (a deferred loop of close)",
				what, c.name(o.fn), c.m.Pos(exitPos(f.ret)), o.name)
		case !ev.closes:
			msg = fmt.Sprintf("%s never ends: nothing closes %s, which %s makes; close %s after the last send (defer close(%s))",
				what, o.name, c.name(o.fn), o.name, o.name)
		default:
			msg = fmt.Sprintf("%s never ends when %s returns at %s without closing %s; close %s on every path (defer close(%s))",
				what, c.name(o.fn), c.m.Pos(exitPos(f.ret)), o.name, o.name, o.name)
		}
		c.report(analysis.Diagnostic{Pos: pos, Category: catUnclosed, Message: msg,
			Related: related(f.ret.Pos(), c.name(o.fn)+" returns here")})
	}
}

// sendsInLoop reports whether a goroutine may send on the channel more
// than once: its body, or a function it calls, sends in a loop, or it sends
// twice on one path (model.ChanEffect.SendMany).
func (c *checker) sendsInLoop(u chanUse) bool { return u.effect.SendMany }

// bufferFix returns the edit that gives the channel a buffer of k.
func (c *checker) bufferFix(o *ownedChan, k int) (analysis.SuggestedFix, bool) {
	call := c.m.Src.Call(o.mk.Pos())
	if call == nil || len(call.Args) == 0 || len(call.Args) > 2 {
		return analysis.SuggestedFix{}, false
	}
	n := strconv.Itoa(k)
	var edit analysis.TextEdit
	if len(call.Args) == 1 {
		edit = analysis.TextEdit{Pos: call.Args[0].End(), End: call.Args[0].End(), NewText: []byte(", " + n)}
	} else {
		edit = analysis.TextEdit{Pos: call.Args[1].Pos(), End: call.Args[1].End(), NewText: []byte(n)}
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Give %s a buffer of %s", o.name, n),
		TextEdits: []analysis.TextEdit{edit},
	}, true
}

// closedBefore reports whether close, an instruction of the owner, runs
// before every goroutine in uses starts: its block dominates theirs.
func closedBefore(close ssa.Instruction, uses []chanUse) bool {
	any := false
	for _, u := range uses {
		if u.kind != useGoroutine {
			continue
		}
		any = true
		cb, gb := close.Block(), u.instr.Block()
		if cb == gb {
			if slices.Index(cb.Instrs, close) > slices.Index(gb.Instrs, u.instr) {
				return false
			}
		} else if !cb.Dominates(gb) {
			return false
		}
	}
	return any
}

// sentBefore reports whether the owner sends on the channel, with a send
// that waits, on every path to the start of a goroutine: on an unbuffered
// channel the owner then never gets to start it.
func sentBefore(start ssa.Instruction, uses []chanUse) bool {
	for _, u := range uses {
		if u.kind == useSend && u.instr.Parent() == start.Parent() && precedesInstr(u.instr, start) {
			return true
		}
	}
	return false
}

// certainSenders counts the goroutines that send on the channel on every
// path through their body. A body of another package is not known well
// enough to count.
func (c *checker) certainSenders(senders []chanUse) int {
	n := 0
	for _, u := range senders {
		body := u.launch.body.Fn
		if body == nil || c.m.Summary(body) == nil {
			continue
		}
		if !c.returnsAvoiding(body, func(instr ssa.Instruction) bool { return c.touches(instr, u.effect) }) {
			n++
		}
	}
	return n
}

// returnsAvoiding reports whether fn can return without passing an
// instruction accepted by op.
func (c *checker) returnsAvoiding(fn *ssa.Function, op func(ssa.Instruction) bool) bool {
	return ssax.ReturnReachable(fn, func(instr ssa.Instruction) bool { return op(instr) || c.m.NoReturn(instr) }, nil)
}

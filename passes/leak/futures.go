package leak

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A function that makes a channel, starts goroutines that send on it and
// returns it (a future: func fetch() <-chan result) hands its caller the
// job of receiving; one whose goroutines range over the channel it returns
// (a work queue) hands its caller the job of closing it. The model
// describes such results (model.ResultChan), in this package and, by
// facts, in others. The caller then owns the channel as if it had made it
// and started the goroutines at the call: the same path analysis judges
// whether it can return without receiving every result, or without
// closing the queue.

// checkFutures checks the channels fn receives from calls that return a
// channel only their goroutines have.
func (c *checker) checkFutures(fn *ssa.Function) {
	for call := range ssax.PlainCalls(fn) {
		callee := c.m.Callee(call)
		s := c.m.CalleeSummary(callee)
		if s == nil || len(s.ResultChans) == 0 {
			continue
		}
		for _, rc := range s.ResultChans {
			v := resultValue(call, rc.Index)
			if v == nil {
				continue
			}
			name := c.spellAssigned(fn, call.Pos(), rc.Index)
			if name == "the channel" {
				name = "the channel from " + callee.Name(c.pass.Pkg)
			}
			o, uses, ok := c.ownValue(fn, v, nil, name)
			if !ok {
				continue // the caller hands it on: someone else may serve it
			}
			f := &future{call: call, callee: callee.Name(c.pass.Pkg), rc: rc, summary: s}
			switch {
			case rc.SendWaits && !rc.Recv && !rc.Range:
				c.checkFutureSenders(o, uses, f)
			case rc.Range && !rc.Send && !rc.Close:
				c.checkFutureRanges(o, uses, f)
			}
		}
	}
}

// future is a call that returns a channel its goroutines serve.
type future struct {
	call    *ssa.Call
	callee  string
	rc      model.ResultChan
	summary *model.Summary
}

// resultValue returns the value of result i of call, or nil when it is
// not used.
func resultValue(call *ssa.Call, i int) ssa.Value {
	if _, tuple := call.Type().(*types.Tuple); !tuple {
		if i == 0 {
			return call
		}
		return nil
	}
	for _, ref := range *call.Referrers() {
		if ex, ok := ref.(*ssa.Extract); ok && ex.Index == i {
			return ex
		}
	}
	return nil
}

// checkFutureSenders reports a call whose goroutines send on the channel
// it returns when the caller may return without receiving every result.
func (c *checker) checkFutureSenders(o *ownedChan, uses []chanUse, f *future) {
	for _, u := range uses {
		switch {
		case u.kind == useGoroutine && (u.effect.Recv || u.effect.Range):
			return // another goroutine receives
		case u.kind == useSend, u.kind == useSelect && u.instr.(*ssa.Select).States[u.state].Dir == types.SendOnly:
			return // the caller sends too: a protocol
		case u.deferred && u.effect != nil && (u.effect.Recv || u.effect.Range):
			return // drained by a deferred call
		case u.kind == useCall && u.effect.Send:
			return
		}
	}
	size, k := f.rc.Cap, f.rc.Senders
	switch {
	case size < 0 || k == 0:
		return // a buffer of computed size is taken to be sized for its senders
	case k < 0 && size > 0:
		return // how many senders the buffer was sized for is unknown
	case k > 0 && int64(k) <= size:
		return
	}
	if k < 0 {
		k = many
		o.pending = "the goroutines " + f.callee + " starts may send more"
	}
	// The call's other results on which the same goroutines send or
	// which they close carry their results too.
	siblings := make(map[ssa.Value]bool)
	for _, other := range f.summary.ResultChans {
		if other.Index != f.rc.Index && (other.Send || other.Close) {
			if v := resultValue(f.call, other.Index); v != nil {
				siblings[v] = true
			}
		}
	}
	ev := c.serveEvents(o, uses, siblings, true, false)
	if k == many && ev.siblingCases {
		return // see manySendersWithSiblings
	}
	// The goroutines start at the call: all k of them wait on the
	// buffer's room.
	room := int(size)
	if k != many {
		room -= k - 1
	}
	fnd := c.walk(o.fn, f.call, room, k == many, nil, ev)
	if fnd == nil {
		return
	}
	if k != many {
		fnd.launched = k
	}
	remedy := fmt.Sprintf("receive from %s on every path out of %s, or have %s give the channel a buffer of one per sender", o.name, c.name(o.fn), f.callee)
	if k == many {
		remedy = fmt.Sprintf("keep receiving from %s until it is closed, or have the goroutine %s starts also select on ctx.Done() or a quit channel when it sends", o.name, f.callee)
	}
	msg := fmt.Sprintf("a goroutine %s starts (its send at %s) can block forever: %s; %s",
		f.callee, f.rc.Pos, c.explain(o, fnd, "receiving from", k), remedy)
	c.report(analysis.Diagnostic{Pos: f.call.Pos(), Category: catSender, Message: msg,
		Related: related(fnd.ret.Pos(), c.name(o.fn)+" returns here")})
}

// checkFutureRanges reports a call whose goroutines range over the
// channel it returns when the caller may return without closing it.
func (c *checker) checkFutureRanges(o *ownedChan, uses []chanUse, f *future) {
	for _, u := range uses {
		switch {
		case u.kind == useGoroutine && u.effect.Close, u.kind == useCall && u.effect.Close && u.deferred:
			return // closed by a goroutine or a deferred call
		case u.kind == useClose && u.deferred:
			return
		}
	}
	ev := c.serveEvents(o, uses, nil, false, true)
	fnd := c.walk(o.fn, f.call, 0, true, nil, ev)
	if fnd == nil {
		return
	}
	var msg string
	if !ev.closes {
		msg = fmt.Sprintf("the goroutines %s starts range over the channel it returns (%s), and nothing closes %s: they never end; close %s after the last send (defer close(%s))",
			f.callee, f.rc.Pos, o.name, o.name, o.name)
	} else {
		msg = fmt.Sprintf("the goroutines %s starts range over the channel it returns (%s), and never end when %s returns at %s without closing %s; close %s on every path (defer close(%s))",
			f.callee, f.rc.Pos, c.name(o.fn), c.m.Pos(exitPos(fnd.ret)), o.name, o.name, o.name)
	}
	c.report(analysis.Diagnostic{Pos: f.call.Pos(), Category: catUnclosed, Message: msg,
		Related: related(fnd.ret.Pos(), c.name(o.fn)+" returns here")})
}

package leak

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A function that starts goroutines which send their results on a channel,
// waits for them all (wg.Wait, g.Wait) and only then receives the results
// deadlocks as soon as the channel's buffer cannot hold every result: the
// senders block on the channel, so they never count the group down, so the
// wait never returns, so nobody receives.

// checkWaitBeforeReceive reports the wait of a function that waits for the
// goroutines sending on its channel before it receives from the channel,
// and returns whether it did.
func (c *checker) checkWaitBeforeReceive(o *ownedChan, uses []chanUse) bool {
	if o.mk == nil {
		return false
	}
	var senders []chanUse
	var recvs []ssa.Instruction
	for _, u := range uses {
		switch {
		case u.kind == useGoroutine && (u.effect.Recv || u.effect.Range):
			return false // another goroutine receives while the owner waits
		case u.kind == useGoroutine && u.effect.SendWaits:
			senders = append(senders, u)
		case u.kind == useGoroutine:
		case u.kind == useSend || u.kind == useClose && !u.deferred:
			// the owner's own sends and close: a protocol, judged
			// elsewhere; a close before the receive is the usual
			// "wait, close, range" shape and is checked through
			// the receive that follows.
			if u.kind == useSend {
				return false
			}
		case u.kind == useRecv:
			recvs = append(recvs, u.instr)
		case u.kind == useSelect:
			if u.instr.(*ssa.Select).States[u.state].Dir == types.SendOnly {
				return false
			}
			recvs = append(recvs, u.instr)
		case u.kind == useCall && (u.effect.Recv || u.effect.Range):
			if u.deferred {
				return false
			}
			recvs = append(recvs, u.instr)
		}
	}
	if len(senders) == 0 || len(recvs) == 0 {
		return false
	}
	size, constant := capacity(o.mk)
	if !constant {
		return false
	}
	k := c.count(senders, o.origin, func(u chanUse) bool { return c.sendsInLoop(u) })
	if k != many && k <= int(size) || k == many && size > 0 {
		return false // room for every result, or a buffer sized for an unknown count
	}
	for _, r := range recvs {
		if r.Parent() != o.fn {
			return false // received in a closure: its order is not known here
		}
	}
	for _, s := range senders {
		wait := c.groupWait(o.fn, s)
		if wait == nil || !dominatesAll(wait, recvs) {
			continue
		}
		pos, what := c.opPos(s, "send")
		group := c.m.Src.Receiver(wait.Pos())
		spell := "the group"
		if group != nil {
			spell = ssax.Spell(group)
		}
		msg := fmt.Sprintf("%s.Wait waits for goroutines that send on %s (%s at %s), but %s receives from %s only after the wait returns (at %s): the senders block and the wait never ends; wait in a goroutine of its own (go func() { %s.Wait(); close(%s) }()) and receive meanwhile, or give %s a buffer for every result",
			spell, o.name, what, c.m.Pos(pos), c.name(o.fn), o.name, c.m.Pos(firstPos(recvs)), spell, o.name, o.name)
		c.report(analysis.Diagnostic{Pos: wait.Pos(), Category: catWaitFirst, Message: msg,
			Related: related(pos, "sends here")})
		return true
	}
	return false
}

// groupWait returns the call in fn that waits for the group the goroutine
// s counts down, or nil.
func (c *checker) groupWait(fn *ssa.Function, s chanUse) *ssa.Call {
	l := s.launch
	var isWait func(fullName string) bool
	var group ssax.Path
	var groupValue ssa.Value // the group itself, when it has no path (g from errgroup.WithContext)
	if w, ok := knowledge.GroupWait(l.spawner); ok {
		callee := c.m.Callee(l.instr.(ssa.CallInstruction))
		if len(callee.Args) == 0 {
			return nil
		}
		isWait = func(k string) bool { return k == w }
		groupValue = callee.Args[0]
		if p, ok := ssax.PathOf(groupValue); ok {
			group = p
		}
	} else {
		p, ok := c.doneGroup(l)
		if !ok {
			return nil
		}
		// The group's wait: Done is a WaitGroup's, and so is a wait
		// for all on its path.
		isWait = func(k string) bool { return knowledge.LookupSyncOp(k) == knowledge.SyncWaitAll }
		group = p
	}
	for call := range ssax.PlainCalls(fn) {
		callee := c.m.Callee(call)
		if callee.Obj == nil || !isWait(knowledge.Key(callee.Obj)) || len(callee.Args) == 0 {
			continue
		}
		if groupValue != nil && callee.Args[0] == groupValue {
			return call
		}
		if p, ok := ssax.PathOf(callee.Args[0]); ok && group.Root != ssax.RootUnknown && p.Key() == group.Key() {
			return call
		}
	}
	return nil
}

// doneGroup returns, in the parent's terms, the WaitGroup a goroutine
// started with go calls Done on: one group, reached through what the
// parent handed the goroutine.
func (c *checker) doneGroup(l *launch) (ssax.Path, bool) {
	body := l.body.Fn
	if body == nil || len(body.Blocks) == 0 {
		return ssax.Path{}, false
	}
	var group ssax.Path
	found := false
	for call := range ssax.Calls(body) {
		callee := c.m.Callee(call)
		if callee.Obj == nil || knowledge.LookupSyncOp(knowledge.Key(callee.Obj)) != knowledge.SyncDone || len(callee.Args) == 0 {
			continue
		}
		p, ok := ssax.PathOf(callee.Args[0])
		if !ok || p.Root != ssax.RootFreeVar && p.Root != ssax.RootParam {
			return ssax.Path{}, false
		}
		outer, ok := l.inParent(p)
		if !ok {
			return ssax.Path{}, false
		}
		if found && outer.Key() != group.Key() {
			return ssax.Path{}, false // several groups
		}
		group, found = outer, true
	}
	return group, found
}

// dominatesAll reports whether every path to each of the instructions in
// later passes through first.
func dominatesAll(first ssa.Instruction, later []ssa.Instruction) bool {
	for _, r := range later {
		if first.Block() == r.Block() {
			if indexIn(first) > indexIn(r) {
				return false
			}
			continue
		}
		if !first.Block().Dominates(r.Block()) {
			return false
		}
	}
	return true
}

func indexIn(instr ssa.Instruction) int {
	for i, x := range instr.Block().Instrs {
		if x == instr {
			return i
		}
	}
	return -1
}

func firstPos(instrs []ssa.Instruction) (pos token.Pos) {
	for _, i := range instrs {
		if i.Pos().IsValid() && (!pos.IsValid() || i.Pos() < pos) {
			pos = i.Pos()
		}
	}
	return pos
}

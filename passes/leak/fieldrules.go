package leak

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// The rules for channels kept in fields, built on fieldIndex. Each rule
// needs to see every operation on the field's channel, so it applies only
// to unexported fields of the package's own structs whose channels go
// nowhere the index cannot follow (see chanField's foreign, outRecv and
// outSend):
//
//   - a goroutine started by a function F sends on (receives from) the
//     field, and every receive (send or close) of that field in the
//     package is F's own: when F can return without serving it, nobody
//     else will (forgotten-sender, forgotten-receiver, unclosed-range);
//   - a goroutine waits to receive from a field that nothing in the
//     package sends on or closes, or to send on an unbuffered field that
//     nothing receives from: it waits forever (forgotten-receiver,
//     forgotten-sender);
//   - a goroutine whose only ways out are a range over a field nothing
//     closes, or a receive from a field nothing sends on or closes (a quit
//     channel no Close ever closes), never ends; started by a function
//     that can run more than once, each call strands one more
//     (unclosed-range, no-exit-loop).

// reach returns the functions of this package that run when fn is called:
// fn and, transitively, the functions it calls, but not the goroutines it
// starts.
func (c *checker) reach(fn *ssa.Function) map[*ssa.Function]bool {
	if r, ok := c.reachable[fn]; ok {
		return r
	}
	r := map[*ssa.Function]bool{fn: true}
	c.reachable[fn] = r
	work := []*ssa.Function{fn}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for instr := range ssax.Instrs(f) {
			call, ok := instr.(ssa.CallInstruction)
			if !ok || c.launchAt(f, call) != nil {
				continue
			}
			callee := c.m.Callee(call)
			if callee.Fn != nil && c.m.Summary(callee.Fn) != nil && !r[callee.Fn] {
				r[callee.Fn] = true
				work = append(work, callee.Fn)
			}
		}
	}
	return r
}

// goroutineOps returns what the goroutine l does with the package's channel
// fields: the operations in its body and the functions the body calls, and
// what it does with a field's channel handed to it as an argument.
func (c *checker) goroutineOps(l *launch) map[*chanField][]fieldOp {
	if ops, ok := c.gops[l]; ok {
		return ops
	}
	var r map[*ssa.Function]bool
	if l.body.Fn != nil && c.m.Summary(l.body.Fn) != nil {
		r = c.reach(l.body.Fn)
	}
	out := make(map[*chanField][]fieldOp)
	for _, f := range c.fieldsIndex().order {
		for _, op := range f.ops {
			if op.launch == l || op.launch == nil && r[op.fn] {
				out[f] = append(out[f], op)
			}
		}
	}
	c.gops[l] = out
	return out
}

// waitsToSend reports whether op is a send that can wait with nothing else
// to wake it.
func (c *checker) waitsToSend(op fieldOp) bool {
	switch op.kind {
	case useSend:
		_, blocks := c.m.DirectOp(op.instr)
		return blocks
	case useSelect:
		sel := op.instr.(*ssa.Select)
		return sel.Blocking && len(sel.States) == 1 && op.selectDir() == types.SendOnly
	case useCall, useGoroutine:
		return op.effect.SendWaits
	}
	return false
}

// waitsToRecv reports whether op is a receive, not the loop of a range,
// that can wait with nothing else to wake it.
func (c *checker) waitsToRecv(op fieldOp) bool {
	switch op.kind {
	case useRecv:
		if op.isRange() {
			return false
		}
		_, blocks := c.m.DirectOp(op.instr)
		return blocks
	case useSelect:
		sel := op.instr.(*ssa.Select)
		return sel.Blocking && len(sel.States) == 1 && op.selectDir() == types.RecvOnly
	case useCall, useGoroutine:
		return op.effect.RecvWaits
	}
	return false
}

// checkFieldChannels applies the rules for channel fields to the goroutines
// fn starts.
func (c *checker) checkFieldChannels(fn *ssa.Function) {
	if len(c.launches[fn]) == 0 {
		return
	}
	ix := c.fieldsIndex()
	for _, f := range ix.order {
		if f.foreign || len(f.makes) == 0 {
			continue
		}
		c.checkFieldSenders(fn, f)
		c.checkFieldReceivers(fn, f)
		c.checkFieldRanges(fn, f)
	}
	c.checkDeadFields(fn)
}

// ownOps splits the field's operations into fn's own (not a goroutine's it
// hands the channel to) and reports whether every operation that matches
// serves is fn's own; found says there is at least one.
func ownOps(fn *ssa.Function, f *chanField, serves func(fieldOp) bool) (own []fieldOp, onlyOwn, found bool) {
	for _, op := range f.ops {
		mine := op.fn == fn && op.kind != useGoroutine
		if serves(op) {
			if !mine {
				return nil, false, true
			}
			found = true
		}
		if mine {
			own = append(own, op)
		}
	}
	return own, true, found
}

// ownedView presents fn's operations on a field as those of a channel fn
// owns, so that serveEvents and walk apply unchanged.
func (c *checker) ownedView(fn *ssa.Function, f *chanField, own []fieldOp) (*ownedChan, []chanUse) {
	o := &ownedChan{fn: fn, values: make(map[ssa.Value]bool)}
	var uses []chanUse
	for _, op := range own {
		o.values[op.ch] = true
		if o.name == "" {
			o.name = c.spellFieldOp(op)
		}
		uses = append(uses, chanUse{kind: op.kind, instr: op.instr, deferred: op.deferred, state: op.state, effect: op.effect})
	}
	if o.name == "" {
		o.name = f.describe()
	}
	return o, uses
}

// spellFieldOp spells the channel operand of op as the user wrote it.
func (c *checker) spellFieldOp(op fieldOp) string {
	if p, ok := ssax.PathOf(op.ch); ok && len(p.Fields) > 0 && p.Spell() != "" {
		return p.Spell()
	}
	switch instr := op.instr.(type) {
	case *ssa.Send:
		if s := c.m.Src.Send(instr.Pos()); s != nil {
			return ssax.Spell(s.Chan)
		}
	case *ssa.UnOp:
		if r := c.m.Src.Recv(instr.Pos()); r != nil {
			return ssax.Spell(r.X)
		}
	case *ssa.Select:
		st := instr.States[op.state]
		if r := c.m.Src.Recv(st.Pos); r != nil && st.Dir == types.RecvOnly {
			return ssax.Spell(r.X)
		}
		if s := c.m.Src.Send(st.Pos); s != nil && st.Dir == types.SendOnly {
			return ssax.Spell(s.Chan)
		}
	}
	return ""
}

// fieldWaiter is a goroutine that waits on a field (to send, receive or
// range), with the operation that waits.
type fieldWaiter struct {
	use chanUse
	op  fieldOp
}

// waiters returns the goroutines fn starts that have an operation on f
// accepted by waits.
func (c *checker) waiters(fn *ssa.Function, f *chanField, waits func(fieldOp) bool) []fieldWaiter {
	var out []fieldWaiter
	for _, l := range c.launches[fn] {
		for _, op := range c.goroutineOps(l)[f] {
			if waits(op) {
				out = append(out, fieldWaiter{use: chanUse{kind: useGoroutine, instr: l.instr, launch: l, effect: op.effect}, op: op})
				break
			}
		}
	}
	return out
}

func uses(ws []fieldWaiter) []chanUse {
	out := make([]chanUse, len(ws))
	for i, w := range ws {
		out[i] = w.use
	}
	return out
}

// startedInLoop reports whether one of the waiting goroutines is started
// in a loop.
func (c *checker) startedInLoop(ws []fieldWaiter) bool {
	return slices.ContainsFunc(ws, func(w fieldWaiter) bool {
		return c.loopsOf(w.use.launch.parent).inAnyLoop(w.use.instr.Block())
	})
}

// countWaiters returns how many goroutines wait, or many when one is
// started in a loop or waits in a loop of its own.
func (c *checker) countWaiters(ws []fieldWaiter) int {
	for _, w := range ws {
		if c.loopsOf(w.use.launch.parent).inAnyLoop(w.use.instr.Block()) {
			return many
		}
		if w.op.kind != useGoroutine && c.loopsOf(w.op.fn).inAnyLoop(w.op.instr.Block()) {
			return many
		}
		if w.op.effect != nil && w.op.effect.SendMany {
			return many // a helper that sends in a loop
		}
	}
	return len(ws)
}

// checkFieldSenders reports goroutines that send on a field whose only
// receiver is the function that started them, when that function may
// return without receiving all they send.
func (c *checker) checkFieldSenders(fn *ssa.Function, f *chanField) {
	if f.outRecv {
		return
	}
	size, ok := f.capacity()
	if !ok {
		return
	}
	own, onlyOwn, found := ownOps(fn, f, fieldOp.receives)
	if !onlyOwn || !found {
		return // someone else receives too, or nobody does (checkDeadFields)
	}
	for _, op := range own {
		if op.sends() || op.deferred && op.receives() {
			return // the owner sends too (a protocol), or a deferred call drains
		}
	}
	senders := c.waiters(fn, f, c.waitsToSend)
	if len(senders) == 0 {
		return
	}
	k := c.countWaiters(senders)
	if k != many && k <= int(size) || k == many && size > 0 && c.startedInLoop(senders) {
		return // room for every send, or a buffer sized for goroutines started in a loop
	}
	o, us := c.ownedView(fn, f, own)
	if k == many && !c.startedInLoop(senders) {
		o.pending = "the goroutine still has more to send"
		if len(senders) > 1 {
			o.pending = "the goroutines still have more to send"
		}
	}
	ev := c.serveEvents(o, us, c.fieldSiblings(fn, f, senders), true, false)
	c.markExits(ev, fn, c.fieldExitSignals(fn, senders))
	if k == many && ev.siblingCases {
		return // see manySendersWithSiblings
	}
	others := launchSet(uses(senders))
	for _, s := range senders {
		fnd := c.walk(fn, s.use.instr, int(size), k == many, others, ev)
		if fnd == nil {
			continue
		}
		pos, what := c.fieldOpPos(s, "send")
		msg := fmt.Sprintf("%s can block forever: %s, and nothing else in this package receives from %s; %s",
			what, c.explain(o, fnd, "receiving from", k), o.name, c.fieldSendRemedy(fn, f, o.name, k))
		c.report(analysis.Diagnostic{Pos: pos, Category: catSender, Message: msg,
			Related: related(fnd.ret.Pos(), c.name(fn)+" returns here")})
	}
}

// manySendersWithSiblings: a goroutine that sends on a channel in a loop
// and ends by sending its error on another (for { if err != nil { errs <-
// err; return }; msgs <- m }) is done once the owner has taken the error:
// the owner may then stop receiving the stream. Which sends end a
// goroutine is not tracked, so when the owner takes such a sibling result
// and the stream has senders in loops, the stream is not judged.

// fieldSendRemedy says how to free the senders: a buffer when fn makes
// the channel it serves, otherwise a way out of the send.
func (c *checker) fieldSendRemedy(fn *ssa.Function, f *chanField, name string, k int) string {
	madeHere := true
	for _, mk := range f.makes {
		madeHere = madeHere && mk.Parent() == fn
	}
	switch {
	case madeHere && k == 1:
		return fmt.Sprintf("give %s a buffer of 1 where %s makes it so that the goroutine can always finish", name, c.name(fn))
	case madeHere && k != many:
		return fmt.Sprintf("give %s a buffer of %d, one per sender, where %s makes it", name, k, c.name(fn))
	}
	return fmt.Sprintf("have the goroutine select on ctx.Done() or a quit channel alongside the send, or keep receiving from %s until every sender is done", name)
}

// fieldSiblings returns the channels, as values of fn, that carry the
// senders' other results: channel parameters they send on or close, and
// other fields they send on or close.
func (c *checker) fieldSiblings(fn *ssa.Function, f *chanField, senders []fieldWaiter) map[ssa.Value]bool {
	var known []chanUse
	for _, s := range senders {
		if s.use.launch.summary != nil {
			known = append(known, s.use)
		}
	}
	sib := siblingsOf(known)
	for _, g := range c.fieldsIndex().order {
		if g == f {
			continue
		}
		result := false
		for _, s := range senders {
			for _, op := range c.goroutineOps(s.use.launch)[g] {
				result = result || op.sends() || op.closes()
			}
		}
		if !result {
			continue
		}
		for _, op := range g.ops {
			if op.fn == fn {
				sib[op.ch] = true
			}
		}
	}
	return sib
}

// fieldExitSignals is exitSignals for a goroutine judged on a field: the
// channels it closes in a defer of its body, given to it or kept in
// fields, as values of fn.
func (c *checker) fieldExitSignals(fn *ssa.Function, senders []fieldWaiter) map[ssa.Value]bool {
	if len(senders) != 1 {
		return nil
	}
	l := senders[0].use.launch
	var known []chanUse
	if l.summary != nil {
		known = []chanUse{senders[0].use}
	}
	exits := c.exitSignals(known, nil)
	if exits == nil {
		return nil
	}
	for g, ops := range c.goroutineOps(l) {
		if slices.ContainsFunc(ops, fieldOp.sends) {
			continue // it carries data too: a receive of it is no exit signal
		}
		for _, op := range ops {
			if op.kind != useClose || !op.deferred || op.fn != l.body.Fn {
				continue
			}
			for _, mine := range g.ops {
				if mine.fn == fn && mine.kind != useGoroutine {
					exits[mine.ch] = true
				}
			}
		}
	}
	return exits
}

// checkFieldReceivers reports goroutines that wait to receive from an
// unbuffered field whose only sender is the function that started them,
// when that function may return without sending to them or closing it.
func (c *checker) checkFieldReceivers(fn *ssa.Function, f *chanField) {
	if f.outSend {
		return
	}
	if size, ok := f.capacity(); !ok || size != 0 {
		return // a buffered channel the owner fills is a semaphore or a queue
	}
	own, onlyOwn, found := ownOps(fn, f, func(op fieldOp) bool { return op.sends() || op.closes() })
	if !onlyOwn || !found {
		return
	}
	for _, op := range own {
		if op.receives() || op.deferred && (op.sends() || op.closes()) {
			return // the owner receives too, or a deferred close serves
		}
	}
	receivers := c.waiters(fn, f, c.waitsToRecv)
	if len(receivers) == 0 {
		return
	}
	k := c.countWaiters(receivers)
	o, us := c.ownedView(fn, f, own)
	ev := c.serveEvents(o, us, nil, false, false)
	for _, r := range receivers {
		fnd := c.walk(fn, r.use.instr, 0, k == many, launchSet(uses(receivers)), ev)
		if fnd == nil {
			continue
		}
		pos, what := c.fieldOpPos(r, "receive")
		msg := fmt.Sprintf("%s can block forever: %s, and nothing else in this package sends on or closes %s; close %s on every path out of %s",
			what, c.explain(o, fnd, "sending on or closing", k), o.name, o.name, c.name(fn))
		c.report(analysis.Diagnostic{Pos: pos, Category: catReceiver, Message: msg,
			Related: related(fnd.ret.Pos(), c.name(fn)+" returns here")})
	}
}

// checkFieldRanges reports goroutines that range over a field that only
// the function that started them closes, when that function may return
// without closing it.
func (c *checker) checkFieldRanges(fn *ssa.Function, f *chanField) {
	if f.outSend {
		return
	}
	own, onlyOwn, found := ownOps(fn, f, fieldOp.closes)
	if !onlyOwn || !found {
		return // closed elsewhere, or never (checkDeadFields)
	}
	for _, op := range own {
		if op.deferred && op.closes() {
			return
		}
	}
	rangers := c.waiters(fn, f, fieldOp.isRange)
	if len(rangers) == 0 {
		return
	}
	o, us := c.ownedView(fn, f, own)
	for _, u := range us {
		if u.kind == useClose && closedBefore(u.instr, uses(rangers)) {
			return // closed before the goroutines start: a pre-filled queue
		}
	}
	ev := c.serveEvents(o, us, nil, false, true)
	for _, r := range rangers {
		fnd := c.walk(fn, r.use.instr, 0, true, nil, ev)
		if fnd == nil {
			continue
		}
		pos, what := c.fieldOpPos(r, "range")
		msg := fmt.Sprintf("%s never ends when %s returns at %s without closing %s, and nothing else in this package closes it; close %s on every path (defer close(%s))",
			what, c.name(fn), c.m.Pos(exitPos(fnd.ret)), o.name, o.name, o.name)
		c.report(analysis.Diagnostic{Pos: pos, Category: catUnclosed, Message: msg,
			Related: related(fnd.ret.Pos(), c.name(fn)+" returns here")})
	}
}

// fieldOpPos returns where to report a goroutine's operation on a field,
// and how to name it.
func (c *checker) fieldOpPos(w fieldWaiter, op string) (token.Pos, string) {
	if w.op.kind == useGoroutine {
		return c.opPos(w.use, op)
	}
	if bl, ok := c.m.DirectOp(w.op.instr); ok && w.op.kind != useCall {
		return w.op.instr.Pos(), bl.What
	}
	if w.op.kind == useRecv && w.op.isRange() {
		if r := c.m.Src.Range(w.op.instr.Pos()); r != nil {
			return w.op.instr.Pos(), "range over " + ssax.Spell(r.X)
		}
	}
	callee := c.m.Src.CallName(w.op.instr.Pos())
	if callee == "" {
		callee = "a function literal"
	}
	return w.op.instr.Pos(), fmt.Sprintf("the goroutine's %s in %s", op, callee)
}

// checkDeadFields reports goroutines fn starts whose only ways out need a
// field nobody serves (checkDeadExits). A wait on such a field that never
// completes at all is the no-answerer rule's (noanswer.go), wherever it is.
func (c *checker) checkDeadFields(fn *ssa.Function) {
	for _, l := range c.launches[fn] {
		c.checkDeadExits(fn, l)
	}
}

// fieldName spells the field as op's code does, or describes it.
func (c *checker) fieldName(f *chanField, op fieldOp) string {
	if s := c.spellFieldOp(op); s != "" {
		return s
	}
	return f.describe()
}

// unbuffered reports whether every make stored in the field is unbuffered.
func (f *chanField) unbuffered() bool {
	size, ok := f.capacity()
	return ok && size == 0
}

// deadEnd is an operation of a goroutine's function on a field nobody
// serves: a receive that never completes, a select case never taken, or
// the closed edge of a range or a comma-ok receive, never taken.
type deadEnd struct {
	f     *chanField
	op    fieldOp
	rng   bool // the closed edge of a range
	pos   token.Pos
	block bool // the operation itself never completes
}

// deadEnds finds the operations of body on fields nobody serves: the
// instructions that never complete, the blocks ending in an If on the ok
// of a receive whose false (closed) edge is never taken, and the blocks
// ending in the test of a select case whose true edge is never taken.
func (c *checker) deadEnds(body *ssa.Function) (instrs map[ssa.Instruction]*deadEnd, edges, cases map[*ssa.BasicBlock]*deadEnd) {
	instrs = make(map[ssa.Instruction]*deadEnd)
	edges = make(map[*ssa.BasicBlock]*deadEnd)
	cases = make(map[*ssa.BasicBlock]*deadEnd)
	var caseTests map[*ssa.Select]map[int]*ssa.BasicBlock
	for _, f := range c.fieldsIndex().order {
		for _, op := range f.ops {
			if op.fn != body {
				continue
			}
			switch op.kind {
			case useRecv:
				recv := op.instr.(*ssa.UnOp)
				if f.neverSent() {
					instrs[recv] = &deadEnd{f: f, op: op, rng: op.isRange(), pos: recv.Pos(), block: true}
					continue
				}
				if !recv.CommaOk || !f.neverClosed() {
					continue
				}
				for _, iff := range okBranches(recv) {
					edges[iff.Block()] = &deadEnd{f: f, op: op, rng: op.isRange(), pos: recv.Pos()}
				}
			case useSend:
				if f.neverReceived() && f.unbuffered() {
					instrs[op.instr] = &deadEnd{f: f, op: op, pos: op.instr.Pos(), block: true}
				}
			case useSelect:
				st := op.instr.(*ssa.Select).States[op.state]
				dead := st.Dir == types.RecvOnly && f.neverSent() ||
					st.Dir == types.SendOnly && f.neverReceived() && f.unbuffered()
				if !dead {
					continue
				}
				if caseTests == nil {
					caseTests = selectCaseTests(body)
				}
				if b := caseTests[op.instr.(*ssa.Select)][op.state]; b != nil {
					cases[b] = &deadEnd{f: f, op: op, pos: st.Pos}
				}
			}
		}
	}
	return instrs, edges, cases
}

// okBranches returns the branches on the ok result of a comma-ok receive.
func okBranches(recv *ssa.UnOp) []*ssa.If {
	var out []*ssa.If
	for _, ref := range *recv.Referrers() {
		if ex, ok := ref.(*ssa.Extract); ok && ex.Index == 1 {
			for _, r := range *ex.Referrers() {
				if iff, ok := r.(*ssa.If); ok {
					out = append(out, iff)
				}
			}
		}
	}
	return out
}

// returnsPast reports whether fn can return, as returns does, when the
// dead ends never complete, and returns the dead ends the search met.
func (c *checker) returnsPast(fn *ssa.Function, instrs map[ssa.Instruction]*deadEnd, edges, cases map[*ssa.BasicBlock]*deadEnd) (bool, []*deadEnd) {
	var met []*deadEnd
	stop := func(instr ssa.Instruction) bool {
		if d := instrs[instr]; d != nil {
			met = append(met, d)
			return true
		}
		return c.m.NoReturn(instr)
	}
	succs := func(b *ssa.BasicBlock) []*ssa.BasicBlock {
		iff, _ := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		var out []*ssa.BasicBlock
		for i, succ := range b.Succs {
			if iff != nil && i == 1 && closedTimerEdge(iff) {
				continue
			}
			if d := edges[b]; d != nil && iff != nil && i == 1 {
				met = append(met, d)
				continue
			}
			if d := cases[b]; d != nil && iff != nil && i == 0 {
				met = append(met, d)
				continue
			}
			out = append(out, succ)
		}
		return out
	}
	if ssax.ReturnReachable(fn, stop, succs) {
		return true, nil
	}
	return false, met
}

// checkDeadExits reports a goroutine that could return, but only past an
// operation on a field nobody serves: the end of a range over a field
// nothing closes (unclosed-range), or a receive from a quit channel
// nothing closes (no-exit-loop).
func (c *checker) checkDeadExits(fn *ssa.Function, l *launch) {
	body := l.body.Fn
	if body == nil || c.m.Summary(body) == nil || len(body.Blocks) == 0 {
		return
	}
	if c.startsOnce(fn, l.instr) || c.documentedForever(fn, l.pos()) || !c.returns(body) {
		return // runs once, or has no way out at all (checkNoExit)
	}
	instrs, edges, cases := c.deadEnds(body)
	if len(instrs)+len(edges)+len(cases) == 0 {
		return
	}
	ok, met := c.returnsPast(body, instrs, edges, cases)
	if ok || len(met) == 0 {
		return
	}
	slices.SortFunc(met, func(a, b *deadEnd) int { return int(a.pos - b.pos) })
	for _, d := range met {
		if d.block && !d.rng {
			return // a receive that never completes: reported by checkDeadFields
		}
	}
	for _, d := range met {
		if !d.rng {
			continue
		}
		name := c.fieldName(d.f, d.op)
		msg := fmt.Sprintf("range over %s never ends: nothing in this package closes %s, and no other package can reach the unexported %s; %s, so close %s when its owner is stopped",
			name, name, d.f.describe(), c.starts(fn, l), name)
		c.report(analysis.Diagnostic{Pos: d.op.instr.Pos(), Category: catUnclosed, Message: msg})
		return
	}
	d := met[0]
	name := c.fieldName(d.f, d.op)
	way := fmt.Sprintf("receiving from %s (%s), which nothing in this package closes or sends on", name, c.m.Pos(d.pos))
	remedy := "close " + name
	if d.op.kind == useSelect && d.op.selectDir() == types.SendOnly {
		way = fmt.Sprintf("sending on %s (%s), which nothing in this package receives from", name, c.m.Pos(d.pos))
		remedy = "receive from " + name
	}
	msg := fmt.Sprintf("goroutine running %s never exits: its only way out is %s, and no other package can reach the unexported %s; %s, so %s when its owner is stopped",
		l.body.Name(c.pass.Pkg), way, d.f.describe(), c.starts(fn, l), remedy)
	c.report(analysis.Diagnostic{Pos: l.pos(), Category: catNoExit, Message: msg})
}

// starts says why more goroutines like l pile up.
func (c *checker) starts(fn *ssa.Function, l *launch) string {
	return fmt.Sprintf("%s (go statement at %s)", whyAgain(fn), c.m.Pos(l.pos()))
}

// selectCaseTests maps each select of fn to the blocks that test which case
// it took: the true edge of each such block enters the case. (A case with
// an empty body may share its first block with the others, so the edge, not
// the block, identifies it.)
func selectCaseTests(fn *ssa.Function) map[*ssa.Select]map[int]*ssa.BasicBlock {
	out := make(map[*ssa.Select]map[int]*ssa.BasicBlock)
	for _, b := range fn.Blocks {
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		eq, ok := iff.Cond.(*ssa.BinOp)
		if !ok || eq.Op != token.EQL {
			continue
		}
		ex, ok := eq.X.(*ssa.Extract)
		k, ok2 := eq.Y.(*ssa.Const)
		if !ok || !ok2 || ex.Index != 0 {
			continue
		}
		sel, ok := ex.Tuple.(*ssa.Select)
		if !ok {
			continue
		}
		if out[sel] == nil {
			out[sel] = make(map[int]*ssa.BasicBlock)
		}
		out[sel][int(k.Int64())] = b
	}
	return out
}

package leak

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Cancellation on one side only. A loop that receives from a channel and
// can leave on a stop signal, a context or an error stops serving it;
// whoever sends on it afterwards with a bare send waits forever. Checking
// the stop signal first (select { case <-stop: return; default: ch <- v })
// does not help: the loop may stop between the check and the send. The
// other way round, a receive with no way out on a channel whose every
// sender gives up when cancelled, and which nothing closes, waits forever
// once the senders have given up.
//
// Both are judged on channels shared by several functions (fields,
// package variables, results), whose every operation is in view; channels
// local to one function run are the owner rules' (channels.go).

// sharedChan returns the object of ch when it is shared, fully in view
// and operated on only by this package's own code.
func (c *checker) sharedChan(ch ssa.Value) (model.Object, bool) {
	o, ok := c.m.ObjectOf(ch)
	if !ok || o.Local || o.Escapes != "" || o.Unbound != "" || o.ID == "done" || o.ID == "timer" {
		return model.Object{}, false
	}
	for _, op := range o.Ops {
		if op.External {
			return model.Object{}, false
		}
	}
	return o, true
}

// checkOneSided reports fn's bare sends to receivers that can stop, and
// its bare receives from senders that all give up.
func (c *checker) checkOneSided(fn *ssa.Function) {
	for instr := range ssax.Instrs(fn) {
		switch instr := instr.(type) {
		case *ssa.Send:
			if _, blocks := c.m.DirectOp(instr); blocks {
				c.checkSendToQuitter(fn, instr)
			}
		case *ssa.UnOp:
			if op, blocks := c.m.DirectOp(instr); blocks && !op.Range && !op.Cancellable {
				c.checkRecvFromQuitters(fn, instr, op)
			}
		}
	}
}

// checkSendToQuitter reports a bare send whose every receiver is a loop
// that can stop receiving for good.
func (c *checker) checkSendToQuitter(fn *ssa.Function, send *ssa.Send) {
	o, ok := c.sharedChan(send.Chan)
	if !ok || c.runsBounded(fn, 0) || !c.inPackageGoroutine(fn) || c.ctxReported[fn] || c.sendFits(fn, send) {
		// A sender that runs a bounded number of times strands at
		// most a few goroutines. A sender that is not one of the
		// package's own goroutines is a method its users call: after
		// the loop has stopped (the object is closed), calling it is
		// their misuse. A goroutine already reported for ignoring the
		// context it was handed is the same root cause. A send its
		// channel's buffer always takes never waits.
		return
	}
	var checked []model.Object
	sel := checkedBefore(send)
	if sel != nil {
		for _, st := range sel.States {
			if y, ok := c.m.ObjectOf(st.Chan); ok && st.Dir == types.RecvOnly {
				checked = append(checked, y)
			}
		}
	}
	var exit token.Pos
	var quitter *ssa.Function
	found := false
	for _, op := range o.Ops {
		if !op.Receives() {
			continue
		}
		found = true
		if op.Fn == fn {
			return // the sender receives too: a loop feeding itself (self-wait's)
		}
		at, ok := c.leavesEarly(op, o, checked)
		if !ok {
			return // a receiver that keeps receiving
		}
		if !exit.IsValid() {
			exit, quitter = at, op.Fn
		}
	}
	if !found {
		return // nobody receives at all (no-answerer)
	}
	what := "send on " + c.m.Src.CallName(send.Pos())
	if bl, ok := c.m.DirectOp(send); ok {
		what = bl.What
	}
	name := spellOperand(c, send)
	check := ""
	if sel != nil {
		check = fmt.Sprintf(" (the check at %s does not help: the loop may stop between the check and the send)", c.m.Pos(sel.Pos()))
	}
	msg := fmt.Sprintf("%s can block forever: its only receiver, the loop in %s, can stop receiving (it leaves at %s) and nothing receives from %s after that%s; send in a select that also waits on the signal the loop stops on, or keep the loop draining %s until the senders are done",
		what, c.name(quitter), c.m.Pos(exit), name, check, name)
	c.reportNew(analysis.Diagnostic{Pos: send.Pos(), Category: catOneSided, Message: msg,
		Related: related(exit, "the receiving loop stops here")})
}

// spellOperand spells the channel of a send as the user wrote it.
func spellOperand(c *checker, send *ssa.Send) string {
	if s := c.m.Src.Send(send.Pos()); s != nil {
		return ssax.Spell(s.Chan)
	}
	if p, ok := ssax.PathOf(send.Chan); ok && p.Spell() != "" {
		return p.Spell()
	}
	return "the channel"
}

// checkedBefore returns a non-blocking select that receives (a check of
// a stop signal) on every path to instr, in its function.
func checkedBefore(instr ssa.Instruction) *ssa.Select {
	for in := range ssax.Before(instr) {
		sel, ok := in.(*ssa.Select)
		if !ok || sel.Blocking {
			continue
		}
		for _, st := range sel.States {
			if st.Dir == types.RecvOnly {
				return sel
			}
		}
	}
	return nil
}

// leavesEarly reports whether the receive op is a loop that comes round
// to receive again and can leave for good other than by the channel's
// closing, without receiving from it again on the way out; at is where it
// leaves. A function restarted in a loop by its callers (a reconnecting
// client) does not leave for good.
func (c *checker) leavesEarly(op model.ObjOp, o model.Object, checked []model.Object) (at token.Pos, ok bool) {
	fn := op.Fn
	if fn == nil || len(fn.Blocks) == 0 || op.Deferred || c.restarted(fn) {
		return token.NoPos, false
	}
	if !tests && c.inTestFile(fn.Pos()) {
		return token.NoPos, false // a receiver in the tests: test scaffolding
	}
	li := c.loopsOf(fn)
	b := op.Instr.Block()
	l := li.innermost(b, nil)
	if l == nil {
		return token.NoPos, false // one receive per call: a reply, not a consumer
	}
	if op.Select != nil {
		entry := caseEntry(op)
		if entry == nil || !l.blocks[entry] {
			return token.NoPos, false // the case leaves the loop: one value per call
		}
	}
	if drainsInDefer(fn, l, o) {
		return token.NoPos, false // it receives again on its way out, in a deferred function
	}
	recvs := make(map[ssa.Instruction]bool)
	closed := c.closedEdges(fn, o)       // blocks whose false edge is never taken, or means "closed"
	received := make(map[ssa.Value]bool) // the values received
	for _, other := range o.Ops {
		if other.Fn == fn && other.Closes() {
			if other.Deferred {
				return token.NoPos, false // it closes the channel on its way out: senders panic, they do not wait
			}
			recvs[other.Instr] = true // closing on the way out: likewise
		}
		if other.Fn != fn || !other.Receives() {
			continue
		}
		recvs[other.Instr] = true
		for _, v := range receivedValues(other) {
			received[v] = true
		}
	}
	stop := func(in ssa.Instruction) bool { return recvs[in] || c.m.NoReturn(in) }
	told := append(c.toldToStop(fn, l, o), c.lifetimeStops(fn, l, checked)...)
	told = append(told, c.runContextStops(fn, l)...)
	for _, x := range fn.Blocks {
		if !l.blocks[x] {
			continue
		}
		for i, succ := range x.Succs {
			if l.blocks[succ] || endsInPanic(succ) || i == 1 && closed[x] || slices.Contains(told, succ) {
				continue
			}
			if iff, ok := x.Instrs[len(x.Instrs)-1].(*ssa.If); ok && derivedFrom(iff.Cond, received, 0) {
				continue // a sentinel value ends the loop: the sender chose to stop it
			}
			if iff, ok := x.Instrs[len(x.Instrs)-1].(*ssa.If); ok && ownerState(iff.Cond, 0) {
				continue // the owner's state says it is closed: an end of life, as above
			}
			if ret := ssax.ReachedReturn(succ, stop, notInto(told, closed)); ret != nil {
				if ret.Pos().IsValid() {
					return ret.Pos(), true
				}
				return exitOf(x, succ), true
			}
		}
	}
	return token.NoPos, false
}

// drainsInDefer reports whether fn defers, before it enters loop l, a
// function that receives from o: whichever way the loop leaves, that
// receive runs on the way out (etcd's watch stream receives once from
// every substream it closes), so leaving the loop does not leave the
// senders without a receiver. The deferred function is a closure or a
// static callee; how many values it takes is not judged.
func drainsInDefer(fn *ssa.Function, l *loop, o model.Object) bool {
	for _, b := range fn.Blocks {
		if !b.Dominates(l.header) || l.blocks[b] {
			continue
		}
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			callee := d.Call.StaticCallee() // a closure's function too
			if callee == nil {
				continue
			}
			for _, op := range o.Ops {
				if op.Fn == callee && op.Receives() {
					return true
				}
			}
		}
	}
	return false
}

// notInto returns a successor function for the return searches that does
// not enter the blocks in told (the senders said they are done there).
func notInto(told []*ssa.BasicBlock, dead map[*ssa.BasicBlock]bool) func(*ssa.BasicBlock) []*ssa.BasicBlock {
	return func(b *ssa.BasicBlock) []*ssa.BasicBlock {
		var out []*ssa.BasicBlock
		for i, s := range b.Succs {
			if !slices.Contains(told, s) && !(i == 1 && dead[b]) {
				out = append(out, s)
			}
		}
		return out
	}
}

// closedEdges returns the blocks of fn ending in a branch on the ok of a
// receive (comma-ok, or a select case) from the channel group id, or from
// a channel that nothing in view closes: their false edge, "closed", is
// the judged channel's end, or never taken.
func (c *checker) closedEdges(fn *ssa.Function, judged model.Object) map[*ssa.BasicBlock]bool {
	dead := make(map[*ssa.BasicBlock]bool)
	neverClosed := func(ch ssa.Value) bool {
		if o, ok := c.m.ObjectOf(ch); ok && o.Same(judged) {
			return true // the judged channel: closing it is its end
		}
		o, ok := c.sharedChan(ch)
		if !ok {
			return false
		}
		for _, op := range o.Ops {
			if op.Closes() {
				return false
			}
		}
		return true
	}
	tests := selectCaseTests(fn)
	for instr := range ssax.Instrs(fn) {
		switch instr := instr.(type) {
		case *ssa.UnOp:
			if instr.CommaOk && neverClosed(instr.X) {
				for _, iff := range okBranches(instr) {
					dead[iff.Block()] = true
				}
			}
		case *ssa.Select:
			for _, ref := range *instr.Referrers() {
				ex, ok := ref.(*ssa.Extract)
				if !ok || ex.Index != 1 {
					continue
				}
				for _, r := range *ex.Referrers() {
					iff, ok := r.(*ssa.If)
					if !ok {
						continue
					}
					// The ok is that of the case whose entry
					// dominates the branch.
					for i, st := range instr.States {
						t := tests[instr][i]
						if st.Dir == types.RecvOnly && t != nil && t.Succs[0].Dominates(iff.Block()) && neverClosed(st.Chan) {
							dead[iff.Block()] = true
						}
					}
				}
			}
		}
	}
	return dead
}

// toldToStop returns the entries of the select cases of loop l that
// receive from a channel every sender on o also sends on or closes: a
// sender's own "I am done" (its final error, its done channel). Leaving the
// loop from such a case leaves no sender behind.
func (c *checker) toldToStop(fn *ssa.Function, l *loop, o model.Object) []*ssa.BasicBlock {
	senders := make(map[*ssa.Function]bool)
	for _, op := range o.Ops {
		if op.Sends() {
			senders[op.Fn] = true
		}
	}
	var out []*ssa.BasicBlock
	tests := selectCaseTests(fn)
	for _, b := range fn.Blocks {
		if !l.blocks[b] {
			continue
		}
		for _, instr := range b.Instrs {
			sel, ok := instr.(*ssa.Select)
			if !ok {
				continue
			}
			for i, st := range sel.States {
				if st.Dir != types.RecvOnly || tests[sel][i] == nil {
					continue
				}
				y, ok := c.m.ObjectOf(st.Chan)
				if !ok || y.Same(o) || y.ID == "done" || y.ID == "timer" {
					continue
				}
				signals := make(map[*ssa.Function]bool)
				for _, op := range y.Ops {
					if op.Sends() || op.Closes() {
						signals[op.Fn] = true
					}
				}
				all := len(senders) > 0
				for s := range senders {
					all = all && signals[s]
				}
				if all {
					out = append(out, tests[sel][i].Succs[0])
				}
			}
		}
	}
	return out
}

// lifetimeStops returns the entries of the select cases of loop l that
// receive an object's end-of-life signal: a channel kept in a field
// (s.quit), or Done (HasBeenClosed, ...) of a context or closer kept in
// one. A loop that stops there stops because its owner was closed, and a
// sender that sends after that is its caller's misuse, unless the sender
// itself checks that very signal first (checked): then it runs while the
// owner closes, and the check-then-act race is real. A context handed to
// the loop's function as a parameter is judged by runContextStops: it is
// the owner's lifetime only when the run that hands it over starts none
// of the senders.
func (c *checker) lifetimeStops(fn *ssa.Function, l *loop, checked []model.Object) []*ssa.BasicBlock {
	out, _ := loopRecvCases(fn, l, func(ch ssa.Value) (keep, ok bool) {
		if !lifetimeSignal(ch) {
			return false, true
		}
		if y, found := c.m.ObjectOf(ch); found && slices.ContainsFunc(checked, y.Same) {
			return false, true
		}
		return true, true
	})
	return out
}

// loopRecvCases returns the entries of the receive cases of the selects in
// loop l whose channel pick keeps; pick's ok false gives up (nil, false).
func loopRecvCases(fn *ssa.Function, l *loop, pick func(ch ssa.Value) (keep, ok bool)) ([]*ssa.BasicBlock, bool) {
	var out []*ssa.BasicBlock
	tests := selectCaseTests(fn)
	for instr := range ssax.Instrs(fn) {
		sel, isSel := instr.(*ssa.Select)
		if !isSel || !l.blocks[sel.Block()] {
			continue
		}
		for i, st := range sel.States {
			if st.Dir != types.RecvOnly || tests[sel][i] == nil {
				continue
			}
			keep, ok := pick(st.Chan)
			if !ok {
				return nil, false
			}
			if keep {
				out = append(out, tests[sel][i].Succs[0])
			}
		}
	}
	return out, true
}

// runContextStops returns the entries of the select cases of loop l that
// receive from Done of the context fn was run with (a parameter of fn, or
// a variable a function literal captures), when that context ends only
// with the loop's owner (runsForOwner): then the loop stops serving only
// when its owner is shut down, and a sender is stranded only if it sends
// at or after that shutdown, as for a quit channel kept in a field
// (lifetimeStops).
func (c *checker) runContextStops(fn *ssa.Function, l *loop) []*ssa.BasicBlock {
	out, _ := loopRecvCases(fn, l, func(ch ssa.Value) (keep, ok bool) {
		if !runContextDone(fn, ch) {
			return false, true
		}
		if !c.runsForOwner(fn, ch.(*ssa.Call).Call.Value) {
			return false, false
		}
		return true, true
	})
	return out
}

// runContextDone reports whether ch is ctx.Done() of a context fn was run
// with: a parameter of fn or a variable it captures.
func runContextDone(fn *ssa.Function, ch ssa.Value) bool {
	call, ok := ch.(*ssa.Call)
	if !ok || !call.Call.IsInvoke() || call.Call.Method.Name() != "Done" || !model.IsDoneChan(ch) {
		return false
	}
	switch v := call.Call.Value.(type) {
	case *ssa.Parameter:
		return v.Parent() == fn
	case *ssa.FreeVar:
		return v.Parent() == fn
	}
	return false
}

// runsForOwner reports whether the context fn is run with (ctx, a
// parameter or captured variable of fn) ends only with its owner: each go
// statement or call that runs fn either runs once per process (main,
// init, a plugin registered there, a function that registers a flag or a
// handler), or hands fn a context of the program (programContext). A loop
// that no function of the package runs is run by the package's users, as
// an exported Run(ctx) of an owner is, with the context its user gives the
// owner. A context a constructor or a request handler is given, from
// callers out of view, may be a request's, cancelled while the other side
// still works: not the owner's.
func (c *checker) runsForOwner(fn *ssa.Function, ctx ssa.Value) bool {
	sites := append(slices.Clone(c.callSites()[fn]), c.startsOf(fn)...)
	live := 0
	for _, site := range sites {
		at := site.Parent()
		if !tests && c.inTestFile(site.Pos()) {
			continue // a test runs the loop with a context of its own: scaffolding
		}
		live++
		if c.startsOnce(at, site) || c.runsBounded(at, 0) {
			continue
		}
		if !c.programContext(argAt(site, fn, ctx), 0) {
			return false
		}
	}
	if live == 0 {
		// Run by the package's users (or by a function value: who
		// hands it which context is unknown).
		return exportedOrMethodValue(fn)
	}
	return true
}

// argAt returns the value the call or go statement site passes for v, a
// parameter of fn (or, for a closure, the value bound to its free
// variable v where the closure is made), or nil.
func argAt(site ssa.CallInstruction, fn *ssa.Function, v ssa.Value) ssa.Value {
	switch v := v.(type) {
	case *ssa.Parameter:
		i := slices.Index(fn.Params, v)
		args := site.Common().Args
		if site.Common().IsInvoke() || i < 0 || i >= len(args) {
			return nil
		}
		return args[i]
	case *ssa.FreeVar:
		if mc, ok := site.Common().Value.(*ssa.MakeClosure); ok {
			if i := slices.Index(fn.FreeVars, v); i >= 0 && i < len(mc.Bindings) {
				return mc.Bindings[i]
			}
		}
	}
	return nil
}

// programContext reports whether the context v ends only with the
// program: it is kept in a package variable (GlobalContext, cancelled at
// shutdown), it is never cancelled (context.Background), or it is a
// parameter of a function that runs once, or whose every caller in the
// package passes such a context.
func (c *checker) programContext(v ssa.Value, depth int) bool {
	if v == nil || depth > 3 {
		return false
	}
	if model.IsFreshContext(v) {
		return true
	}
	if p, ok := ssax.PathOf(v); ok && p.Root == ssax.RootGlobal && len(p.Fields) == 0 {
		return true
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		fn := v.Parent()
		if c.once[fn] {
			return true
		}
		if exportedOrMethodValue(fn) {
			return false // its callers are out of view
		}
		sites := c.callSites()[fn]
		if len(sites) == 0 {
			return false
		}
		for _, site := range sites {
			if !c.programContext(argAt(site, fn, v), depth+1) {
				return false
			}
		}
		return true
	case *ssa.FreeVar:
		if c.once[v.Parent()] {
			return true
		}
		if mc, b := capturedBinding(v); mc != nil {
			return c.programContext(b, depth+1)
		}
	}
	return false
}

// capturedBinding returns the closure creation that binds fv and the value
// bound, when the closure is made in one place.
func capturedBinding(fv *ssa.FreeVar) (*ssa.MakeClosure, ssa.Value) {
	fn := fv.Parent()
	if fn.Parent() == nil {
		return nil, nil
	}
	i := slices.Index(fn.FreeVars, fv)
	var found *ssa.MakeClosure
	for instr := range ssax.Instrs(fn.Parent()) {
		if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
			if found != nil {
				return nil, nil
			}
			found = mc
		}
	}
	if found == nil || i < 0 || i >= len(found.Bindings) {
		return nil, nil
	}
	return found, found.Bindings[i]
}

// lifetimeSignal reports whether ch is an owner's end-of-life signal: a
// channel loaded from a field, or the result of a method without
// arguments (Done, HasBeenClosed) called on a value loaded from a field.
// A package variable counts too: its owner is the package, whose end of
// life is the program's (minio's GlobalContext, cancelled on shutdown).
func lifetimeSignal(ch ssa.Value) bool {
	if p, ok := ssax.PathOf(ch); ok && ownerPath(p) {
		return true
	}
	call, ok := ch.(*ssa.Call)
	if !ok {
		return false
	}
	var recv ssa.Value
	switch {
	case call.Call.IsInvoke() && len(call.Call.Args) == 0:
		recv = call.Call.Value
	case !call.Call.IsInvoke() && len(call.Call.Args) == 1 && call.Call.Signature().Recv() != nil:
		recv = call.Call.Args[0]
	}
	if recv == nil {
		return false
	}
	p, ok := ssax.PathOf(recv)
	return ok && ownerPath(p)
}

// ownerPath reports whether p reaches a value its owner keeps: a field,
// or a package variable.
func ownerPath(p ssax.Path) bool { return len(p.Fields) > 0 || p.Root == ssax.RootGlobal }

// ownerState reports whether a branch condition reads the owner's state: a
// field (if s.closed), or a method without arguments called on a field
// (if s.closed.Load()), possibly negated or compared with a constant.
func ownerState(v ssa.Value, depth int) bool {
	if depth > 3 {
		return false
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.NOT {
			return ownerState(x.X, depth+1)
		}
		if x.Op == token.MUL {
			p, ok := ssax.PathOf(x.X)
			return ok && len(p.Fields) > 0
		}
	case *ssa.BinOp:
		_, xk := x.X.(*ssa.Const)
		_, yk := x.Y.(*ssa.Const)
		return yk && ownerState(x.X, depth+1) || xk && ownerState(x.Y, depth+1)
	case *ssa.Call:
		if !x.Call.IsInvoke() && len(x.Call.Args) == 1 && x.Call.Signature().Recv() != nil {
			p, ok := ssax.PathOf(x.Call.Args[0])
			return ok && len(p.Fields) > 0
		}
	}
	return false
}

// receivedValues returns the values a receive op takes from its channel:
// the receive itself, or the extract of a comma-ok receive or a select
// case.
func receivedValues(op model.ObjOp) []ssa.Value {
	switch instr := op.Instr.(type) {
	case *ssa.UnOp:
		if !instr.CommaOk {
			return []ssa.Value{instr}
		}
		var out []ssa.Value
		for _, ref := range *instr.Referrers() {
			if ex, ok := ref.(*ssa.Extract); ok && ex.Index == 0 {
				out = append(out, ex)
			}
		}
		return out
	case *ssa.Select:
		idx := 2 // the tuple holds index, ok, then one value per receive
		for _, st := range instr.States {
			if st.Pos == op.Pos {
				break
			}
			if st.Dir == types.RecvOnly {
				idx++
			}
		}
		var out []ssa.Value
		for _, ref := range *instr.Referrers() {
			if ex, ok := ref.(*ssa.Extract); ok && ex.Index == idx {
				out = append(out, ex)
			}
		}
		return out
	}
	return nil
}

// derivedFrom reports whether v is computed from one of the values in
// from without a call in between: a comparison of a received value or of
// one of its fields (a sentinel), not the error of processing it.
func derivedFrom(v ssa.Value, from map[ssa.Value]bool, depth int) bool {
	if from[v] {
		return true
	}
	if depth > 6 {
		return false
	}
	var ops []ssa.Value
	switch x := v.(type) {
	case *ssa.BinOp:
		ops = []ssa.Value{x.X, x.Y}
	case *ssa.UnOp:
		ops = []ssa.Value{x.X}
	case *ssa.FieldAddr:
		ops = []ssa.Value{x.X}
	case *ssa.Field:
		ops = []ssa.Value{x.X}
	case *ssa.Extract:
		ops = []ssa.Value{x.Tuple}
	case *ssa.TypeAssert:
		ops = []ssa.Value{x.X}
	case *ssa.ChangeType:
		ops = []ssa.Value{x.X}
	case *ssa.Convert:
		ops = []ssa.Value{x.X}
	case *ssa.IndexAddr:
		ops = []ssa.Value{x.X}
	case *ssa.Index:
		ops = []ssa.Value{x.X}
	}
	for _, op := range ops {
		if derivedFrom(op, from, depth+1) {
			return true
		}
	}
	return false
}

// caseEntry returns the block a select case of op enters: the true
// successor of the test for the case.
func caseEntry(op model.ObjOp) *ssa.BasicBlock {
	for i, st := range op.Select.States {
		if st.Pos != op.Pos {
			continue
		}
		if t := selectCaseTests(op.Fn)[op.Select][i]; t != nil {
			return t.Succs[0]
		}
	}
	return nil
}

// restarted reports whether fn is called, or started as a goroutine, from
// inside a loop of its caller: leaving it is not leaving for good.
func (c *checker) restarted(fn *ssa.Function) bool {
	for _, call := range c.callSites()[fn] {
		if c.loopsOf(call.Parent()).inAnyLoop(call.Block()) {
			return true
		}
	}
	return false
}

// callSites returns, for each function of the package, the calls and go
// statements that run it.
func (c *checker) callSites() map[*ssa.Function][]ssa.CallInstruction {
	if c.sites != nil {
		return c.sites
	}
	c.sites = make(map[*ssa.Function][]ssa.CallInstruction)
	for _, fn := range c.m.Funcs {
		for call := range ssax.Calls(fn) {
			if callee := c.m.Callee(call); callee.Fn != nil {
				c.sites[callee.Fn] = append(c.sites[callee.Fn], call)
			}
		}
	}
	for _, ls := range c.launches {
		for _, l := range ls {
			if call, ok := l.instr.(ssa.CallInstruction); ok && l.body.Fn != nil {
				if _, isGo := call.(*ssa.Go); !isGo {
					c.sites[l.body.Fn] = append(c.sites[l.body.Fn], call)
				}
			}
		}
	}
	return c.sites
}

// checkRecvFromQuitters reports a bare receive whose every sender gives
// up when cancelled and that nothing closes: once they have given up, it
// waits forever.
func (c *checker) checkRecvFromQuitters(fn *ssa.Function, recv *ssa.UnOp, op *model.Blocking) {
	o, ok := c.sharedChan(recv.X)
	if !ok || !c.inPackageGoroutine(fn) {
		return // see checkSendToQuitter
	}
	if c.takesBackToken(fn, recv, o) {
		return // a semaphore's release: its own token is in the channel
	}
	var sends []model.ObjOp
	for _, s := range o.Ops {
		switch {
		case s.Closes():
			return // closing it frees the receiver
		case s.Sends():
			if s.Select == nil || !c.selectCancels(s.Select, fn) {
				return // a sender that does not give up, or not while fn waits
			}
			sends = append(sends, s)
		}
	}
	if len(sends) == 0 {
		return // nobody sends at all (no-answerer)
	}
	if c.giveUpAtOwnerEnd(sends) {
		return // the senders stop only when their owner does
	}
	s := sends[0]
	msg := fmt.Sprintf("%s can block forever: every send on it gives up when cancelled (%s in %s at %s) and nothing closes it, so after a cancellation nobody answers; select on the same cancellation here, or close the channel when the sender gives up",
		op.What, "the select", c.name(s.Fn), c.m.Pos(s.Select.Pos()))
	c.reportNew(analysis.Diagnostic{Pos: recv.Pos(), Category: catOneSided, Message: msg,
		Related: related(s.Select.Pos(), "the sender gives up here")})
}

// giveUpAtOwnerEnd reports whether every send gives up for good only on
// its owner's end of life: each case of its select that leads to a return
// of the sender (rather than back to the select, as a lock lost and taken
// again does) waits on a lifetime signal (a quit channel or context kept
// in a field or package variable), or on Done of the context the sender
// was run with when that context ends only with its owner (runsForOwner).
// A receiver stranded then waits on an owner that has been shut down
// (minio's leader lock, run with the program's context).
func (c *checker) giveUpAtOwnerEnd(sends []model.ObjOp) bool {
	for _, s := range sends {
		tests := selectCaseTests(s.Fn)[s.Select]
		for i, st := range s.Select.States {
			if st.Dir != types.RecvOnly || tests[i] == nil {
				continue
			}
			again := func(in ssa.Instruction) bool { return in == s.Select || c.m.NoReturn(in) }
			if ssax.ReachedReturn(tests[i].Succs[0], again, nil) == nil {
				continue // the case comes back to the send
			}
			if lifetimeSignal(st.Chan) {
				continue
			}
			if runContextDone(s.Fn, st.Chan) && c.runsForOwner(s.Fn, st.Chan.(*ssa.Call).Call.Value) {
				continue
			}
			return false
		}
	}
	return true
}

// takesBackToken reports whether the receive recv in fn discards what it
// receives and runs only after its function has completed a send on the
// same channel: a semaphore's release (select { case sem <- struct{}{}:
// case <-ctx.Done(): return }; defer func() { <-sem }()). The token it
// put in is in the channel, so the receive does not wait for any other
// sender, whether they give up or not. The receive may sit in a function
// literal its function defers.
func (c *checker) takesBackToken(fn *ssa.Function, recv *ssa.UnOp, o model.Object) bool {
	for _, ref := range *recv.Referrers() {
		if _, ok := ref.(*ssa.DebugRef); !ok {
			return false // the value is used: a reply, not a token
		}
	}
	owner, at := fn, ssa.Instruction(recv)
	if fn.Parent() != nil {
		if d := deferredOnce(fn); d != nil {
			owner, at = fn.Parent(), d
		}
	}
	for _, s := range o.Ops {
		if !s.Sends() || s.Fn != owner || s.Deferred {
			continue
		}
		if s.Select == nil && precedesInstr(s.Instr, at) {
			return true
		}
		if s.Select != nil {
			if entry := caseEntry(s); entry != nil && entry.Dominates(at.Block()) {
				return true // the case that completed the send leads to it
			}
		}
	}
	return false
}

// deferredOnce returns the defer statement of fn's parent that defers the
// closure fn, when that is the closure's only use.
func deferredOnce(fn *ssa.Function) *ssa.Defer {
	var found *ssa.Defer
	for instr := range ssax.Instrs(fn.Parent()) {
		if d, ok := instr.(*ssa.Defer); ok && d.Call.Value == fn {
			if found != nil {
				return nil
			}
			found = d // a literal that captures nothing is deferred as is
			continue
		}
		mc, ok := instr.(*ssa.MakeClosure)
		if !ok || mc.Fn != fn {
			continue
		}
		refs := *mc.Referrers()
		if found != nil || len(refs) != 1 {
			return nil
		}
		d, ok := refs[0].(*ssa.Defer)
		if !ok || d.Call.Value != mc {
			return nil
		}
		found = d
	}
	return found
}

// selectCancels reports whether a select has a case that observes
// cancellation: ctx.Done(), or a receive from a signal channel.
// A signal that only the waiting function fn itself gives (it closes stop
// after its receive) cannot fire while fn waits.
func (c *checker) selectCancels(sel *ssa.Select, fn *ssa.Function) bool {
	for _, st := range sel.States {
		if st.Dir != types.RecvOnly {
			continue
		}
		if model.IsDoneChan(st.Chan) {
			return true
		}
		if !model.IsSignalChan(st.Chan) {
			continue
		}
		o, ok := c.m.ObjectOf(st.Chan)
		if !ok || o.Escapes != "" {
			return true
		}
		for _, op := range o.Ops {
			if (op.Sends() || op.Closes()) && op.Fn != fn {
				return true
			}
		}
	}
	return false
}

// inPackageGoroutine reports whether fn runs in a goroutine the package
// starts: it is the body of a go statement (or spawner) of the package, or
// a function such a body calls.
func (c *checker) inPackageGoroutine(fn *ssa.Function) bool {
	if c.inGoroutine == nil {
		c.inGoroutine = make(map[*ssa.Function]bool)
		for _, ls := range c.launches {
			for _, l := range ls {
				if b := l.body.Fn; b != nil && c.m.Summary(b) != nil {
					for f := range c.reach(b) {
						c.inGoroutine[f] = true
					}
				}
			}
		}
	}
	return c.inGoroutine[fn]
}

// runsBounded reports whether fn runs a bounded number of times per
// program: it runs once (main, init), or every call or start of it is in
// a function that does, outside loops other than a range over a slice,
// map or integer.
func (c *checker) runsBounded(fn *ssa.Function, depth int) bool {
	if c.once[fn] {
		return true
	}
	if depth > 4 {
		return false
	}
	sites := c.callSites()[fn]
	starts := c.startsOf(fn)
	if len(sites)+len(starts) == 0 || exportedOrMethodValue(fn) {
		return false
	}
	for _, at := range append(slices.Clone(sites), starts...) {
		if l := c.loopsOf(at.Parent()).innermost(at.Block(), nil); l != nil && !rangeLoop(l) {
			return false
		}
		if !c.runsBounded(at.Parent(), depth+1) {
			return false
		}
	}
	return true
}

// startsOf returns the go statements that run fn.
func (c *checker) startsOf(fn *ssa.Function) []ssa.CallInstruction {
	var out []ssa.CallInstruction
	for _, ls := range c.launches {
		for _, l := range ls {
			if g, ok := l.instr.(*ssa.Go); ok && l.body.Fn == fn {
				out = append(out, g)
			}
		}
	}
	return out
}

// exportedOrMethodValue reports whether fn can be run from where the
// package does not see: an exported function or method.
func exportedOrMethodValue(fn *ssa.Function) bool {
	obj := fn.Object()
	return obj != nil && obj.Exported()
}

// rangeLoop reports whether l is a range over a slice, array, map or
// integer: it runs a bounded number of times.
func rangeLoop(l *loop) bool {
	c := l.header.Comment
	return strings.HasPrefix(c, "rangeindex") || strings.HasPrefix(c, "rangeint") || strings.HasPrefix(c, "rangeiter") || strings.HasPrefix(c, "rangemap")
}

// sendFits reports whether the send, in the closure fn, can never wait
// because its channel's buffer takes everything sent on it. The channel
// is made by the function that creates the closure and captured by it, so
// each run has a channel of its own:
//
//   - a buffer of computed size (make(chan T, n)) is taken to be sized for
//     its senders, as the owner rules take it;
//   - a constant buffer of k >= 1 takes every value when the closure is
//     started once per make by a go statement, nothing else sends on
//     that channel (the maker and the closures it makes receive from it,
//     close it or hand it out receive-only), and the closure sends
//     on it at most k times on any path, never in a loop: a result
//     channel of buffer 1 that one goroutine fills once (containerd's
//     unpacker).
func (c *checker) sendFits(fn *ssa.Function, send *ssa.Send) bool {
	load, ok := send.Chan.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	fv, ok := load.X.(*ssa.FreeVar)
	parent := fn.Parent()
	if !ok || parent == nil {
		return false
	}
	idx := slices.Index(fn.FreeVars, fv)
	var mc *ssa.MakeClosure
	for instr := range ssax.Instrs(parent) {
		if m, ok := instr.(*ssa.MakeClosure); ok && m.Fn == fn {
			if mc != nil {
				return false
			}
			mc = m
		}
	}
	if mc == nil || idx < 0 || idx >= len(mc.Bindings) {
		return false
	}
	cell, ok := mc.Bindings[idx].(*ssa.Alloc)
	if !ok {
		return false
	}
	mk, ok := storedOnce(cell)
	if !ok {
		return false
	}
	size, isConst := mk.Size.(*ssa.Const)
	if !isConst {
		return true // a buffer of computed size: sized for its senders
	}
	k := int64(0)
	if size.Value != nil {
		k = size.Int64()
	}
	if k < 1 {
		return false
	}
	// Started once per make, by a go statement.
	refs := *mc.Referrers()
	if len(refs) != 1 {
		return false
	}
	if g, ok := refs[0].(*ssa.Go); !ok || g.Call.Value != mc || c.inLoopWithout(parent, g.Block(), mk) {
		return false
	}
	// Nothing but fn sends on the channel; fn at most k times on any
	// path, never in a loop.
	var sends []*ssa.Send
	if !cellTakes(cell, parent, fn, &sends, make(map[*ssa.Function]bool)) {
		return false
	}
	for _, x := range sends {
		if x.Parent() != fn || c.loopsOf(fn).innermost(x.Block(), nil) != nil {
			return false
		}
	}
	if int64(len(sends)) <= k {
		return true
	}
	for _, a := range sends {
		for _, b := range sends {
			if a != b && (a.Block() == b.Block() || ssax.Reaches(a.Block(), b.Block())) {
				return false
			}
		}
	}
	return true
}

// storedOnce returns the channel made and stored in the variable cell,
// its only store.
func storedOnce(cell *ssa.Alloc) (*ssa.MakeChan, bool) {
	var mk *ssa.MakeChan
	for _, ref := range *cell.Referrers() {
		st, ok := ref.(*ssa.Store)
		if !ok || st.Addr != cell {
			continue
		}
		v := st.Val
		for {
			ct, ok := v.(*ssa.ChangeType)
			if !ok {
				break
			}
			v = ct.X
		}
		m, ok := v.(*ssa.MakeChan)
		if !ok || mk != nil {
			return nil, false
		}
		mk = m
	}
	return mk, mk != nil
}

// cellTakes reports whether the uses of the captured channel variable
// cell (an Alloc in the maker, a free variable in its closures) only
// receive from the channel, close it, or hand it out receive-only; the
// sends of sender are collected in sends, sends elsewhere fail.
func cellTakes(cell ssa.Value, maker, sender *ssa.Function, sends *[]*ssa.Send, seen map[*ssa.Function]bool) bool {
	for _, ref := range *cell.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if ref.Addr != cell || ref.Parent() != maker {
				return false // another channel stored in it, or the cell stored
			}
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return false
			}
			for _, r := range *ref.Referrers() {
				if s, ok := r.(*ssa.Send); ok && s.Chan == ref && ref.Parent() == sender {
					*sends = append(*sends, s)
					continue
				}
				if !takes(r) {
					return false
				}
			}
		case *ssa.MakeClosure:
			inner := ref.Fn.(*ssa.Function)
			if seen[inner] {
				continue
			}
			seen[inner] = true
			for i, b := range ref.Bindings {
				if b == cell && !cellTakes(inner.FreeVars[i], maker, sender, sends, seen) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// takes reports whether the instruction ref, a use of the channel v, can
// only receive from it or close it: a receive, close, or a conversion to
// a receive-only channel (nothing can send on a <-chan, nor convert it
// back), or another conversion whose uses do the same.
func takes(ref ssa.Instruction) bool {
	switch ref := ref.(type) {
	case *ssa.DebugRef:
		return true
	case *ssa.UnOp:
		return ref.Op == token.ARROW
	case *ssa.Call:
		b, ok := ref.Call.Value.(*ssa.Builtin)
		return ok && b.Name() == "close"
	case *ssa.ChangeType:
		if ch, ok := ref.Type().Underlying().(*types.Chan); ok && ch.Dir() == types.RecvOnly {
			return true
		}
		for _, r := range *ref.Referrers() {
			if !takes(r) {
				return false
			}
		}
		return true
	}
	return false
}

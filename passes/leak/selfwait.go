package leak

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Waiting on yourself. A wait whose every answerer runs only after the
// wait, in the same goroutine or in one it has not started yet, never
// ends:
//
//   - a send on an unbuffered channel before the function starts the
//     goroutine that receives from it;
//   - wg.Wait inside the loop that starts the goroutines it waits for,
//     when those goroutines first wait on something the function does
//     only after the wait (a send the function receives after the loop);
//   - a goroutine that waits for its own exit signal: it is counted in a
//     WaitGroup (or closes a channel when it ends) and calls, before it
//     ends, a function that waits on that group (or channel), typically
//     Close from an error path of the worker.

// checkSelfWait applies the three forms to fn.
func (c *checker) checkSelfWait(fn *ssa.Function) {
	for instr := range ssax.Instrs(fn) {
		switch instr := instr.(type) {
		case *ssa.Send:
			c.checkSendBeforeStart(fn, instr)
		case *ssa.Call:
			c.checkWaitInStartLoop(fn, instr)
		}
	}
	for _, l := range c.launches[fn] {
		c.checkOwnExit(l)
	}
}

// checkSendBeforeStart reports a send on a channel of this function run
// whose every receiver is a goroutine the function starts only after the
// send, or the function itself.
func (c *checker) checkSendBeforeStart(fn *ssa.Function, send *ssa.Send) {
	if size, ok := bufferOf(root(send.Chan)); !ok || size > 0 {
		return // not made here, or buffered
	}
	o, ok := c.m.ObjectOf(send.Chan)
	if !ok || !o.Local || o.Escapes != "" || o.Unbound != "" {
		return
	}
	starts := make(map[ssa.Instruction]bool) // launches whose goroutines receive
	var first *launch
	found := false
	for _, op := range o.Ops {
		if op.External {
			return
		}
		if !op.Receives() {
			continue
		}
		found = true
		in := c.launchesReaching(fn, op.Fn)
		for _, l := range in {
			starts[l.instr] = true
			if first == nil || l.pos() < first.pos() {
				first = l
			}
		}
	}
	if !found || first == nil {
		return // nobody receives, or only fn's own goroutine: another rule's
	}
	for start := range starts {
		if pathBetween(start, send, nil) {
			return // a receiver may be running by the time of the send
		}
	}
	name := spellOperand(c, send)
	msg := fmt.Sprintf("send on %s blocks forever: its receiver is started only after it (the goroutine at %s), and nothing else receives from %s before; start the receiver first, or give %s a buffer",
		name, c.m.Pos(first.pos()), name, name)
	c.reportNew(analysis.Diagnostic{Pos: send.Pos(), Category: catSelfWait, Message: msg,
		Related: related(first.pos(), "the receiver starts here")})
}

// launchesReaching returns the goroutines fn starts that run target: its
// body, or a function the body calls.
func (c *checker) launchesReaching(fn, target *ssa.Function) []*launch {
	var out []*launch
	for _, l := range c.launches[fn] {
		if b := l.body.Fn; b != nil && (b == target || c.m.Summary(b) != nil && c.reach(b)[target]) {
			out = append(out, l)
		}
	}
	return out
}

// checkWaitInStartLoop reports a WaitGroup (or errgroup) wait whose
// goroutines, started by fn, first send on a channel only fn receives
// from, when no receive of fn lies between a start and the wait.
func (c *checker) checkWaitInStartLoop(fn *ssa.Function, call *ssa.Call) {
	callee := c.m.Callee(call)
	if callee.Obj == nil || knowledge.LookupSyncOp(knowledge.Key(callee.Obj)) != knowledge.SyncWaitAll || len(callee.Args) == 0 {
		return
	}
	group, ok := c.m.ObjectOf(callee.Args[0])
	if !ok || group.Escapes != "" {
		return
	}
	li := c.loopsOf(fn)
	for _, l := range c.launches[fn] {
		if l.summary == nil || !c.countedIn(l, group) {
			continue
		}
		if lp := li.innermost(l.instr.Block(), nil); lp == nil || !lp.blocks[call.Block()] {
			continue // the wait is not in the loop that starts the goroutine (wait-before-receive's)
		}
		for _, e := range l.summary.Chans {
			if !e.SendWaits {
				continue
			}
			v := l.valueOf(e.Root, e.Index)
			if v == nil {
				continue
			}
			ch, ok := c.m.ObjectOf(v)
			if !ok || !ch.Local || ch.Escapes != "" {
				continue
			}
			recvs, ok := c.onlyOwnReceives(fn, ch)

			if !ok {
				continue
			}
			if size, ok := bufferOf(root(v)); !ok || size > 0 {
				continue // a buffer: sized for the results, perhaps
			}
			if !pathBetween(l.instr, call, recvs) {
				continue // fn receives between the start and the wait
			}
			name := c.m.Src.Receiver(call.Pos())
			spell := "the group"
			if name != nil {
				spell = ssax.Spell(name)
			}
			msg := fmt.Sprintf("%s.Wait waits for the goroutine started at %s, which first waits to send on a channel that %s receives from only after the wait returns: neither can go on; receive before waiting, or wait outside the loop in a goroutine of its own",
				spell, c.m.Pos(l.pos()), c.name(fn))
			c.reportNew(analysis.Diagnostic{Pos: call.Pos(), Category: catSelfWait, Message: msg,
				Related: related(l.pos(), "the goroutine starts here")})
			return
		}
	}
}

// countedIn reports whether the goroutine l calls Done on group (or is
// started by the group's Go).
func (c *checker) countedIn(l *launch, group model.Object) bool {
	for _, op := range group.Ops {
		if !op.Dones() {
			continue
		}
		if op.Instr == l.instr || l.body.Fn != nil && (op.Fn == l.body.Fn || op.GoFn == l.body.Fn) {
			return true
		}
	}
	return false
}

// onlyOwnReceives returns fn's receives from the channel when fn is its
// only receiver.
func (c *checker) onlyOwnReceives(fn *ssa.Function, ch model.Object) (map[ssa.Instruction]bool, bool) {
	recvs := make(map[ssa.Instruction]bool)
	for _, op := range ch.Ops {
		if op.External {
			return nil, false
		}
		if !op.Receives() {
			continue
		}
		if op.Fn != fn {
			return nil, false
		}
		recvs[op.Instr] = true
	}
	return recvs, len(recvs) > 0
}

// bufferOf returns the constant buffer of a channel made in its function.
func bufferOf(v ssa.Value) (int64, bool) {
	for i := 0; i < 4; i++ {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.Alloc:
			if stored, ok := ssax.SingleStore(x); ok {
				v = stored
				continue
			}
		}
		break
	}
	if mk, ok := v.(*ssa.MakeChan); ok {
		return capacity(mk)
	}
	return 0, false
}

// pathBetween reports whether a path leads from from to to without
// passing an instruction in avoid.
func pathBetween(from, to ssa.Instruction, avoid map[ssa.Instruction]bool) bool {
	b := from.Block()
	start := indexIn(from) + 1
	seen := make(map[*ssa.BasicBlock]bool)
	type item struct {
		b   *ssa.BasicBlock
		idx int
	}
	stack := []item{{b, start}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.idx == 0 {
			if seen[it.b] {
				continue
			}
			seen[it.b] = true
		}
		live := true
		for _, in := range it.b.Instrs[it.idx:] {
			if in == to {
				return true
			}
			if avoid[in] {
				live = false
				break
			}
		}
		if live {
			for _, s := range it.b.Succs {
				stack = append(stack, item{s, 0})
			}
		}
	}
	return false
}

// checkOwnExit reports a goroutine that waits for its own end: it is
// counted in a WaitGroup, or closes a channel in a defer, and before it
// ends calls a function that waits on that group or channel.
func (c *checker) checkOwnExit(l *launch) {
	body := l.body.Fn
	if body == nil || c.m.Summary(body) == nil || len(body.Blocks) == 0 {
		return
	}
	// The group it is counted in, and where its Done is.
	type exit struct {
		obj      model.Object
		pos      token.Pos
		deferred bool
		instr    ssa.Instruction
		what     string
		// path is the object in the body's terms.
		path ssax.Path
	}
	var exits []exit
	if _, ok := knowledge.GroupWait(l.spawner); ok {
		callee := c.m.Callee(l.instr.(ssa.CallInstruction))
		if len(callee.Args) > 0 {
			o, ok := c.m.ObjectOf(callee.Args[0])
			path, inBody := bodyPath(l, callee.Args[0])
			if ok && inBody {
				exits = append(exits, exit{obj: o, pos: l.pos(), deferred: true, instr: l.instr, path: path,
					what: fmt.Sprintf("%s counts it until it returns", c.spellArg(l.pos(), callee.Args[0]))})
			}
		}
	}
	for call := range ssax.Calls(body) {
		callee := c.m.Callee(call)
		_, deferred := call.(*ssa.Defer)
		switch {
		case callee.Obj != nil && knowledge.LookupSyncOp(knowledge.Key(callee.Obj)) == knowledge.SyncDone && len(callee.Args) > 0:
			o, ok := c.m.ObjectOf(callee.Args[0])
			path, named := ssax.PathOf(callee.Args[0])
			if ok && named {
				exits = append(exits, exit{obj: o, pos: call.Pos(), deferred: deferred, instr: call, path: path,
					what: fmt.Sprintf("it calls %s.Done when it ends (%s)", c.spellArg(call.Pos(), callee.Args[0]), c.m.Pos(call.Pos()))})
			}
		case deferred && isClose(call) && len(call.Common().Args) == 1:
			o, ok := c.m.ObjectOf(call.Common().Args[0])
			path, named := ssax.PathOf(call.Common().Args[0])
			if ok && named && c.onlyClosedBy(o, body) {
				exits = append(exits, exit{obj: o, pos: call.Pos(), deferred: true, instr: call, path: path,
					what: fmt.Sprintf("it closes %s when it ends (%s)", c.spellCloseArg(call), c.m.Pos(call.Pos()))})
			}
		}
	}
	for _, e := range exits {
		if e.obj.Escapes != "" || e.obj.ID == "done" || e.obj.ID == "timer" {
			continue
		}
		for _, op := range e.obj.Ops {
			waits := op.Waits() || op.Receives() && op.Select == nil && !op.Ranges()
			if !waits || op.External || op.Deferred {
				continue
			}
			at := c.callTowards(body, op.Fn, op.Instr)
			if at == nil {
				continue
			}
			if !c.beforeExit(at, e.instr, e.deferred) || !c.sameInstance(body, at, op, e.path) {
				continue
			}
			what := "waits for it"
			if bl, ok := c.m.DirectOp(op.Instr); ok {
				what = "waits in " + bl.What
			}
			msg := fmt.Sprintf("the goroutine started at %s waits for its own end: %s, and before that %s %s (%s); nothing else can end that wait; call it in a goroutine of its own, or do not wait from inside the goroutine",
				c.m.Pos(l.pos()), e.what, c.via(body, at, op), what, c.m.Pos(op.Pos))
			c.reportNew(analysis.Diagnostic{Pos: at.Pos(), Category: catSelfWait, Message: msg,
				Related: append(related(op.Pos, "the wait"), related(e.pos, "its own end")...)})
			return
		}
	}
}

// bodyPath returns the path, in the goroutine body's terms, of v, a value
// of the parent the body captures or is passed.
func bodyPath(l *launch, v ssa.Value) (ssax.Path, bool) {
	body := l.body.Fn
	for i, b := range l.body.Bindings {
		if b == v && i < len(body.FreeVars) {
			return ssax.PathOf(body.FreeVars[i])
		}
	}
	for i, a := range l.body.Args {
		if a == v && i < len(body.Params) {
			return ssax.PathOf(body.Params[i])
		}
	}
	return ssax.Path{}, false
}

// sameInstance reports whether the wait op, reached from the body at at
// (the op itself, or a call of the function containing it), waits on the
// very object the body signals at its end (exit, in the body's terms):
// the wait's object is the body's own, or the callee's parameter the body
// passes it as. The object index groups by field, so without this a wait
// on another value of the same type (another iterator's items) would be
// taken for the body's own.
func (c *checker) sameInstance(body *ssa.Function, at ssa.Instruction, op model.ObjOp, exit ssax.Path) bool {
	var v ssa.Value
	switch instr := op.Instr.(type) {
	case *ssa.UnOp:
		v = instr.X
	case ssa.CallInstruction:
		if args := c.m.Callee(instr).Args; len(args) > 0 {
			v = args[0]
		}
	}
	if v == nil {
		return false
	}
	p, ok := ssax.PathOf(v)
	if !ok {
		return false
	}
	if op.Fn == body {
		return p.Key() == exit.Key()
	}
	call, ok := at.(ssa.CallInstruction)
	if !ok {
		return false
	}
	callee := c.m.Callee(call)
	if callee.Fn != op.Fn {
		return false // a longer chain: the instance is not followed
	}
	q, ok := p.Subst(callee.Args, callee.Bindings)
	return ok && q.Key() == exit.Key()
}

// spellArg spells the receiver of the call at pos as written, or the
// access path of v.
func (c *checker) spellArg(pos token.Pos, v ssa.Value) string {
	if r := c.m.Src.Receiver(pos); r != nil {
		return ssax.Spell(r)
	}
	if p, ok := ssax.PathOf(v); ok && p.Spell() != "" {
		return p.Spell()
	}
	return "its group"
}

// spellCloseArg spells the channel of close(ch) as written.
func (c *checker) spellCloseArg(call ssa.CallInstruction) string {
	if ce := c.m.Src.Call(call.Pos()); ce != nil && len(ce.Args) == 1 {
		return ssax.Spell(ce.Args[0])
	}
	if p, ok := ssax.PathOf(call.Common().Args[0]); ok && p.Spell() != "" {
		return p.Spell()
	}
	return "a channel"
}

// onlyClosedBy reports whether every send on and close of the channel is
// in fn.
func (c *checker) onlyClosedBy(o model.Object, fn *ssa.Function) bool {
	for _, op := range o.Ops {
		if (op.Sends() || op.Closes()) && (op.Fn != fn || op.External) {
			return false
		}
	}
	return true
}

// callTowards returns the instruction of body that performs target (an
// operation in fn target) itself or calls towards it, or nil.
func (c *checker) callTowards(body, target *ssa.Function, op ssa.Instruction) ssa.Instruction {
	if target == body {
		return op
	}
	for call := range ssax.Calls(body) {
		if _, isGo := call.(*ssa.Go); isGo || c.launchAt(body, call) != nil {
			continue
		}
		callee := c.m.Callee(call).Fn
		if callee != nil && c.m.Summary(callee) != nil && (callee == target || c.reach(callee)[target]) {
			return call
		}
	}
	return nil
}

// via names the route from the goroutine's body to the wait: "it calls
// (*Server).Close, which".
func (c *checker) via(body *ssa.Function, at ssa.Instruction, op model.ObjOp) string {
	if op.Fn == body {
		return "it"
	}

	if call, ok := at.(ssa.CallInstruction); ok {
		name := c.m.Callee(call).Name(c.pass.Pkg)
		if op.Fn == c.m.Callee(call).Fn {
			return fmt.Sprintf("it calls %s, which", name)
		}
		return fmt.Sprintf("it calls %s, which through %s", name, c.name(op.Fn))
	}
	return "it"
}

// beforeExit reports whether at, an instruction of the goroutine's body,
// can run before the goroutine's exit (the Done or close at exit).
func (c *checker) beforeExit(at, exitInstr ssa.Instruction, deferredExit bool) bool {
	_, atDeferred := at.(*ssa.Defer)
	switch {
	case deferredExit && !atDeferred:
		return true // the exit runs when the body returns
	case deferredExit && atDeferred:
		// Defers run last-registered first: at runs before the exit
		// when it is registered after it.
		return exitInstr.Parent() == at.Parent() && precedesInstr(exitInstr, at)
	case atDeferred:
		return false // the exit has happened by then
	}
	return at.Parent() == exitInstr.Parent() && (at.Block() == exitInstr.Block() && indexIn(at) < indexIn(exitInstr) || at.Block() != exitInstr.Block() && ssax.Reaches(at.Block(), exitInstr.Block()))
}

// precedesInstr reports whether a comes before b on every path to b.
func precedesInstr(a, b ssa.Instruction) bool {
	if a.Block() == b.Block() {
		return indexIn(a) < indexIn(b)
	}
	return a.Block().Dominates(b.Block())
}

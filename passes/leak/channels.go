package leak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A channel made by a function and handed to the goroutines it starts is
// owned by that function: when it does not escape anywhere else, the
// function and its goroutines are the only parties to it, and whether a
// goroutine can be stranded on it is decided by what the function does
// between starting the goroutine and returning.

// ownedChan is a channel made in a function, or handed to it by a call
// that returns a channel only its goroutines have (model.ResultChan).
type ownedChan struct {
	fn *ssa.Function
	// origin is the value the channel first has in fn: mk, or the
	// call's result.
	origin ssa.Value
	mk     *ssa.MakeChan
	// cell is the variable holding the channel when closures capture
	// the variable rather than its value.
	cell *ssa.Alloc
	// values are the SSA values that denote the channel in fn.
	values map[ssa.Value]bool
	name   string
	// pending says, for messages, who may still be waiting when their
	// number is unknown; "" for goroutines started in a loop.
	pending string
}

type useKind int

const (
	useRecv      useKind = iota // <-ch, v, ok := <-ch, range ch
	useSend                     // ch <- v
	useSelect                   // a case of a select
	useClose                    // close(ch)
	useGoroutine                // handed to a goroutine
	useCall                     // handed to a function called synchronously
)

// chanUse is one thing the owning function does with its channel.
type chanUse struct {
	kind  useKind
	instr ssa.Instruction
	// deferred says the call or close runs when the function returns.
	deferred bool
	// state is the select case, for useSelect.
	state int
	// launch and effect say what a goroutine or a callee does with the
	// channel.
	launch *launch
	effect *model.ChanEffect
}

// ownChan returns the channel made by mk and everything fn does with it;
// ok is false when the channel escapes: it is stored, returned, sent,
// converted to an interface, or handed to a function whose use of it is
// unknown.
func (c *checker) ownChan(fn *ssa.Function, mk *ssa.MakeChan) (o *ownedChan, uses []chanUse, ok bool) {
	o, uses, ok = c.ownValue(fn, mk, c.spellAssigned(mk.Parent(), mk.Pos(), 0))
	if ok {
		o.mk = mk
	}
	return o, uses, ok
}

// ownValue is ownChan for a channel that is origin in fn.
func (c *checker) ownValue(fn *ssa.Function, origin ssa.Value, name string) (o *ownedChan, uses []chanUse, ok bool) {
	o = &ownedChan{fn: fn, origin: origin, values: map[ssa.Value]bool{origin: true}, name: name}
	work := []ssa.Value{origin}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.DebugRef:
			case *ssa.ChangeType:
				o.values[ref] = true
				work = append(work, ref)
			case *ssa.Store:
				alloc, isAlloc := ref.Addr.(*ssa.Alloc)
				if ref.Val != v || !isAlloc || o.cell != nil || v != origin || alloc.Heap && !capturedOnly(alloc) {
					return nil, nil, false
				}
				o.cell = alloc
				loads, ok := c.cellUses(o, alloc, &uses)
				if !ok {
					return nil, nil, false
				}
				for _, l := range loads {
					o.values[l] = true
					work = append(work, l)
				}
			case *ssa.UnOp:
				if ref.Op != token.ARROW {
					return nil, nil, false
				}
				uses = append(uses, chanUse{kind: useRecv, instr: ref})
			case *ssa.Send:
				if ref.Chan != v {
					return nil, nil, false
				}
				uses = append(uses, chanUse{kind: useSend, instr: ref})
			case *ssa.Select:
				for i, st := range ref.States {
					if st.Send == v {
						return nil, nil, false
					}
					if st.Chan == v {
						uses = append(uses, chanUse{kind: useSelect, instr: ref, state: i})
					}
				}
			case ssa.CallInstruction:
				u, ok := c.callUse(fn, ref, v, -1)
				if !ok {
					return nil, nil, false
				}
				if u != nil {
					uses = append(uses, *u)
				}
			case *ssa.MakeClosure:
				for i, b := range ref.Bindings {
					if b != v {
						continue
					}
					us, ok := c.closureUses(fn, ref, i)
					if !ok {
						return nil, nil, false
					}
					uses = append(uses, us...)
				}
			default:
				return nil, nil, false
			}
		}
	}
	return o, uses, true
}

// capturedOnly reports whether a heap variable is only stored, loaded and
// captured by closures: its address goes nowhere else.
func capturedOnly(alloc *ssa.Alloc) bool {
	for _, ref := range *alloc.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr != alloc {
				return false
			}
		case *ssa.UnOp, *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// cellUses returns the loads of the variable holding the channel, and adds
// the uses of closures that capture the variable.
func (c *checker) cellUses(o *ownedChan, alloc *ssa.Alloc, uses *[]chanUse) (loads []ssa.Value, ok bool) {
	for _, ref := range *alloc.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if ref.Val != o.origin {
				return nil, false // the variable is reassigned
			}
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return nil, false
			}
			loads = append(loads, ref)
		case *ssa.MakeClosure:
			for i, b := range ref.Bindings {
				if b == alloc {
					us, ok := c.closureUses(o.fn, ref, i)
					if !ok {
						return nil, false
					}
					*uses = append(*uses, us...)
				}
			}
		default:
			return nil, false
		}
	}
	return loads, true
}

// closureUses says what happens to a closure that captures the channel as
// free variable i: it is started as a goroutine, deferred, or called.
func (c *checker) closureUses(fn *ssa.Function, mc *ssa.MakeClosure, i int) ([]chanUse, bool) {
	var uses []chanUse
	for _, ref := range *mc.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case ssa.CallInstruction:
			u, ok := c.callUse(fn, ref, mc, i)
			if !ok {
				return nil, false
			}
			if u != nil {
				uses = append(uses, *u)
			}
		default:
			return nil, false
		}
	}
	return uses, true
}

// callUse classifies a call instruction that refers to the channel: v is
// the channel itself (freeVar < 0), or a closure capturing it as free
// variable freeVar. A nil use with ok means the reference is harmless
// (len, cap).
func (c *checker) callUse(fn *ssa.Function, call ssa.CallInstruction, v ssa.Value, freeVar int) (*chanUse, bool) {
	common := call.Common()
	_, deferred := call.(*ssa.Defer)
	if b, ok := common.Value.(*ssa.Builtin); ok && freeVar < 0 {
		switch b.Name() {
		case "close":
			return &chanUse{kind: useClose, instr: call, deferred: deferred}, true
		case "len", "cap":
			return nil, true
		}
		return nil, false
	}
	// A goroutine: a go statement, or a spawner handed the closure.
	if l := c.launchAt(fn, call); l != nil {
		e := l.effectOn(v, freeVar)
		if e == nil {
			return nil, false
		}
		return &chanUse{kind: useGoroutine, instr: call, launch: l, effect: e}, true
	}
	callee := c.m.Callee(call)
	var e *model.ChanEffect
	if freeVar >= 0 {
		if common.Value != v {
			return nil, false // the closure is passed on, not called
		}
		e = effect(c.m.CalleeSummary(callee), ssax.RootFreeVar, freeVar)
	} else {
		for i, a := range callee.Args {
			if a == v {
				e = effect(c.m.CalleeSummary(callee), ssax.RootParam, i)
			}
		}
	}
	if e == nil {
		return nil, false
	}
	return &chanUse{kind: useCall, instr: call, deferred: deferred, effect: e}, true
}

// effectOn returns what the goroutine does with v, a value its parent
// hands it as an argument, or with the free variable freeVar of its body.
func (l *launch) effectOn(v ssa.Value, freeVar int) *model.ChanEffect {
	if freeVar >= 0 {
		if mc, ok := v.(*ssa.MakeClosure); ok && mc.Fn == l.body.Fn {
			return effect(l.summary, ssax.RootFreeVar, freeVar)
		}
		return nil
	}
	for i, a := range l.body.Args {
		if a == v {
			return effect(l.summary, ssax.RootParam, i)
		}
	}
	return nil
}

func effect(s *model.Summary, root ssax.RootKind, index int) *model.ChanEffect {
	if s == nil {
		return nil
	}
	for i := range s.Chans {
		if s.Chans[i].Root == root && s.Chans[i].Index == index {
			return &s.Chans[i]
		}
	}
	return nil
}

// spellAssigned returns the name of the variable that the result index of
// the call (or make) whose '(' is at pos is assigned to in fn, or "the
// channel".
func (c *checker) spellAssigned(fn *ssa.Function, pos token.Pos, index int) string {
	name := "the channel"
	syntax := fn.Syntax()
	if syntax == nil {
		return name
	}
	at := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		return ok && call.Lparen == pos
	}
	ast.Inspect(syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			switch {
			case len(n.Rhs) == 1 && at(n.Rhs[0]) && index < len(n.Lhs):
				name = ssax.Spell(n.Lhs[index])
			case len(n.Lhs) == len(n.Rhs) && index == 0:
				for i, rhs := range n.Rhs {
					if at(rhs) {
						name = ssax.Spell(n.Lhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			switch {
			case len(n.Values) == 1 && at(n.Values[0]) && index < len(n.Names):
				name = n.Names[index].Name
			case len(n.Names) == len(n.Values) && index == 0:
				for i, v := range n.Values {
					if at(v) {
						name = n.Names[i].Name
					}
				}
			}
		}
		return name == "the channel"
	})
	if name == "_" {
		return "the channel"
	}
	return name
}

// capacity returns the channel's constant buffer size.
func capacity(mk *ssa.MakeChan) (int64, bool) {
	k, ok := mk.Size.(*ssa.Const)
	if !ok || k.Value == nil {
		return 0, ok
	}
	n, ok := k.Int64(), true
	return n, ok
}

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
		if !ev.closes {
			msg = fmt.Sprintf("%s never ends: nothing closes %s, which %s makes; close %s after the last send (defer close(%s))",
				what, o.name, c.name(o.fn), o.name, o.name)
		} else {
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

// touches reports whether instr, in a goroutine's body, operates on the
// channel parameter or free variable described by e, or hands it to a call.
func (c *checker) touches(instr ssa.Instruction, e *model.ChanEffect) bool {
	is := func(v ssa.Value) bool {
		p, ok := ssax.PathOf(v)
		return ok && len(p.Fields) == 0 && p.Root == e.Root && p.Index == e.Index
	}
	switch instr := instr.(type) {
	case *ssa.Send:
		return is(instr.Chan)
	case *ssa.UnOp:
		return instr.Op == token.ARROW && is(instr.X)
	case *ssa.Select:
		for _, st := range instr.States {
			if is(st.Chan) {
				return true
			}
		}
	case ssa.CallInstruction:
		for _, a := range instr.Common().Args {
			if is(a) {
				return true
			}
		}
		if mc, ok := instr.Common().Value.(*ssa.MakeClosure); ok {
			for _, b := range mc.Bindings {
				if is(b) {
					return true
				}
			}
		}
	}
	return false
}

// opPos returns where to report a goroutine's operation on the channel,
// and how to name it: the operation in the goroutine's body when the body
// is in this package, otherwise the go statement.
func (c *checker) opPos(u chanUse, op string) (token.Pos, string) {
	body := u.launch.body.Fn
	if body != nil && c.m.Summary(body) != nil && c.pass.Fset.File(body.Pos()) != nil {
		for instr := range ssax.Instrs(body) {
			if !c.touches(instr, u.effect) || !instr.Pos().IsValid() || isClose(instr) && op != "close" {
				continue
			}
			if bl, ok := c.m.DirectOp(instr); ok {
				if bl.Range && op != "range" || !bl.Range && op == "range" {
					continue
				}
				return instr.Pos(), bl.What
			}
			if _, isCall := instr.(ssa.CallInstruction); isCall {
				callee := c.m.Src.CallName(instr.Pos())
				if callee == "" {
					callee = "a function literal"
				}
				return instr.Pos(), fmt.Sprintf("the goroutine's %s in %s", op, callee)
			}
		}
	}
	return u.launch.pos(), fmt.Sprintf("the goroutine running %s (its %s at %s)", u.launch.body.Name(c.pass.Pkg), op, u.effect.Pos)
}

// isClose reports whether instr is close(ch) or defer close(ch).
func isClose(instr ssa.Instruction) bool {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	b, ok := call.Common().Value.(*ssa.Builtin)
	return ok && b.Name() == "close"
}

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

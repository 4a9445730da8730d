package blocking

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A handler that fans work out to goroutines and waits for them (a
// WaitGroup, an errgroup, or a channel it made) waits only as long as
// those goroutines run: when each of them stops with the request's context
// or does not block, the wait is bounded by the request too.

// goroutine is a function the request's function starts on a new
// goroutine.
type goroutine struct {
	fn  *ssa.Function // nil for a function of another package
	obj *types.Func   // its declaration, for summaries
	pos token.Pos     // the go statement or spawning call
	// local maps the goroutine's parameters and captured variables that
	// are channels made by the starting function.
	local map[ssa.Value]bool
	args  []ssa.Value // arguments of a go call to another package
}

// localRendezvous reports, for a channel operation of fn on ch, whether ch
// is a channel fn made and handed only to goroutines it starts (known),
// and whether those goroutines are bounded; why names the first that may
// not be.
func (c *checker) localRendezvous(fn *ssa.Function, ch ssa.Value) (bounded, known bool, why string) {
	mk, cell := chanOrigin(fn, ch)
	if mk == nil {
		return false, false, ""
	}
	var gs []goroutine
	// uses checks the referrers of the channel value, or of a load of the
	// variable holding it.
	uses := func(v ssa.Value) bool {
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.Send, *ssa.UnOp, *ssa.Select, *ssa.DebugRef:
			case *ssa.Store:
				if ref.Addr != cell || ref.Val != mk {
					return false
				}
			case *ssa.Call:
				if b, ok := ref.Call.Value.(*ssa.Builtin); !ok || (b.Name() != "close" && b.Name() != "len" && b.Name() != "cap") {
					return false
				}
			case *ssa.MakeClosure:
				g, ok := c.startedClosure(fn, ref)
				if !ok {
					return false
				}
				gs = append(gs, g)
			case *ssa.Go:
				gs = append(gs, c.goCall(fn, ref))
			default:
				return false
			}
		}
		return true
	}
	if !uses(mk) {
		return false, false, ""
	}
	if cell != nil {
		// A variable captured by closures: its loads must be used as
		// the channel itself is.
		for _, ref := range *cell.Referrers() {
			switch ref := ref.(type) {
			case *ssa.UnOp:
				if ref.Op == token.MUL && !uses(ref) {
					return false, false, ""
				}
			case *ssa.Store:
				if ref.Val != mk {
					return false, false, ""
				}
			case *ssa.MakeClosure:
				g, ok := c.startedClosure(fn, ref)
				if !ok {
					return false, false, ""
				}
				gs = append(gs, g)
			case *ssa.DebugRef:
			default:
				return false, false, ""
			}
		}
	}
	if len(gs) == 0 {
		return false, false, ""
	}
	return c.allBounded(fn, gs)
}

// chanOrigin returns the make(chan) of fn that ch is, or that the variable
// ch is loaded from holds (a variable captured by a closure lives in a
// cell), with that cell.
func chanOrigin(fn *ssa.Function, ch ssa.Value) (*ssa.MakeChan, *ssa.Alloc) {
	if mk, ok := ch.(*ssa.MakeChan); ok && mk.Parent() == fn {
		return mk, nil
	}
	if load, ok := ch.(*ssa.UnOp); ok && load.Op == token.MUL {
		ch = load.X
	}
	cell, ok := ch.(*ssa.Alloc)
	if !ok || cell.Parent() != fn {
		return nil, nil
	}
	var mk *ssa.MakeChan
	for _, ref := range *cell.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == cell {
			m, ok := st.Val.(*ssa.MakeChan)
			if !ok || mk != nil {
				return nil, nil // assigned more than once
			}
			mk = m
		}
	}
	return mk, cell
}

// waitGroupBounded reports, for a Wait on wg in fn, whether the goroutines
// it waits for are known and bounded. The goroutines are those fn starts;
// when it starts none, a group of fn's own is taken to be filled
// elsewhere by code the pass cannot see (not known), and a group that
// outlives the request (a field) is reported.
func (c *checker) waitGroupBounded(fn *ssa.Function, wg ssa.Value) (bounded, known bool, why string) {
	var gs []goroutine
	for instr := range ssax.Instrs(fn) {
		switch instr := instr.(type) {
		case *ssa.Go:
			gs = append(gs, c.goCall(fn, instr))
		case *ssa.Call:
			callee := c.m.Callee(instr)
			arg, ok := knowledge.Spawner(callee.Obj)
			if !ok {
				continue
			}
			args := callee.Params()
			if arg < len(args) {
				if mc, ok := args[arg].(*ssa.MakeClosure); ok {
					gs = append(gs, c.closure(fn, mc, instr.Pos()))
				} else if f, ok := args[arg].(*ssa.Function); ok {
					gs = append(gs, goroutine{fn: f, pos: instr.Pos()})
				}
			}
		}
	}
	if len(gs) == 0 {
		p, _ := ssax.PathOf(wg)
		if p.Root == ssax.RootLocal || p.Root == ssax.RootUnknown {
			return false, false, ""
		}
		return false, true, ""
	}
	return c.allBounded(fn, gs)
}

func (c *checker) allBounded(fn *ssa.Function, gs []goroutine) (bounded, known bool, why string) {
	for _, g := range gs {
		if w := c.unboundedIn(g); w != "" {
			return false, true, fmt.Sprintf("the goroutine started at %s, which may block: %s", c.m.Pos(g.pos), w)
		}
	}
	return true, true, ""
}

// startedClosure reports whether the closure mc is started as a goroutine
// (by a go statement or a spawning call such as errgroup's Go) and nothing
// else.
func (c *checker) startedClosure(fn *ssa.Function, mc *ssa.MakeClosure) (goroutine, bool) {
	var g goroutine
	found := false
	for _, ref := range *mc.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Go:
			if ref.Call.Value != mc {
				return g, false
			}
			g, found = c.closure(fn, mc, ref.Pos()), true
		case *ssa.Call:
			callee := c.m.Callee(ref)
			if _, ok := knowledge.Spawner(callee.Obj); !ok {
				return g, false
			}
			g, found = c.closure(fn, mc, ref.Pos()), true
		case *ssa.DebugRef:
		default:
			return g, false
		}
	}
	return g, found
}

// closure describes the goroutine running closure mc.
func (c *checker) closure(fn *ssa.Function, mc *ssa.MakeClosure, pos token.Pos) goroutine {
	body := mc.Fn.(*ssa.Function)
	g := goroutine{fn: body, pos: pos, local: make(map[ssa.Value]bool)}
	for i, b := range mc.Bindings {
		if i < len(body.FreeVars) && madeIn(fn, b) {
			g.local[body.FreeVars[i]] = true
		}
	}
	return g
}

// goCall describes the goroutine of a go statement.
func (c *checker) goCall(fn *ssa.Function, gst *ssa.Go) goroutine {
	if mc, ok := gst.Call.Value.(*ssa.MakeClosure); ok {
		return c.closure(fn, mc, gst.Pos())
	}
	callee := c.m.Callee(gst)
	g := goroutine{fn: callee.Fn, obj: callee.Obj, pos: gst.Pos(), local: make(map[ssa.Value]bool), args: callee.Args}
	if g.fn != nil {
		for i, a := range callee.Args {
			if i < len(g.fn.Params) && madeIn(fn, a) {
				g.local[g.fn.Params[i]] = true
			}
		}
	}
	return g
}

// madeIn reports whether v is a channel made by fn, or the cell of a
// variable holding one.
func madeIn(fn *ssa.Function, v ssa.Value) bool {
	mk, _ := chanOrigin(fn, v)
	return mk != nil
}

// unboundedIn returns the first way goroutine g may block without
// observing a cancellation, or "". Operations on channels the starting
// function made are its rendezvous with that function, not waits of their
// own.
func (c *checker) unboundedIn(g goroutine) string {
	if g.fn == nil || (g.fn.Pkg != c.m.Pkg && g.fn.Parent() == nil) {
		// A goroutine in another package: its summary, unless it was
		// given a context.
		for _, a := range g.args {
			if c.carriesContext(a) {
				return ""
			}
		}
		w := c.m.CalleeSummary(ssax.Callee{Fn: g.fn, Obj: g.obj}).Blocking(model.Unbounded)
		if w != nil {
			return w.Trace()
		}
		return ""
	}
	isLocal := func(ch ssa.Value) bool {
		if g.local[ch] {
			return true
		}
		if _, ok := ch.(*ssa.MakeChan); ok {
			return true // a rendezvous of its own
		}
		if load, ok := ch.(*ssa.UnOp); ok && load.Op == token.MUL {
			return g.local[load.X]
		}
		return false
	}
	before := signalledAfter(g.fn, isLocal)
	for instr := range ssax.Instrs(g.fn) {
		if _, isGo := instr.(*ssa.Go); isGo {
			continue
		}
		if !before(instr) {
			continue // after the goroutine has answered: nobody waits for it
		}
		if op, ok := c.m.DirectOp(instr); ok {
			if op.Cancellable || op.RequestIO || op.Kind == knowledge.File {
				continue
			}
			if op.Kind == knowledge.Channel && channelsLocal(instr, isLocal) {
				continue
			}
			if call, ok := instr.(ssa.CallInstruction); ok && op.Kind.IsIO() && c.touchesRequest(g.fn, call) {
				continue
			}
			return op.What + " (" + c.m.Pos(instr.Pos()) + ")"
		}
		call, ok := instr.(ssa.CallInstruction)
		if !ok || c.touchesRequest(g.fn, call) {
			continue
		}
		callee := c.m.Callee(call)
		passesLocal := false
		for _, a := range callee.Args {
			passesLocal = passesLocal || isLocal(a)
		}
		w := c.m.CalleeSummary(callee).Blocking(func(w model.Witness) bool {
			return model.Unbounded(w) && !(w.Kind == knowledge.Channel && passesLocal)
		})
		if w != nil {
			return callee.Name(c.pass.Pkg) + " → " + w.Trace()
		}
	}
	return ""
}

// channelsLocal reports whether the channel operation instr only involves
// local channels, or is a select bounded by a timer or by one local case.
func channelsLocal(instr ssa.Instruction, isLocal func(ssa.Value) bool) bool {
	switch x := instr.(type) {
	case *ssa.Send:
		return isLocal(x.Chan)
	case *ssa.UnOp:
		return isLocal(x.X)
	case *ssa.Select:
		for _, st := range x.States {
			if isLocal(st.Chan) || (st.Dir == types.RecvOnly && model.IsTimerChan(st.Chan)) {
				return true
			}
		}
	}
	return false
}

// signalledAfter returns a predicate that says whether an instruction of
// g may run before g's last send or close on a local channel: what g does
// after it has answered (a grace period before closing a connection) does
// not hold up the function waiting for the answer. When g answers in a
// deferred call, or not at all through a local channel (a WaitGroup),
// everything it does counts.
func signalledAfter(g *ssa.Function, isLocal func(ssa.Value) bool) func(ssa.Instruction) bool {
	all := func(ssa.Instruction) bool { return true }
	signals := make(map[*ssa.BasicBlock]int) // block -> index of its last signal
	for _, b := range g.Blocks {
		for i, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Send:
				if isLocal(x.Chan) {
					signals[b] = i
				}
			case *ssa.Defer:
				if isClose(x.Common()) && len(x.Call.Args) == 1 && isLocal(x.Call.Args[0]) {
					return all
				}
			case *ssa.Call:
				if isClose(x.Common()) && len(x.Call.Args) == 1 && isLocal(x.Call.Args[0]) {
					signals[b] = i
				}
			}
		}
	}
	if len(signals) == 0 {
		return all
	}
	reaches := make(map[*ssa.BasicBlock]bool) // a successor block signals
	for b := range signals {
		reaches[b] = true
	}
	for changed := true; changed; {
		changed = false
		for _, b := range g.Blocks {
			if reaches[b] {
				continue
			}
			for _, s := range b.Succs {
				if _, ok := signals[s]; ok || reaches[s] {
					reaches[b] = true
					changed = true
					break
				}
			}
		}
	}
	return func(instr ssa.Instruction) bool {
		b := instr.Block()
		if last, ok := signals[b]; ok {
			for i, x := range b.Instrs {
				if x == instr {
					if i < last {
						return true
					}
					break
				}
			}
		}
		for _, s := range b.Succs {
			if _, ok := signals[s]; ok || reaches[s] {
				return true
			}
		}
		return false
	}
}

func isClose(call *ssa.CallCommon) bool {
	b, ok := call.Value.(*ssa.Builtin)
	return ok && b.Name() == "close"
}

// stoppedBefore reports whether, on every path to instr, fn has already
// told what it waits for to stop: it closed a signal channel (close(quit))
// or called a context's cancel function. The wait that follows is the end
// of a shutdown, bounded by that signal.
func stoppedBefore(instr ssa.Instruction) bool {
	for x := range ssax.Before(instr) {
		call, ok := x.(*ssa.Call)
		if !ok {
			continue
		}
		if isClose(call.Common()) && len(call.Call.Args) == 1 && model.IsSignalChan(call.Call.Args[0]) {
			return true
		}
		if isCancelFunc(call.Call.Value) {
			return true
		}
	}
	return false
}

// isCancelFunc reports whether v is a context's cancel function: of type
// context.CancelFunc, the second result of context.WithCancel and the
// like, or a func() field named cancel.
func isCancelFunc(v ssa.Value) bool {
	switch t := ssax.TypeString(v.Type()); {
	case knowledge.IsCancelFuncType(t):
		return true
	case t != "func()":
		return false
	}
	switch x := v.(type) {
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok && x.Index == 1 {
			if fn := call.Call.StaticCallee(); fn != nil {
				if obj, ok := fn.Object().(*types.Func); ok {
					return knowledge.LookupDerivation(obj) != knowledge.NotDerivation
				}
			}
		}
	case *ssa.UnOp:
		if fa, ok := x.X.(*ssa.FieldAddr); ok {
			st := fa.X.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
			return strings.Contains(strings.ToLower(st.Field(fa.Field).Name()), "cancel")
		}
	}
	return false
}

// madeWithContext reports whether ch is a channel returned by a call that
// was given the request's context (eventq, errq := s.events.Subscribe(ctx,
// ...)): its producer sends or closes when the context is done, so a
// receive from it ends with the request. A variable holding such a channel
// counts too.
func (c *checker) madeWithContext(ch ssa.Value) bool {
	for i := 0; i < 4; i++ {
		switch x := ch.(type) {
		case *ssa.ChangeType:
			ch = x.X
			continue
		case *ssa.Extract:
			ch = x.Tuple
			continue
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
			if mk, _ := chanOrigin(x.Parent(), x); mk != nil {
				return false // made here, not by a producer
			}
			alloc, ok := x.X.(*ssa.Alloc)
			if !ok {
				return false
			}
			var stored ssa.Value
			for _, ref := range *alloc.Referrers() {
				if st, ok := ref.(*ssa.Store); ok && st.Addr == alloc {
					if stored != nil {
						return false // assigned more than once
					}
					stored = st.Val
				}
			}
			if stored == nil {
				return false
			}
			ch = stored
			continue
		}
		break
	}
	call, ok := ch.(*ssa.Call)
	if !ok {
		return false
	}
	for _, a := range c.m.Callee(call).Args {
		if model.IsContextType(a.Type()) && c.carriesContext(a) {
			return true
		}
	}
	return false
}

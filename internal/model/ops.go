package model

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Blocking is an instruction that may block by itself: a channel operation,
// a select without default, or a call of a blocking library function.
type Blocking struct {
	Instr ssa.Instruction
	Kind  knowledge.Kind
	// What describes the operation in the user's spelling: "send on
	// b.events", "range over jobs", "select", "b.wg.Wait", "http.Get".
	What string
	// Op is the table key of a library call ("net/http.Get"), and Entry
	// its table entry.
	Op    string
	Entry knowledge.Op
	// Chan is the channel of a send or receive.
	Chan ssa.Value
	// Range says the receive is the loop of a range over a channel.
	Range bool
	// Cancellable says the wait also observes a cancellation.
	Cancellable bool
	// RequestIO marks I/O on a request's own connection.
	RequestIO bool
	// Backoff marks a sleep between the attempts of a retry loop.
	Backoff bool
	// Signal says the operation receives from a chan struct{}: such
	// channels are closed to signal, so once one receive has returned,
	// every later one returns at once.
	Signal bool
	// Releases lists locks released while waiting (sync.Cond.Wait's
	// Locker), ReleasesUnknown that Cond.Wait's Locker is unknown.
	Releases        []ssax.Path
	ReleasesUnknown bool
}

// Pos returns the position to report the operation at.
func (b *Blocking) Pos() token.Pos { return b.Instr.Pos() }

// DirectOp reports whether instr blocks by itself, and how.
func (m *Model) DirectOp(instr ssa.Instruction) (*Blocking, bool) {
	if !m.final {
		return m.directOp(instr)
	}
	if b, ok := m.directOps.get(instr); ok {
		return b, b != nil
	}
	b, ok := m.directOp(instr)
	if !ok {
		b = nil
	}
	m.directOps.put(instr, b)
	return b, ok
}

func (m *Model) directOp(instr ssa.Instruction) (*Blocking, bool) {
	switch instr := instr.(type) {
	case *ssa.Send:
		if m.sendCannotBlock(instr) || m.releasesToken(instr) {
			return nil, false
		}
		return &Blocking{Instr: instr, Kind: knowledge.Channel, Chan: instr.Chan,
			What: "send on " + m.spellChan(instr.Chan, instr.Pos())}, true
	case *ssa.UnOp:
		if instr.Op != token.ARROW || lenGuarded(instr) || DrainsStoppedTimer(instr) || m.releasesToken(instr) {
			return nil, false
		}
		return m.recvOp(instr), true
	case *ssa.Select:
		if !instr.Blocking {
			return nil, false
		}
		return m.selectOp(instr), true
	case *ssa.Call:
		return m.callOp(instr)
	}
	return nil, false
}

func (m *Model) recvOp(recv *ssa.UnOp) *Blocking {
	b := &Blocking{Instr: recv, Kind: knowledge.Channel, Chan: recv.X, Signal: IsSignalChan(recv.X)}
	name := m.spellChan(recv.X, recv.Pos())
	switch {
	case IsTimerChan(recv.X):
		b.Kind = knowledge.Sleep
		b.What = "receive from " + name
	case IsDoneChan(recv.X):
		b.Cancellable = true
		b.What = "receive from " + name
	case recv.Block() != nil && recv.Block().Comment == "rangechan.loop":
		b.Range = true
		b.What = "range over " + name
	default:
		b.What = "receive from " + name
	}
	return b
}

// DrainsStoppedTimer reports whether recv is the drain of a timer that
// fired before Stop could stop it (if !t.Stop() { <-t.C }): the value is
// already in the channel, so the receive does not wait.
func DrainsStoppedTimer(recv *ssa.UnOp) bool {
	if !IsTimerChan(recv.X) {
		return false
	}
	// The receive runs only on the edge where Stop returned false,
	// perhaps behind more conditions (if !t.Stop() && recv { <-t.C }).
	b := recv.Block()
	for depth := 0; b != nil && depth < 4; depth, b = depth+1, b.Idom() {
		if len(b.Preds) != 1 {
			continue
		}
		pred := b.Preds[0]
		ifInstr, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond, whenFalse := ifInstr.Cond, pred.Succs[1] == b
		if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
			cond, whenFalse = not.X, !whenFalse
		}
		call, ok := cond.(*ssa.Call)
		if !ok {
			continue
		}
		if fn := call.Call.StaticCallee(); fn != nil && knowledge.StopsTimer(fullName(fn)) {
			return whenFalse
		}
	}
	return false
}

// lenGuarded reports whether recv runs only after the function checked that
// its channel holds a value (if len(ch) > 0 { <-ch }, for len(ch) > 0 {
// <-ch }): the receive then does not wait, unless another goroutine races
// to the same value, which code that checks len this way rules out by
// other means (usually the lock it holds).
func lenGuarded(recv *ssa.UnOp) bool {
	key := ""
	if p, ok := ssax.PathOf(recv.X); ok {
		key = p.Key()
	}
	for d := recv.Block(); d != nil && d.Idom() != nil; d = d.Idom() {
		idom := d.Idom()
		ifi, ok := idom.Instrs[len(idom.Instrs)-1].(*ssa.If)
		if !ok || !idom.Succs[0].Dominates(recv.Block()) || idom.Succs[0] == idom.Succs[1] {
			continue
		}
		if ch := lenPositive(ifi.Cond); ch != nil {
			if ch == recv.X {
				return true
			}
			if p, ok := ssax.PathOf(ch); ok && key != "" && p.Key() == key {
				return true
			}
		}
	}
	return false
}

// lenPositive returns ch when cond is len(ch) > 0, len(ch) != 0 or
// 0 < len(ch).
func lenPositive(cond ssa.Value) ssa.Value {
	bin, ok := cond.(*ssa.BinOp)
	if !ok {
		return nil
	}
	lenOf := func(v ssa.Value) ssa.Value {
		if call, ok := v.(*ssa.Call); ok {
			if b, ok := call.Call.Value.(*ssa.Builtin); ok && b.Name() == "len" && len(call.Call.Args) == 1 {
				if _, isChan := call.Call.Args[0].Type().Underlying().(*types.Chan); isChan {
					return call.Call.Args[0]
				}
			}
		}
		return nil
	}
	isZero := func(v ssa.Value) bool {
		// Only an integer constant can be a length (s != "" is not).
		c, ok := v.(*ssa.Const)
		return ok && c.Value != nil && c.Value.Kind() == constant.Int && constant.Sign(c.Value) == 0
	}
	switch bin.Op {
	case token.GTR, token.NEQ:
		if isZero(bin.Y) {
			return lenOf(bin.X)
		}
	case token.LSS:
		if isZero(bin.X) {
			return lenOf(bin.Y)
		}
	}
	return nil
}

func (m *Model) selectOp(sel *ssa.Select) *Blocking {
	b := &Blocking{Instr: sel, Kind: knowledge.Channel, What: "select"}
	var names []string
	allTimers := true
	for _, st := range sel.States {
		if st.Dir == types.RecvOnly && (IsDoneChan(st.Chan) || IsSignalChan(st.Chan)) {
			b.Cancellable = true
		}
		if !IsTimerChan(st.Chan) {
			allTimers = false
		}
		if len(names) < 3 {
			names = append(names, m.spellChan(st.Chan, st.Pos))
		}
	}
	if allTimers && len(sel.States) > 0 {
		b.Kind = knowledge.Sleep
	}
	if len(names) > 0 {
		b.What = "select on " + strings.Join(names, ", ")
		if len(sel.States) > len(names) {
			b.What += ", ..."
		}
	}
	return b
}

func (m *Model) callOp(call *ssa.Call) (*Blocking, bool) {
	c := m.Callee(call)
	if c.Obj == nil {
		return nil, false
	}
	key := knowledge.Key(c.Obj)
	entry, ok := knowledge.LookupName(key)
	if !ok || !entry.Blocks() {
		return nil, false
	}
	args := c.Params() // CtxArg and NetArgs count from the first non-receiver argument
	if len(entry.NetArgs) > 0 {
		net := false
		for _, i := range entry.NetArgs {
			if i < len(args) && IsNetworkValue(args[i]) {
				net = true
			}
		}
		if !net {
			return nil, false
		}
	}
	if entry.Kind.IsIO() && deadlineSetBefore(call, c) {
		return nil, false
	}
	b := &Blocking{Instr: call, Kind: entry.Kind, Op: key, Entry: entry, RequestIO: entry.RequestIO}
	b.Backoff = entry.Kind == knowledge.Sleep && retryLoopSleep(call)
	b.What = m.Src.CallName(call.Pos())
	if b.What == "" {
		b.What = ssax.FuncName(c.Obj, m.Pass.Pkg)
	}
	switch {
	case entry.CtxArg >= 0 && entry.CtxArg < len(args):
		b.Cancellable = !IsFreshContext(args[entry.CtxArg])
	case entry.CtxInRequest:
		b.Cancellable = !requestWithoutContext(args)
	}
	if knowledge.LookupSyncOp(key) == knowledge.SyncCondWait {
		// Wait releases the Cond's Locker, which is c.L by definition
		// and, when the package says so, a named lock as well.
		owner := ssax.TypeString(derefType(c.Args[0].Type()))
		if p, ok := ssax.PathOf(c.Args[0]); ok {
			if field, ok := knowledge.CondLocker(owner); ok {
				b.Releases = append(b.Releases, p.Field(field, owner))
			}
		}
		if p, ok := m.condLocker(c.Args[0]); ok {
			b.Releases = append(b.Releases, p)
		} else {
			b.ReleasesUnknown = true
		}
	}
	return b, true
}

// requestWithoutContext reports whether the *http.Request among args was
// made by a call that gives it no context of its own (http.NewRequest,
// which gives it context.Background(); see knowledge.Op.Detached).
func requestWithoutContext(args []ssa.Value) bool {
	for _, a := range args {
		if call, ok := a.(*ssa.Extract); ok {
			if c, ok := call.Tuple.(*ssa.Call); ok {
				if fn := c.Call.StaticCallee(); fn != nil && fn.Object() != nil {
					if entry, ok := knowledge.Lookup(fn.Object().(*types.Func)); ok && entry.Detached() {
						return true
					}
				}
			}
		}
	}
	return false
}

// sendCannotBlock reports whether send is on a channel made in the same
// function with a buffer its sends cannot fill. With a constant buffer,
// every send must be outside loops, there must be at most as many as the
// buffer holds, and the channel must not be handed to anyone else who could
// fill it. A buffer of computed size, made in the function that fills it
// (make(chan T, len(xs)) followed by a loop over xs), is taken to be sized
// for its sends.
func (m *Model) sendCannotBlock(send *ssa.Send) bool {
	if m.oneShot(send) || drainedFirst(send) || m.latchedSend(send) {
		return true
	}
	mk := freshChan(send.Chan)
	if mk == nil {
		return false
	}
	c, ok := mk.Size.(*ssa.Const)
	if !ok || c.Value == nil || c.Int64() > 0 && !m.escapesBefore(mk) {
		return true // a fresh buffer, sized by the function that fills it
	}
	size := c.Int64()
	sends := int64(0)
	for _, ref := range *mk.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Send:
			if inLoop(ref.Block()) {
				return false
			}
			sends++
		case *ssa.UnOp, *ssa.Select, *ssa.DebugRef:
		case *ssa.Call:
			if b, ok := ref.Call.Value.(*ssa.Builtin); !ok || (b.Name() != "close" && b.Name() != "len" && b.Name() != "cap") {
				return false
			}
		default:
			return false // stored, captured or passed on
		}
	}
	return sends <= size
}

// drainedFirst reports whether send follows, on every path to it, a
// non-blocking receive from the same channel:
//
//	select {
//	case <-update:
//	default:
//	}
//	update <- latest
//
// the "latest value" mailbox: the drain empties a buffer of one so that
// the send replaces a value the reader has not taken yet. Nobody writes
// such code for an unbuffered channel (the send would wait for the reader
// as before), and the senders serialise it with a lock.
func drainedFirst(send *ssa.Send) bool {
	for instr := range ssax.Before(send) {
		sel, ok := instr.(*ssa.Select)
		if ok && !sel.Blocking && len(sel.States) == 1 &&
			sel.States[0].Dir == types.RecvOnly && sel.States[0].Chan == send.Chan {
			return true
		}
	}
	return false
}

// oneShot reports whether send is the one send on a result channel: a
// channel held in a struct field that the package only ever fills with
// make(chan T, 1), sent to once per function run (outside loops, or in a
// loop over different values). A buffer of exactly one is the idiom for
// "the one result": the send cannot block. Larger buffers are queues and
// can fill.
func (m *Model) oneShot(send *ssa.Send) bool {
	p, _ := ssax.PathOf(send.Chan) // the type identity is enough here
	if len(p.Fields) == 0 || m.chanCaps[chanKey(p)] != 1 || m.notOneShot[chanKey(p)] {
		return false // not always a buffer of one, or not one value (findNotOneShot)
	}
	// In a loop, the send must go to a different channel each time round:
	// one reached through an element of a collection (w := list[i];
	// w.result <- v).
	return !inLoop(send.Block()) || p.Root == ssax.RootUnknown ||
		slices.ContainsFunc(p.Fields, func(f ssax.Field) bool { return f.Name == "[?]" })
}

// chanKey identifies where a channel is kept: a struct field ("field done
// of waiter"), or the elements of a slice field ("elements of field chans
// of refresh").
func chanKey(p ssax.Path) string {
	n := len(p.Fields)
	if n >= 2 && strings.HasPrefix(p.Fields[n-1].Name, "[") {
		parent := p
		parent.Fields = p.Fields[:n-1]
		if k := parent.TypeKey(); k != "" {
			return "elements of " + k
		}
		return ""
	}
	return p.TypeKey()
}

// appendedChans returns the channels that an append call adds, when they
// are all made right there (append(s, make(chan T, 1)) or a channel
// variable holding one); ok is false otherwise.
func appendedChans(call *ssa.Call) (mks []*ssa.MakeChan, ok bool) {
	if b, isB := call.Call.Value.(*ssa.Builtin); !isB || b.Name() != "append" || len(call.Call.Args) != 2 {
		return nil, false
	}
	sl, isSlice := call.Call.Args[1].(*ssa.Slice)
	if !isSlice {
		return nil, false
	}
	alloc, isAlloc := sl.X.(*ssa.Alloc)
	if !isAlloc {
		return nil, false
	}
	for _, ref := range *alloc.Referrers() {
		ia, isIdx := ref.(*ssa.IndexAddr)
		if !isIdx {
			continue
		}
		for _, r2 := range *ia.Referrers() {
			if st, isStore := r2.(*ssa.Store); isStore && st.Addr == ia {
				mk, isMk := st.Val.(*ssa.MakeChan)
				if !isMk {
					return nil, false
				}
				mks = append(mks, mk)
			}
		}
	}
	return mks, len(mks) > 0
}

// findChanBuffers records, for each struct field that holds a channel, the
// constant buffer size every make(chan) stored in it has, or -1 when the
// stores disagree or store something else.
func (m *Model) findChanBuffers() {
	m.chanCaps = make(map[string]int64)
	m.computedCaps = make(map[string]bool)
	for _, fn := range m.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mu, ok := instr.(*ssa.MapUpdate); ok {
					m.noteMapChanBuffer(mu)
					continue
				}
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				if _, ok := st.Addr.(*ssa.FieldAddr); !ok {
					continue // a store into a variable, not a field
				}
				p, ok := ssax.PathOf(st.Addr)
				key := p.TypeKey()
				if !ok || len(p.Fields) == 0 || key == "" {
					continue
				}
				if c, ok := st.Val.(*ssa.Const); ok && c.IsNil() {
					continue // clearing the field
				}
				var mks []*ssa.MakeChan
				switch t := st.Val.Type().Underlying().(type) {
				case *types.Chan:
					mks, _ = m.madeChans(st.Val, 0)
				case *types.Slice:
					if _, ok := t.Elem().Underlying().(*types.Chan); !ok {
						continue
					}
					key = "elements of " + key
					if sl, ok := st.Val.(*ssa.Slice); ok {
						if q, _ := ssax.PathOf(sl.X); q.Key() == p.Key() {
							continue // s.chans = s.chans[:0] adds no channel
						}
					}
					if call, ok := st.Val.(*ssa.Call); ok {
						mks, _ = appendedChans(call)
					}
				default:
					continue
				}
				size := int64(-1)
				for i, mk := range mks {
					c, ok := mk.Size.(*ssa.Const)
					if !ok || c.Value == nil || (i > 0 && c.Int64() != size) {
						size = -1
						break
					}
					size = c.Int64()
				}
				if old, seen := m.chanCaps[key]; seen && old != size {
					size = -1
				}
				m.chanCaps[key] = size
				// A data channel of computed size is taken to be sized for
				// its senders; a channel of empty tokens of computed size is
				// a semaphore, whose sends wait by design.
				computed := len(mks) > 0 && !slices.ContainsFunc(mks, func(mk *ssa.MakeChan) bool {
					_, isConst := mk.Size.(*ssa.Const)
					return isConst || carriesNothing(mk.Type())
				})
				if old, seen := m.computedCaps[key]; seen {
					computed = computed && old
				}
				m.computedCaps[key] = computed
			}
		}
	}
}

// maxParamHops bounds how many parameters madeChans follows back to their
// callers.
const maxParamHops = 3

// madeChans returns the makes a channel value v can come from: a make, a
// choice between makes and nil (var c chan T; if opt { c = make(...) }),
// or a parameter of an unexported function whose every in-package caller
// passes one (nats.go's subscribe hands its errCh down two calls before
// storing it). ok is false when v may come from anywhere else.
func (m *Model) madeChans(v ssa.Value, hops int) (mks []*ssa.MakeChan, ok bool) {
	return m.madeChansSeen(v, hops, make(map[ssa.Value]bool))
}

func (m *Model) madeChansSeen(v ssa.Value, hops int, seen map[ssa.Value]bool) (mks []*ssa.MakeChan, ok bool) {
	if seen[v] {
		return nil, true // a phi of a loop, already followed
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.MakeChan:
		return []*ssa.MakeChan{v}, true
	case *ssa.Const:
		return nil, v.IsNil()
	case *ssa.Phi:
		for _, e := range v.Edges {
			more, ok := m.madeChansSeen(e, hops, seen)
			if !ok {
				return nil, false
			}
			mks = append(mks, more...)
		}
		return mks, true
	case *ssa.Parameter:
		fn := v.Parent()
		if hops >= maxParamHops || m.objs == nil || exportedFunc(fn) || fn.Parent() != nil {
			return nil, false
		}
		i := slices.Index(fn.Params, v)
		callers := m.objs.callers[fn]
		if i < 0 || len(callers) == 0 {
			return nil, false
		}
		for _, call := range callers {
			args := call.Common().Args
			if i >= len(args) {
				return nil, false
			}
			more, ok := m.madeChansSeen(args[i], hops+1, seen)
			if !ok {
				return nil, false
			}
			mks = append(mks, more...)
		}
		return mks, true
	}
	return nil, false
}

// noteMapChanBuffer records the buffer of a channel put into a map kept in
// a struct field (c.awaiting[id] = make(chan result, 1)), as the elements
// of that field.
func (m *Model) noteMapChanBuffer(mu *ssa.MapUpdate) {
	if _, ok := mu.Value.Type().Underlying().(*types.Chan); !ok {
		return
	}
	p, ok := ssax.PathOf(mu.Map)
	if !ok || p.TypeKey() == "" {
		return
	}
	key := "elements of " + p.TypeKey()
	size := int64(-1)
	if mk, ok := mu.Value.(*ssa.MakeChan); ok {
		if c, ok := mk.Size.(*ssa.Const); ok && c.Value != nil {
			size = c.Int64()
		}
	}
	if old, seen := m.chanCaps[key]; seen && old != size {
		size = -1
	}
	m.chanCaps[key] = size
}

// escapesBefore reports whether the channel made by mk may be handed to
// someone who could fill its buffer: passed to a function that sends on it
// (or whose summary is unknown), or to anything else but the function's own
// sends, receives, stores and returns.
func (m *Model) escapesBefore(mk *ssa.MakeChan) bool {
	for _, ref := range *mk.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Send, *ssa.UnOp, *ssa.Select, *ssa.DebugRef, *ssa.Store, *ssa.Return:
			continue
		case *ssa.ChangeType:
			// Handing out a receive-only view lets no one send.
			if t, ok := ref.Type().Underlying().(*types.Chan); ok && t.Dir() == types.RecvOnly {
				continue
			}
		case *ssa.Call:
			if b, ok := ref.Call.Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap" || b.Name() == "close") {
				continue
			}
			if m.receivesWithoutSending(ref, mk) {
				continue
			}
		}
		return true
	}
	return false
}

// receivesWithoutSending reports whether call passes ch to a function whose
// summary shows it does not send on that parameter (it stores it, or
// receives from it).
func (m *Model) receivesWithoutSending(call *ssa.Call, ch ssa.Value) bool {
	c := m.Callee(call)
	s := m.CalleeSummary(c)
	if s == nil && c.Fn == nil {
		return false
	}
	for i, a := range c.Args {
		if a != ch {
			continue
		}
		if e := s.ChanParam(i); e != nil && e.Send {
			return false
		}
	}
	return true
}

// freshChan returns the make(chan) instruction, in the function of ch, that
// made ch: ch itself, or a load of a field the function stored it in.
func freshChan(ch ssa.Value) *ssa.MakeChan {
	if mk, ok := ch.(*ssa.MakeChan); ok {
		return mk
	}
	load, ok := ch.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	p, ok := ssax.PathOf(load.X)
	if !ok || len(p.Fields) == 0 {
		return nil
	}
	fn := ch.Parent()
	var found *ssa.MakeChan
	for instr := range ssax.Instrs(fn) {
		st, ok := instr.(*ssa.Store)
		if !ok {
			continue
		}
		mk, ok := st.Val.(*ssa.MakeChan)
		if !ok {
			continue
		}
		if _, ok := st.Addr.(*ssa.FieldAddr); !ok {
			continue
		}
		if q, ok := ssax.PathOf(st.Addr); ok && q.Key() == p.Key() {
			found = mk
		}
	}
	return found
}

// inLoop reports whether b can reach itself.
func inLoop(b *ssa.BasicBlock) bool { return ssax.Reaches(b, b) }

// spellChan spells a channel operand: the source expression at pos when
// there is one, otherwise its access path.
func (m *Model) spellChan(ch ssa.Value, pos token.Pos) string {
	if s := m.Src.Send(pos); s != nil {
		return ssax.Spell(s.Chan)
	}
	if r := m.Src.Recv(pos); r != nil {
		return ssax.Spell(r.X)
	}
	if r := m.Src.Range(pos); r != nil {
		return ssax.Spell(r.X)
	}
	if call, ok := ch.(*ssa.Call); ok {
		if name := m.Src.CallName(call.Pos()); name != "" {
			return name + "()"
		}
	}
	if p, _ := ssax.PathOf(ch); p.Spell() != "" {
		return p.Spell()
	}
	if fn := ch.Parent(); fn != nil && fn.Syntax() != nil {
		if r := m.rangeOverChanIn(fn, ch); r != nil {
			return ssax.Spell(r.X)
		}
	}
	return "a channel"
}

// IsTimerChan reports whether ch is a timer's channel: time.After(d),
// time.Tick(d), or the C field of a time.Timer or time.Ticker.
func IsTimerChan(ch ssa.Value) bool {
	switch v := ch.(type) {
	case *ssa.Call:
		if fn := v.Call.StaticCallee(); fn != nil {
			t, ok := knowledge.LookupTimer(fullName(fn))
			return ok && t.Chan
		}
	case *ssa.UnOp:
		if fa, ok := v.X.(*ssa.FieldAddr); ok {
			return knowledge.IsTimerType(ssax.TypeString(derefType(fa.X.Type())))
		}
	}
	return false
}

// IsDoneChan reports whether ch is the result of a Done method of a
// context.Context (or of any type with a Done() <-chan struct{} method).
func IsDoneChan(ch ssa.Value) bool {
	call, ok := ch.(*ssa.Call)
	if !ok {
		return false
	}
	if call.Call.IsInvoke() {
		return call.Call.Method.Name() == "Done"
	}
	if fn := call.Call.StaticCallee(); fn != nil {
		return fn.Name() == "Done"
	}
	return false
}

// IsSignalChan reports whether ch carries no data (chan struct{}): such
// channels are closed to signal, as quit, stop and done channels are.
func IsSignalChan(ch ssa.Value) bool {
	t, ok := ch.Type().Underlying().(*types.Chan)
	if !ok {
		return false
	}
	st, ok := t.Elem().Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}

// IsFreshContext reports whether v is context.Background() or
// context.TODO(): a context that is never cancelled.
func IsFreshContext(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	fn := call.Call.StaticCallee()
	if fn == nil {
		return false
	}
	return knowledge.FreshContext(fullName(fn))
}

// IsContextType reports whether t is context.Context.
func IsContextType(t types.Type) bool {
	return ssax.TypeString(t) == "context.Context"
}

// IsNetworkValue reports whether v is a network endpoint: a connection or
// listener, or the body of an HTTP response.
func IsNetworkValue(v ssa.Value) bool {
	for i := 0; i < 4; i++ {
		if knowledge.IsNetworkType(v.Type()) {
			return true
		}
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.ChangeInterface:
			v = x.X
			continue
		case *ssa.UnOp:
			if fa, ok := x.X.(*ssa.FieldAddr); ok {
				t := derefType(fa.X.Type())
				if st, ok := t.Underlying().(*types.Struct); ok && fa.Field < st.NumFields() {
					return knowledge.IsNetworkField(t, st.Field(fa.Field).Name())
				}
			}
		}
		return false
	}
	return false
}

func derefType(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func fullName(fn *ssa.Function) string {
	if obj, ok := ssax.Origin(fn).Object().(*types.Func); ok {
		return knowledge.Key(obj)
	}
	return ""
}

// rangeOverChanIn finds the range statement over ch in fn's own body (not
// in nested function literals), for range loops without a key, whose
// receive go/ssa gives no position.
func (m *Model) rangeOverChanIn(fn *ssa.Function, ch ssa.Value) *ast.RangeStmt {
	var found *ast.RangeStmt
	ast.Inspect(fn.Syntax(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == fn.Syntax()
		case *ast.RangeStmt:
			if found == nil && n.Key == nil {
				if t := m.Pass.TypesInfo.TypeOf(n.X); t != nil && types.Identical(t, ch.Type()) {
					found = n
				}
			}
		}
		return found == nil
	})
	return found
}

// carriesNothing reports whether t is a channel of empty values
// (chan struct{}), whose sends signal or take a token rather than hand
// over data.
func carriesNothing(t types.Type) bool {
	ch, ok := t.Underlying().(*types.Chan)
	if !ok {
		return false
	}
	st, ok := ch.Elem().Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}

// deadlineSetBefore reports whether call, I/O on a connection, follows on
// every path a deadline set on the same connection for its direction
// (r.SetReadDeadline(t); r.Read(p)): the wait ends by then. A deadline
// cleared with the zero time does not count.
func deadlineSetBefore(call *ssa.Call, c ssax.Callee) bool {
	dir := knowledge.IODirection(c.Obj.Name())
	if dir == 0 || c.Obj.Signature().Recv() == nil || len(c.Args) == 0 {
		return false
	}
	conn := unwrapConn(c.Args[0])
	for in := range ssax.Before(call) {
		set, ok := in.(*ssa.Call)
		if !ok {
			continue
		}
		sc := ssax.Resolve(&set.Call)
		d, ok := knowledge.LookupDeadlineSetter(sc.Obj)
		if !ok || d&dir == 0 || len(sc.Args) < 2 || !sameConn(unwrapConn(sc.Args[0]), conn) || isZeroTime(sc.Args[1]) {
			continue
		}
		return true
	}
	return false
}

// sameConn reports whether a and b are the same connection: one value, or
// two values with the same access path (two loads of d.conn, or the
// embedded connection of one *net.TCPConn that its promoted methods get).
func sameConn(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	pa, okA := ssax.PathOf(a)
	pb, okB := ssax.PathOf(b)
	return okA && okB && pa.Key() == pb.Key()
}

// unwrapConn returns the value behind conversions to interfaces.
func unwrapConn(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		default:
			return v
		}
	}
}

// isZeroTime reports whether v is time.Time{}, which clears a deadline.
func isZeroTime(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value == nil
}

package leak

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Real code keeps its channels in struct fields (s.results, c.done) and
// reaches them from methods and the goroutines those methods start. A
// channel field is not owned by one function, but an unexported field of a
// struct declared in this package is only ever touched by this package:
// every operation on the channels kept there is in view. fieldIndex
// collects, for each such field, every operation of the package on a
// value loaded from it, following the value through conversions, local
// variables, closures and calls whose use of a channel parameter the
// model's summaries describe. When the value goes anywhere else (returned,
// stored in another place, sent on a channel, converted to an interface,
// handed to a function whose use of it is unknown), the field is marked
// as reachable from outside and the rules that depend on seeing every
// operation leave it alone.

// chanField is what the package does with the channels kept in one
// unexported struct field.
type chanField struct {
	v *types.Var // the field (the generic origin for fields of generic types)
	// owner names the struct type for messages ("Server").
	owner string
	// makes are the make(chan) whose channel is stored in the field.
	makes []*ssa.MakeChan
	// foreign says a channel that was not made for the field is stored
	// in it (a parameter, another field): its other holders are unknown.
	foreign bool
	// outRecv says the channel goes where someone unseen may receive from
	// it; outSend that someone unseen may send on or close it (a
	// receive-only view handed out lets nobody send).
	outRecv, outSend bool
	ops              []fieldOp
}

// fieldOp is one operation of the package on a channel of a field.
type fieldOp struct {
	fn    *ssa.Function
	instr ssa.Instruction
	// ch is the channel operand in fn.
	ch   ssa.Value
	kind useKind // useRecv (range included), useSend, useSelect, useClose, useCall, useGoroutine
	// state is the select case, for useSelect.
	state    int
	deferred bool
	// effect says what a callee or a goroutine does with the channel,
	// for useCall and useGoroutine.
	effect *model.ChanEffect
	// launch is the goroutine handed the channel, for useGoroutine.
	launch *launch
}

func (op fieldOp) selectDir() types.ChanDir {
	return op.instr.(*ssa.Select).States[op.state].Dir
}

// receives reports whether op may take a value from the channel.
func (op fieldOp) receives() bool {
	switch op.kind {
	case useRecv:
		return true
	case useSelect:
		return op.selectDir() == types.RecvOnly
	case useCall, useGoroutine:
		return op.effect.Recv || op.effect.Range
	}
	return false
}

// sends reports whether op may put a value on the channel.
func (op fieldOp) sends() bool {
	switch op.kind {
	case useSend:
		return true
	case useSelect:
		return op.selectDir() == types.SendOnly
	case useCall, useGoroutine:
		return op.effect.Send
	}
	return false
}

// closes reports whether op may close the channel.
func (op fieldOp) closes() bool {
	switch op.kind {
	case useClose:
		return true
	case useCall, useGoroutine:
		return op.effect.Close
	}
	return false
}

// isRange reports whether op receives until the channel is closed.
func (op fieldOp) isRange() bool {
	switch op.kind {
	case useRecv:
		return op.instr.Block().Comment == "rangechan.loop"
	case useCall, useGoroutine:
		return op.effect.Range
	}
	return false
}

// fieldIndex holds the package's channel fields.
type fieldIndex struct {
	fields map[*types.Var]*chanField
	order  []*chanField // in the order first seen, for deterministic output
	// seen are the values already followed.
	seen map[flowKey]bool
}

type flowKey struct {
	v        ssa.Value
	recvOnly bool
	field    *types.Var
}

// chanFieldOf returns the field that fa or f (a *ssa.FieldAddr or
// *ssa.Field) selects, when it is an unexported field of channel type of a
// struct declared in this package; otherwise nil.
func (c *checker) chanFieldOf(x ssa.Value, index int) *types.Var {
	t := x.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || index >= st.NumFields() {
		return nil
	}
	v := st.Field(index).Origin()
	if v.Exported() || v.Pkg() != c.pass.Pkg {
		return nil // other packages may use it
	}
	if _, ok := v.Type().Underlying().(*types.Chan); !ok {
		return nil
	}
	return v
}

// fieldsIndex builds the index of the package's channel fields.
func (c *checker) fieldsIndex() *fieldIndex {
	if c.fields != nil {
		return c.fields
	}
	ix := &fieldIndex{fields: make(map[*types.Var]*chanField), seen: make(map[flowKey]bool)}
	c.fields = ix
	get := func(v *types.Var, x ssa.Value) *chanField {
		f := ix.fields[v]
		if f == nil {
			f = &chanField{v: v, owner: ownerName(x.Type())}
			ix.fields[v] = f
			ix.order = append(ix.order, f)
		}
		return f
	}
	for _, fn := range c.m.Funcs {
		for instr := range ssax.Instrs(fn) {
			switch instr := instr.(type) {
			case *ssa.FieldAddr:
				v := c.chanFieldOf(instr.X, instr.Field)
				if v == nil {
					continue
				}
				f := get(v, instr.X)
				for _, ref := range *instr.Referrers() {
					switch ref := ref.(type) {
					case *ssa.DebugRef:
					case *ssa.UnOp:
						if ref.Op != token.MUL {
							f.outRecv, f.outSend = true, true
							continue
						}
						c.flow(f, ref, false)
					case *ssa.Store:
						if ref.Addr != instr {
							f.outRecv, f.outSend = true, true // the field's address is stored
							continue
						}
						c.storedIn(f, ref.Val)
					default:
						// The field's address is taken: it may
						// be assigned or read anywhere.
						f.outRecv, f.outSend = true, true
					}
				}
			case *ssa.Field:
				if v := c.chanFieldOf(instr.X, instr.Field); v != nil {
					c.flow(get(v, instr.X), instr, false)
				}
			}
		}
	}
	return ix
}

// storedIn records a value stored in field f: a channel made for it, nil,
// or a value of the field itself; anything else makes the field share its
// channel with holders the index does not see.
func (c *checker) storedIn(f *chanField, val ssa.Value) {
	switch val := val.(type) {
	case *ssa.MakeChan:
		if !slices.Contains(f.makes, val) {
			f.makes = append(f.makes, val)
			c.flow(f, val, false)
		}
		return
	case *ssa.Const:
		if val.IsNil() {
			return
		}
	case *ssa.UnOp:
		if fa, ok := val.X.(*ssa.FieldAddr); ok && val.Op == token.MUL && c.chanFieldOf(fa.X, fa.Field) == f.v {
			return // copied from the same field of another value
		}
	}
	f.foreign = true
}

// flow follows the channel value v of field f through fn, recording the
// operations on it. recvOnly says v is a receive-only view.
func (c *checker) flow(f *chanField, v ssa.Value, recvOnly bool) {
	ix := c.fields
	key := flowKey{v: v, recvOnly: recvOnly, field: f.v}
	if ix.seen[key] {
		return
	}
	ix.seen[key] = true
	out := func() {
		f.outRecv = true
		if !recvOnly {
			f.outSend = true
		}
	}
	fn := v.Parent()
	refs := v.Referrers()
	if refs == nil || fn == nil {
		out()
		return
	}
	add := func(op fieldOp) {
		op.fn, op.ch = fn, v
		f.ops = append(f.ops, op)
	}
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.ChangeType:
			t, _ := ref.Type().Underlying().(*types.Chan)
			c.flow(f, ref, recvOnly || t != nil && t.Dir() == types.RecvOnly)
		case *ssa.BinOp:
			if ref.Op != token.EQL && ref.Op != token.NEQ {
				out()
			}
		case *ssa.UnOp:
			if ref.Op != token.ARROW {
				out()
				continue
			}
			add(fieldOp{instr: ref, kind: useRecv})
		case *ssa.Send:
			if ref.Chan != v {
				out() // the channel itself is sent
				continue
			}
			add(fieldOp{instr: ref, kind: useSend})
		case *ssa.Select:
			for i, st := range ref.States {
				if st.Send == v {
					out()
				}
				if st.Chan == v {
					add(fieldOp{instr: ref, kind: useSelect, state: i})
				}
			}
		case *ssa.Store:
			c.flowStore(f, ref, v, recvOnly, out)
		case *ssa.MakeClosure:
			for i, b := range ref.Bindings {
				if b == v {
					c.flowFreeVar(f, ref, i, recvOnly, out)
				}
			}
		case ssa.CallInstruction:
			c.flowCall(f, fn, ref, v, add, out)
		default:
			// Returned, converted to an interface, merged with other
			// channels by a phi, put in a slice or map, ...
			out()
		}
	}
}

// flowStore follows a channel value stored in a local variable that is
// assigned only this value (go/ssa keeps variables captured by closures in
// memory), or stored back into a channel field.
func (c *checker) flowStore(f *chanField, st *ssa.Store, v ssa.Value, recvOnly bool, out func()) {
	switch addr := st.Addr.(type) {
	case *ssa.FieldAddr:
		if g := c.chanFieldOf(addr.X, addr.Field); g == f.v {
			return // stored in the same field (of another value)
		}
	case *ssa.Alloc:
		if stored, ok := ssax.SingleStore(addr); ok && stored == v {
			c.flowCell(f, addr, recvOnly, out)
			return
		}
	}
	out()
}

// flowCell follows the loads of a variable that holds the channel, in its
// function and in the closures that capture it.
func (c *checker) flowCell(f *chanField, cell ssa.Value, recvOnly bool, out func()) {
	for _, ref := range *cell.Referrers() {
		switch ref := ref.(type) {
		case *ssa.UnOp:
			if ref.Op == token.MUL {
				c.flow(f, ref, recvOnly)
			}
		case *ssa.MakeClosure:
			for i, b := range ref.Bindings {
				if b == cell {
					c.flowFreeVar(f, ref, i, recvOnly, out)
				}
			}
		}
	}
}

// flowFreeVar follows free variable i of the closure mc makes: the channel
// itself, or a variable holding it.
func (c *checker) flowFreeVar(f *chanField, mc *ssa.MakeClosure, i int, recvOnly bool, out func()) {
	body, ok := mc.Fn.(*ssa.Function)
	if !ok || i >= len(body.FreeVars) || len(body.Blocks) == 0 {
		out()
		return
	}
	fv := body.FreeVars[i]
	if _, isChan := fv.Type().Underlying().(*types.Chan); isChan {
		c.flow(f, fv, recvOnly)
		return
	}
	c.flowCell(f, fv, recvOnly, out)
}

// flowCall records a call that refers to the channel: close, a goroutine
// handed the channel, or a call whose summary says what it does with it.
func (c *checker) flowCall(f *chanField, fn *ssa.Function, call ssa.CallInstruction, v ssa.Value, add func(fieldOp), out func()) {
	common := call.Common()
	_, deferred := call.(*ssa.Defer)
	if b, ok := common.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "close":
			add(fieldOp{instr: call, kind: useClose, deferred: deferred})
		case "len", "cap":
		default:
			out()
		}
		return
	}
	if l := c.launchAt(fn, call); l != nil {
		if e := l.effectOn(v, -1); e != nil {
			add(fieldOp{instr: call, kind: useGoroutine, effect: e, launch: l})
			return
		}
		out()
		return
	}
	callee := c.m.Callee(call)
	s := c.m.CalleeSummary(callee)
	found := false
	for i, a := range callee.Args {
		if a != v {
			continue
		}
		e := s.ChanOn(ssax.RootParam, i)
		if e == nil {
			out() // the callee keeps the channel, or is unknown
			continue
		}
		found = true
		add(fieldOp{instr: call, kind: useCall, effect: e, deferred: deferred})
	}
	if !found {
		out()
	}
}

// capacity returns the buffer every make stored in the field has, when
// they all agree on a constant.
func (f *chanField) capacity() (int64, bool) {
	if len(f.makes) == 0 {
		return 0, false
	}
	size := int64(-1)
	for _, mk := range f.makes {
		n, ok := capacity(mk)
		if !ok || size >= 0 && n != size {
			return 0, false
		}
		size = n
	}
	return size, true
}

// neverSent reports whether nothing can ever send on the field's channel
// or close it: a receive from it waits forever.
func (f *chanField) neverSent() bool {
	if len(f.makes) == 0 || f.foreign || f.outSend {
		return false
	}
	for _, op := range f.ops {
		if op.sends() || op.closes() {
			return false
		}
	}
	return true
}

// neverClosed reports whether nothing can ever close the field's channel:
// a range over it never ends.
func (f *chanField) neverClosed() bool {
	if len(f.makes) == 0 || f.foreign || f.outSend {
		return false
	}
	for _, op := range f.ops {
		if op.closes() {
			return false
		}
	}
	return true
}

// neverReceived reports whether nothing can ever receive from the field's
// channel: a send on it waits forever once the buffer is full.
func (f *chanField) neverReceived() bool {
	if len(f.makes) == 0 || f.foreign || f.outRecv {
		return false
	}
	for _, op := range f.ops {
		if op.receives() {
			return false
		}
	}
	return true
}

// ownerName names the struct type of a field selection for messages:
// "Server" for a *Server or a Server.
func ownerName(t types.Type) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return "a struct"
}

// describe names the field for messages: "field results of Server".
func (f *chanField) describe() string { return "field " + f.v.Name() + " of " + f.owner }

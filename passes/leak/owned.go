package leak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

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
	// collection says origin is a slice whose elements mk makes, and
	// name names the slice (ownCollection).
	collection bool
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
	return c.ownValue(fn, mk, mk, c.spellAssigned(mk.Parent(), mk.Pos(), 0))
}

// A channel made for each element of a collection the function makes
// (workers := make([]chan T, n); workers[i] = make(chan T, 100)), handed to
// goroutines that capture the collection and range over their element
// (range workers[idx]), is owned too: every element comes from the one
// make, and the function and its goroutines are the only parties to any
// of them. The collection stands for its channels: loads of its elements
// are the channel, and what a goroutine does with the collection's
// elements (model.Summary.ElemsOn) is what it does with the channel.

// ownCollection returns the channels mk makes for the elements of a slice
// fn makes, as one owned channel whose origin is the slice; ok is false
// when mk is not stored into such a slice, or the slice or a channel in it
// escapes.
func (c *checker) ownCollection(fn *ssa.Function, mk *ssa.MakeChan) (o *ownedChan, uses []chanUse, ok bool) {
	ms := collectionOf(mk)
	if ms == nil {
		return nil, nil, false
	}
	pos := ms.Pos()
	if sl, ok := ms.(*ssa.Slice); ok && !pos.IsValid() {
		pos = sl.X.Pos() // the array go/ssa allocates for make([]T, K)
	}
	o, uses, ok = c.ownValue(fn, ms, mk, c.spellAssigned(fn, pos, 0))
	if ok {
		o.collection = true
	}
	return o, uses, ok
}

// collectionOf returns the slice made in mk's function that mk is stored
// into as an element (workers[i] = make(chan T)), when that store is
// mk's only use.
func collectionOf(mk *ssa.MakeChan) ssa.Value {
	var store *ssa.Store
	for _, ref := range *mk.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if store != nil || ref.Val != mk {
				return nil
			}
			store = ref
		default:
			return nil
		}
	}
	if store == nil {
		return nil
	}
	ia, ok := store.Addr.(*ssa.IndexAddr)
	if !ok {
		return nil
	}
	x := ia.X
	// A collection captured by the goroutines lives in a variable.
	if load, ok := x.(*ssa.UnOp); ok && load.Op == token.MUL {
		if cell, ok := load.X.(*ssa.Alloc); ok {
			x, _ = ssax.SingleStore(cell)
		}
	}
	switch x := x.(type) {
	case *ssa.MakeSlice:
		return x
	case *ssa.Slice:
		// make([]T, K) with a constant K: go/ssa allocates an array
		// and slices it; the array must go nowhere else.
		if arr, ok := x.X.(*ssa.Alloc); ok && x.Low == nil && onlySliced(arr, x) {
			return x
		}
	}
	return nil
}

// onlySliced reports whether s is the only use of arr.
func onlySliced(arr *ssa.Alloc, s *ssa.Slice) bool {
	for _, ref := range *arr.Referrers() {
		if ref != s {
			if _, ok := ref.(*ssa.DebugRef); !ok {
				return false
			}
		}
	}
	return true
}

// chanCollection reports whether t (or what t points to) is a slice,
// array or map of channels.
func chanCollection(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	var elem types.Type
	switch u := t.Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Map:
		elem = u.Elem()
	default:
		return false
	}
	_, ok := elem.Underlying().(*types.Chan)
	return ok
}

// effectFor returns what s says a function does with the channel that is
// its parameter or free variable (root, index) of type t, or with the
// channels in it when t is a collection of channels.
func effectFor(s *model.Summary, root ssax.RootKind, index int, t types.Type) *model.ChanEffect {
	if chanCollection(t) {
		return s.ElemsOn(root, index)
	}
	return s.ChanOn(root, index)
}

// ownValue is ownChan for a channel that is origin in fn, made by mk (nil
// when it comes from a call); for a collection, origin is the slice and mk
// makes its elements.
func (c *checker) ownValue(fn *ssa.Function, origin ssa.Value, mk *ssa.MakeChan, name string) (o *ownedChan, uses []chanUse, ok bool) {
	o = &ownedChan{fn: fn, origin: origin, mk: mk, values: map[ssa.Value]bool{origin: true}, name: name}
	work := []ssa.Value{origin}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.DebugRef:
			case *ssa.IndexAddr:
				// An element of the collection: made by mk, or
				// loaded to be used as the channel.
				elems, ok := elementUses(ref, v, mk)
				if !ok {
					return nil, nil, false
				}
				for _, e := range elems {
					o.values[e] = true
					work = append(work, e)
				}
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

// elementUses returns the loads of the element ia addresses in coll, a
// collection whose every element is made by mk: ok is false when ia is
// used otherwise (another value is stored there, or its address goes
// elsewhere), or when coll is a channel, not a collection.
func elementUses(ia *ssa.IndexAddr, coll ssa.Value, mk *ssa.MakeChan) (loads []ssa.Value, ok bool) {
	if mk == nil || ia.X != coll || !chanCollection(coll.Type()) {
		return nil, false
	}
	for _, ref := range *ia.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if ref.Addr != ia || ref.Val != mk {
				return nil, false
			}
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return nil, false
			}
			loads = append(loads, ref)
		default:
			return nil, false
		}
	}
	return loads, true
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
		if body, ok := common.Value.(*ssa.MakeClosure).Fn.(*ssa.Function); ok && freeVar < len(body.FreeVars) {
			e = effectFor(c.m.CalleeSummary(callee), ssax.RootFreeVar, freeVar, body.FreeVars[freeVar].Type())
		}
	} else {
		for i, a := range callee.Args {
			if a == v {
				e = effectFor(c.m.CalleeSummary(callee), ssax.RootParam, i, v.Type())
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
		if mc, ok := v.(*ssa.MakeClosure); ok && mc.Fn == l.body.Fn && freeVar < len(l.body.Fn.FreeVars) {
			return effectFor(l.summary, ssax.RootFreeVar, freeVar, l.body.Fn.FreeVars[freeVar].Type())
		}
		return nil
	}
	for i, a := range l.body.Args {
		if a == v {
			return effectFor(l.summary, ssax.RootParam, i, v.Type())
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

// touches reports whether instr, in a goroutine's body, operates on the
// channel parameter or free variable described by e, or hands it to a call.
func (c *checker) touches(instr ssa.Instruction, e *model.ChanEffect) bool {
	// An element of the root (workers[idx]) is the channel when the root
	// is a collection: a root is either a channel or a collection.
	is := func(v ssa.Value) bool {
		p, ok := ssax.PathOf(v)
		return ok && p.Root == e.Root && p.Index == e.Index &&
			(len(p.Fields) == 0 || len(p.Fields) == 1 && p.Fields[0].Owner == "" && strings.HasPrefix(p.Fields[0].Name, "["))
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

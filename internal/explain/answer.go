package explain

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/dump"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Answerers says which operations could answer a wait, from the code
// alone; explain then reads the dump for what became of them. It is an
// interface so that the answerer model shared with the passes can take
// over from modelAnswers, the first implementation, without changing the
// rest of explain.
type Answerers interface {
	Answer(q *Query) *Answer
}

// Query is one blocked operation.
type Query struct {
	Instr ssa.Instruction // the operation: *ssa.Send, a receive, *ssa.Select, a sync call
	Wait  dump.Wait       // what the runtime says it waits for
	// Model is the model of the operation's package, Models those of
	// every package analysed.
	Model  *model.Model
	Models []*model.Model
}

// Answer is what the code says about a wait.
type Answer struct {
	// What spells what is waited on: "ch", "c.frames", "s.mu".
	What string
	// Ops are the operations that could answer the wait.
	Ops []AnswerOp
	// Complete says every operation that could answer is in Ops: the
	// channel or lock cannot be reached from code not analysed.
	Complete bool
	// Lock is the lock waited for, for lock waits.
	Lock *ssax.Path
}

// AnswerOp is one operation that could answer a wait.
type AnswerOp struct {
	Instr ssa.Instruction
	Op    string // "receive from ch", "close(ch)", "s.mu.Unlock"
	// Cancellable says the operation is one case of a select that also
	// waits for a cancellation, so it may never be reached.
	Cancellable bool
}

// modelAnswers answers from the SSA and summaries of the shared model: it
// follows the waited-on value back to where it was made (through closures'
// captured variables and the arguments of in-package calls) and collects
// the operations, in the analysed packages, on the same value or on the
// same unexported struct field.
//
// TODO(explain): switch to the shared answerer model (internal/model)
// when it lands, which also follows channels into other packages through
// facts.
type modelAnswers struct{}

func (modelAnswers) Answer(q *Query) *Answer {
	a := &answering{q: q, origins: make(map[ssa.Value][]ssa.Value)}
	switch instr := q.Instr.(type) {
	case *ssa.Send:
		return a.channel([]chanWait{{instr.Chan, true}})
	case *ssa.UnOp:
		return a.channel([]chanWait{{instr.X, false}})
	case *ssa.Select:
		var ws []chanWait
		for _, st := range instr.States {
			ws = append(ws, chanWait{st.Chan, st.Dir == types.SendOnly})
		}
		return a.channel(ws)
	case ssa.CallInstruction:
		return a.sync(instr)
	}
	return &Answer{}
}

type chanWait struct {
	ch   ssa.Value
	send bool // the waiter sends; receivers answer
}

type answering struct {
	q       *Query
	origins map[ssa.Value][]ssa.Value
}

// channel collects the operations that answer waits on the channels.
func (a *answering) channel(ws []chanWait) *Answer {
	ans := &Answer{Complete: true}
	for i, w := range ws {
		name := a.spell(w.ch)
		if i == 0 {
			ans.What = name
		} else if i < 3 {
			ans.What += ", " + name
		}
		if !a.known(w.ch) {
			ans.Complete = false
		}
	}
	a.eachOp(func(instr ssa.Instruction, ch ssa.Value, send, close bool, sel *ssa.Select) {
		for _, w := range ws {
			answers := send != w.send // a sender answers a receiver, and the reverse
			if close {
				answers = !w.send // a close answers receivers only
			}
			if !answers || !a.same(ch, w.ch) {
				continue
			}
			op := AnswerOp{Instr: instr}
			m := a.model(instr)
			switch {
			case close:
				op.Op = "close(" + a.spell(ch) + ")"
			case sel != nil:
				verb := "receive from "
				if send {
					verb = "send on "
				}
				op.Op = verb + a.spellState(m, sel, ch)
				if m != nil {
					if b, ok := m.DirectOp(instr); ok {
						op.Cancellable = b.Cancellable
						if len(sel.States) > 1 {
							op.Op += " (a case of " + b.What + ")"
						}
					}
				}
			case m != nil:
				if b, ok := m.DirectOp(instr); ok {
					op.Op = b.What
					op.Cancellable = b.Cancellable
				}
			}
			if op.Op == "" {
				verb := "receive from "
				if send {
					verb = "send on "
				}
				op.Op = verb + a.spell(ch)
			}
			ans.Ops = append(ans.Ops, op)
			return
		}
	})
	return ans
}

// sync collects the calls that answer a lock, WaitGroup or Cond wait.
func (a *answering) sync(call ssa.CallInstruction) *Answer {
	name := syncMethod(call)
	var answering []string
	switch name {
	case "(*sync.Mutex).Lock":
		answering = []string{"(*sync.Mutex).Unlock"}
	case "(*sync.RWMutex).Lock", "(*sync.RWMutex).RLock":
		answering = []string{"(*sync.RWMutex).Unlock", "(*sync.RWMutex).RUnlock"}
	case "(sync.Locker).Lock":
		answering = []string{"(sync.Locker).Unlock", "(*sync.Mutex).Unlock", "(*sync.RWMutex).Unlock"}
	case "(*sync.WaitGroup).Wait":
		answering = []string{"(*sync.WaitGroup).Done", "(*sync.WaitGroup).Add"}
	case "(*sync.Cond).Wait":
		answering = []string{"(*sync.Cond).Signal", "(*sync.Cond).Broadcast"}
	default:
		return &Answer{}
	}
	target, ok := a.syncTarget(call)
	if !ok {
		return &Answer{}
	}
	ans := &Answer{What: a.spell(target), Complete: a.known(target)}
	if p, ok := ssax.PathOf(target); ok {
		ans.Lock = &p
	}
	m := a.q.Model
	if recv := m.Src.Receiver(call.Pos()); recv != nil {
		ans.What = ssax.Spell(recv)
	}
	for _, mm := range a.q.Models {
		for _, fn := range mm.Funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					c, ok := instr.(ssa.CallInstruction)
					if !ok {
						continue
					}
					cn := syncMethod(c)
					if cn == "" || !contains(answering, cn) {
						continue
					}
					t, ok := a.syncTarget(c)
					if !ok || !a.same(t, target) {
						continue
					}
					spell := a.spell(t)
					if recv := mm.Src.Receiver(c.Pos()); recv != nil {
						spell = ssax.Spell(recv)
					}
					ans.Ops = append(ans.Ops, AnswerOp{Instr: instr, Op: spell + "." + methodName(cn)})
				}
			}
		}
	}
	return ans
}

// syncTarget returns the value a sync method is called on: the address of
// the Mutex, WaitGroup or Cond, or the Locker interface.
func (a *answering) syncTarget(c ssa.CallInstruction) (ssa.Value, bool) {
	cc := c.Common()
	if cc.IsInvoke() {
		return cc.Value, true
	}
	if len(cc.Args) == 0 {
		return nil, false
	}
	return cc.Args[0], true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// eachOp calls visit for every channel operation of the analysed
// packages: sends, receives (ranges included), select cases and closes.
func (a *answering) eachOp(visit func(instr ssa.Instruction, ch ssa.Value, send, close bool, sel *ssa.Select)) {
	for _, m := range a.q.Models {
		for _, fn := range m.Funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					switch instr := instr.(type) {
					case *ssa.Send:
						visit(instr, instr.Chan, true, false, nil)
					case *ssa.UnOp:
						if instr.Op == token.ARROW {
							visit(instr, instr.X, false, false, nil)
						}
					case *ssa.Select:
						for _, st := range instr.States {
							visit(instr, st.Chan, st.Dir == types.SendOnly, false, instr)
						}
					case *ssa.Call:
						if bi, ok := instr.Call.Value.(*ssa.Builtin); ok && bi.Name() == "close" && len(instr.Call.Args) == 1 {
							visit(instr, instr.Call.Args[0], false, true, nil)
						}
					}
				}
			}
		}
	}
}

func (a *answering) model(instr ssa.Instruction) *model.Model {
	for _, m := range a.q.Models {
		if instr.Parent() != nil && instr.Parent().Pkg == m.Pkg {
			return m
		}
	}
	return nil
}

// spell names a value as the source does.
func (a *answering) spell(v ssa.Value) string {
	if p, ok := ssax.PathOf(v); ok {
		if s := p.Spell(); s != "" {
			return s
		}
	}
	return v.Name()
}

// spellState names the channel of a select case from the source, where
// the SSA value has no name (a call's result, a temporary).
func (a *answering) spellState(m *model.Model, sel *ssa.Select, ch ssa.Value) string {
	if p, ok := ssax.PathOf(ch); ok && p.Spell() != "" {
		return p.Spell()
	}
	if m != nil {
		for _, st := range sel.States {
			if st.Chan != ch {
				continue
			}
			if r := m.Src.Recv(st.Pos); r != nil {
				return ssax.Spell(r.X)
			}
			if snd := m.Src.Send(st.Pos); snd != nil {
				return ssax.Spell(snd.Chan)
			}
		}
	}
	return a.spell(ch)
}

// same reports whether two values are the same channel or lock: the same
// unexported field or package variable, or values made by the same
// instruction.
func (a *answering) same(x, y ssa.Value) bool {
	px, okx := ssax.PathOf(x)
	py, oky := ssax.PathOf(y)
	if okx && oky && px.TypeKey() != "" {
		return px.TypeKey() == py.TypeKey()
	}
	ox, oy := a.origin(x), a.origin(y)
	for _, u := range ox {
		for _, v := range oy {
			if u == v {
				return true
			}
		}
	}
	return false
}

// known reports whether every operation on v is in the analysed packages:
// v was made here (and, for a field, the field is unexported).
func (a *answering) known(v ssa.Value) bool {
	if p, ok := ssax.PathOf(v); ok && p.TypeKey() != "" {
		f := p.Fields
		if len(f) == 0 {
			return false // a package variable: exported or not, handed out
		}
		return !token.IsExported(f[len(f)-1].Name)
	}
	for _, o := range a.origin(v) {
		switch o.(type) {
		case *ssa.MakeChan, *ssa.Alloc:
		default:
			return false
		}
	}
	return true
}

// origin returns the values v may come from: channels made by make, local
// variables, or (when it cannot be followed) v itself.
func (a *answering) origin(v ssa.Value) []ssa.Value {
	if o, ok := a.origins[v]; ok {
		return o
	}
	a.origins[v] = []ssa.Value{v} // cycles end here
	var out []ssa.Value
	add := func(vs []ssa.Value) {
		for _, w := range vs {
			if !containsValue(out, w) {
				out = append(out, w)
			}
		}
	}
	switch v := v.(type) {
	case *ssa.ChangeType:
		add(a.origin(v.X))
	case *ssa.MakeInterface:
		add(a.origin(v.X))
	case *ssa.Phi:
		for _, e := range v.Edges {
			add(a.origin(e))
		}
	case *ssa.UnOp:
		// A load of a variable: captured variables are shared by
		// address, so follow the address to the variable, then to
		// the value stored in it when it is stored once.
		if v.Op != token.MUL {
			break
		}
		for _, o := range a.origin(v.X) {
			alloc, ok := o.(*ssa.Alloc)
			if !ok {
				continue
			}
			if st, ok := ssax.SingleStore(alloc); ok {
				add(a.origin(st))
			} else {
				add([]ssa.Value{alloc})
			}
		}
	case *ssa.FreeVar:
		fn := v.Parent()
		idx := indexOf(fn.FreeVars, v)
		for _, mc := range a.closures(fn) {
			if idx < len(mc.Bindings) {
				add(a.origin(mc.Bindings[idx]))
			}
		}
	case *ssa.Parameter:
		fn := v.Parent()
		idx := -1
		for i, p := range fn.Params {
			if p == v {
				idx = i
			}
		}
		for _, args := range a.calls(fn) {
			if idx >= 0 && idx < len(args) {
				add(a.origin(args[idx]))
			}
		}
	}
	if len(out) == 0 {
		out = []ssa.Value{v}
	}
	a.origins[v] = out
	return out
}

func containsValue(vs []ssa.Value, v ssa.Value) bool {
	for _, w := range vs {
		if w == v {
			return true
		}
	}
	return false
}

func indexOf(fvs []*ssa.FreeVar, v *ssa.FreeVar) int {
	for i, fv := range fvs {
		if fv == v {
			return i
		}
	}
	return -1
}

// closures returns the MakeClosure instructions that create fn.
func (a *answering) closures(fn *ssa.Function) []*ssa.MakeClosure {
	var out []*ssa.MakeClosure
	parent := fn.Parent()
	if parent == nil {
		return nil
	}
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				out = append(out, mc)
			}
		}
	}
	return out
}

// calls returns the static calls (and go and defer statements) of fn in
// the analysed packages, through instantiations of a generic fn, and the
// arguments each passes to fn's parameters (a method value's receiver
// first).
func (a *answering) calls(fn *ssa.Function) [][]ssa.Value {
	var out [][]ssa.Value
	for _, m := range a.q.Models {
		for _, f := range m.Funcs {
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					c, ok := instr.(ssa.CallInstruction)
					if !ok {
						continue
					}
					callee := m.Callee(c)
					if callee.Fn != nil && ssax.Origin(callee.Fn) == ssax.Origin(fn) {
						out = append(out, callee.Args)
					}
				}
			}
		}
	}
	return out
}

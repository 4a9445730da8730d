package model

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A send to a goroutine that serves a channel in a loop (a hub's register
// channel, an event queue's subscribe channel) waits only until the loop
// comes round, when nothing in the loop itself can hold it up: such a wait
// ends in moments. The send is judged by its answerer: a loop, in a
// goroutine the package starts, that receives from the same channel (the
// same field of the same type) and does nothing else that may block
// without observing a cancellation. A loop that sleeps, does I/O or sends
// to someone else per item can keep the sender waiting.
//
// The verdict is made where the loop is, and travels with the send's
// witness (Witness.Served), so that a caller in another package
// (hub.AddListener from a handler) judges the send as the hub's package
// does.

// Serving is the verdict on the loops that serve a channel.
type Serving struct {
	// Known says a serving loop of the package receives from the
	// channel; Prompt, that it answers without being held up; Why names,
	// when it may be held up, the loop and what may hold it up.
	Known, Prompt bool
	Why           string
}

// ServedBy judges the serving loops of the package that receive from ch,
// a channel reached through a field.
func (m *Model) ServedBy(ch ssa.Value) Serving {
	p, ok := ssax.PathOf(ch)
	if !ok || len(p.Fields) == 0 {
		return Serving{}
	}
	key := p.TypeKey()
	if key == "" {
		return Serving{}
	}
	if r, ok := m.serving.get(key); ok {
		return r
	}
	// The loop may receive from the channel before it is stored in the
	// field (a constructor's local, captured by the loop it starts):
	// the object index joins the two.
	var group []string
	if m.objs != nil {
		group = m.objs.groups(m.objs.find(m.node(ch))).all
	}
	same := func(c ssa.Value) bool {
		if q, ok := ssax.PathOf(c); ok && q.TypeKey() == key {
			return true
		}
		return group != nil && slices.Contains(group, m.objs.find(m.node(c)))
	}
	var out Serving
	for _, fn := range m.Funcs {
		if !m.startedAsGoroutine(fn) {
			continue
		}
		for instr := range ssax.Instrs(fn) {
			if !receivesFrom(instr, same) || !ssax.Reaches(instr.Block(), instr.Block()) {
				continue
			}
			out.Known = true
			if w := m.holdsUp(instr.Block()); w != "" {
				out = Serving{Known: true, Why: "the loop that receives from it at " + m.Pos(instr.Pos()) + ", which may block: " + w}
				m.serving.put(key, out)
				return out
			}
			out.Prompt = true
		}
	}
	m.serving.put(key, out)
	return out
}

// receivesFrom reports whether instr receives from a channel same
// accepts (a receive, a range, or a select case).
func receivesFrom(instr ssa.Instruction, same func(ssa.Value) bool) bool {
	switch x := instr.(type) {
	case *ssa.UnOp:
		return x.Op == token.ARROW && same(x.X)
	case *ssa.Select:
		for _, st := range x.States {
			if st.Dir == types.RecvOnly && same(st.Chan) {
				return true
			}
		}
	}
	return false
}

// startedAsGoroutine reports whether the package starts fn with a go
// statement.
func (m *Model) startedAsGoroutine(fn *ssa.Function) bool {
	m.goStartsOnce.Do(func() {
		m.goStarts = make(map[*ssa.Function]bool)
		for _, g := range m.Funcs {
			for instr := range ssax.Instrs(g) {
				if gs, ok := instr.(*ssa.Go); ok {
					if f := m.Callee(gs).Fn; f != nil {
						m.goStarts[ssax.Origin(f)] = true
					}
				}
			}
		}
	})
	return m.goStarts[fn]
}

// holdsUp returns the first operation in the loop through block b that may
// block without observing a cancellation, besides waiting for the next item
// (receives, and selects of receives only), or "".
func (m *Model) holdsUp(b *ssa.BasicBlock) string {
	for lb := range ssax.LoopOf(b) {
		for _, instr := range lb.Instrs {
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			if op, ok := m.DirectOp(instr); ok {
				if op.Cancellable || op.RequestIO || op.Kind == knowledge.File || waitsForWork(instr) {
					continue
				}
				return op.What + " (" + m.Pos(instr.Pos()) + ")"
			}
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			callee := m.Callee(call)
			if w := m.CalleeSummary(callee).Blocking(Unbounded); w != nil {
				return callee.Name(m.Pass.Pkg) + " → " + w.Trace()
			}
		}
	}
	return ""
}

// Unbounded reports whether w may block without observing a cancellation
// and without being the request's own I/O or a local file's.
func Unbounded(w Witness) bool {
	return !w.Cancellable && !w.RequestIO && w.Kind != knowledge.File
}

// waitsForWork reports whether instr only receives: a serving loop waiting
// for its next item.
func waitsForWork(instr ssa.Instruction) bool {
	switch x := instr.(type) {
	case *ssa.UnOp:
		return x.Op == token.ARROW
	case *ssa.Select:
		for _, st := range x.States {
			if st.Dir != types.RecvOnly {
				return false
			}
		}
		return true
	}
	return false
}

package model

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analysisutil"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A field always made with a buffer of one is "the one result" (oneShot)
// only when the package uses it that way. findNotOneShot records the
// fields that carry more than one value:
//
//   - pre-filled where it is made (a send in the same block as the store
//     of the make): a token, whose next send waits for a receive;
//   - sent on from two functions, not counting a send that follows the
//     make in its own function (a result that is already known when the
//     channel is made, future.Err), nor a send on a waiter reached through
//     a table or a value of unknown origin (failing every pending waiter,
//     which the code takes out of its table first): two deliveries compete
//     for one slot;
//   - received from in a loop that comes round to the receive again, on
//     the same channel each time: a queue.
func (m *Model) findNotOneShot() {
	m.notOneShot = make(map[string]bool)
	senders := make(map[string]*ssa.Function)
	for _, fn := range m.Funcs {
		if fn.Pos().IsValid() && analysisutil.IsTestFile(m.Pass, fn.Pos()) {
			// Tests fill, drain and replay result channels to check
			// them; how the package itself uses a channel decides.
			continue
		}
		made := madeFields(fn)
		for instr := range ssax.Instrs(fn) {
			switch instr := instr.(type) {
			case *ssa.Send:
				p, _ := ssax.PathOf(instr.Chan)
				key := chanKey(p)
				if len(p.Fields) == 0 || key == "" || m.chanCaps[key] != 1 {
					continue
				}
				if st := made[key]; st != nil && st.Block() == instr.Block() {
					m.notOneShot[key] = true // pre-filled
					continue
				}
				if st := made[key]; st != nil && st.Block().Dominates(instr.Block()) {
					continue // the result known when the channel is made
				}
				if p.Root == ssax.RootUnknown || p.Fields[len(p.Fields)-1].Name == "[?]" {
					continue // failing every pending waiter (a loop over a table): each once
				}
				if deletesFirst(instr) {
					continue // the waiter was taken out of its table first: it gets this value only
				}
				if other := senders[key]; other != nil && other != fn {
					m.notOneShot[key] = true
				}
				senders[key] = fn
			case *ssa.UnOp:
				if instr.Op == token.ARROW && inLoop(instr.Block()) {
					m.queueRecv(instr.X)
				}
			case *ssa.Select:
				for i, st := range instr.States {
					if st.Dir == types.RecvOnly && caseComesRound(instr, i) {
						m.queueRecv(st.Chan)
					}
				}
			}
		}
	}
}

// queueRecv marks the field ch is loaded from as a queue, unless the
// receive takes a different channel each time round (an element of a
// slice, a value of unknown origin).
func (m *Model) queueRecv(ch ssa.Value) {
	p, _ := ssax.PathOf(ch)
	if len(p.Fields) == 0 || p.Root == ssax.RootUnknown || p.Fields[len(p.Fields)-1].Name == "[?]" {
		return
	}
	if key := chanKey(p); key != "" && m.chanCaps[key] == 1 {
		m.notOneShot[key] = true
	}
}

// madeFields returns, for each channel field fn stores a make(chan) in,
// the store.
func madeFields(fn *ssa.Function) map[string]*ssa.Store {
	out := make(map[string]*ssa.Store)
	for instr := range ssax.Instrs(fn) {
		st, ok := instr.(*ssa.Store)
		if !ok {
			continue
		}
		if _, ok := st.Val.(*ssa.MakeChan); !ok {
			continue
		}
		if p, ok := ssax.PathOf(st.Addr); ok && len(p.Fields) > 0 {
			out[chanKey(p)] = st
		}
	}
	return out
}

// caseComesRound reports whether case i of sel, once taken, can lead back
// to sel: the select is in a loop the case does not leave.
func caseComesRound(sel *ssa.Select, i int) bool {
	for _, ref := range *sel.Referrers() {
		ex, ok := ref.(*ssa.Extract)
		if !ok || ex.Index != 0 {
			continue
		}
		for _, r := range *ex.Referrers() {
			eq, ok := r.(*ssa.BinOp)
			if !ok || eq.Op != token.EQL {
				continue
			}
			k, ok := eq.Y.(*ssa.Const)
			if !ok || k.Value == nil || k.Int64() != int64(i) {
				continue
			}
			for _, u := range *eq.Referrers() {
				if iff, ok := u.(*ssa.If); ok {
					entry := iff.Block().Succs[0]
					return entry == sel.Block() || ssax.Reaches(entry, sel.Block())
				}
			}
		}
	}
	return false
}

// deletesFirst reports whether the function of instr deletes from a map
// on every path to instr: a delivery to a pending waiter that takes it out
// of the table of pending waiters first, so that no other delivery finds
// it.
func deletesFirst(instr ssa.Instruction) bool {
	for _, b := range instr.Parent().Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			if bi, ok := call.Call.Value.(*ssa.Builtin); !ok || bi.Name() != "delete" {
				continue
			}
			if b == instr.Block() {
				if precedes(in, instr) {
					return true
				}
			} else if b.Dominates(instr.Block()) {
				return true
			}
		}
	}
	return false
}

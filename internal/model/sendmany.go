package model

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// markSendMany sets SendMany on the channel effects of s for which one
// call of fn may send more than once: a send in a loop, two sends one of
// which can reach the other, or a call that sends more than once or sits
// in a loop. A buffer of one is then not "room for the one result", and a
// receiver that takes one value has not served the sender; a helper that
// loops over its items must count as a loop wherever it is called from.
func (m *Model) markSendMany(s *Summary, fn *ssa.Function) {
	for i := range s.Chans {
		e := &s.Chans[i]
		if e.Send && !e.SendMany {
			e.SendMany = m.sendsMany(fn, e.Root, e.Index)
		}
	}
}

// sendsMany reports whether fn may send more than once, in one call, on
// its channel parameter or free variable (root, index).
func (m *Model) sendsMany(fn *ssa.Function, root ssax.RootKind, index int) bool {
	is := func(v ssa.Value) bool {
		p, ok := ssax.PathOf(v)
		return ok && len(p.Fields) == 0 && p.Root == root && p.Index == index
	}
	var sites []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			send, many := false, false
			switch instr := instr.(type) {
			case *ssa.Send:
				send = is(instr.Chan)
			case *ssa.Select:
				for _, st := range instr.States {
					send = send || st.Dir == types.SendOnly && is(st.Chan)
				}
			case *ssa.Call:
				c := m.Callee(instr)
				cs := m.CalleeSummary(c)
				if cs == nil {
					continue
				}
				for _, ce := range cs.Chans {
					if !ce.Send {
						continue
					}
					if v := effectValue(c, ce); v != nil && is(v) {
						send, many = true, many || ce.SendMany
					}
				}
			}
			if !send {
				continue
			}
			if many || inLoop(b) {
				return true
			}
			sites = append(sites, b)
		}
	}
	// Two sends on one path: one's block reaches the other's (or they
	// share a block).
	for i, a := range sites {
		for j, b := range sites {
			if i != j && (a == b || ssax.Reaches(a, b)) {
				return true
			}
		}
	}
	return false
}

// effectValue returns the value the caller hands the callee for the
// channel parameter or free variable a channel effect is about, or nil.
func effectValue(c ssax.Callee, ce ChanEffect) ssa.Value {
	switch {
	case ce.Root == ssax.RootParam && ce.Index < len(c.Args):
		return c.Args[ce.Index]
	case ce.Root == ssax.RootFreeVar && ce.Index < len(c.Bindings):
		return c.Bindings[ce.Index]
	}
	return nil
}

package leak

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// checkConds reports sync.Cond.Wait on a condition, held in an unexported
// struct field or package variable, that nothing in the package signals.
func (c *checker) checkConds() {
	type wait struct {
		pos   token.Pos
		spell string
	}
	waits := make(map[string][]wait)
	signalled := make(map[string]bool)
	for _, fn := range c.m.Funcs {
		for instr := range ssax.Instrs(fn) {
			switch instr := instr.(type) {
			case ssa.CallInstruction:
				callee := c.m.Callee(instr)
				if callee.Obj == nil {
					// The condition handed to an unknown
					// function may be signalled there.
					for _, a := range instr.Common().Args {
						signalled[condKey(a)] = true
					}
					continue
				}
				switch knowledge.LookupSyncOp(knowledge.Key(callee.Obj)) {
				case knowledge.SyncCondWait:
					if key := condKey(callee.Args[0]); key != "" && !c.skipFunc(fn) {
						waits[key] = append(waits[key], wait{instr.Pos(), c.spellRecv(instr.Pos(), callee.Args[0])})
					}
				case knowledge.SyncSignal:
					signalled[condKey(callee.Args[0])] = true
				default:
					for _, a := range callee.Args {
						signalled[condKey(a)] = true // handed on: it may be signalled there
					}
				}
			case *ssa.Store:
				signalled[condKey(instr.Val)] = true
			}
		}
	}
	for key, ws := range waits {
		if signalled[key] {
			continue
		}
		for _, w := range ws {
			c.report(analysis.Diagnostic{Pos: w.pos, Category: catCond,
				Message: fmt.Sprintf("nothing in this package calls Signal or Broadcast on %s, so this Wait never wakes; signal the condition where the state it waits for changes", w.spell)})
		}
	}
}

// condKey returns the identity of a sync.Cond held in an unexported field
// or package variable, or "".
func condKey(v ssa.Value) string {
	p, _ := ssax.PathOf(v) // a field's identity does not depend on the route to it
	if n := len(p.Fields); n > 0 && token.IsExported(p.Fields[n-1].Name) {
		return ""
	}
	return p.TypeKey()
}

func (c *checker) spellRecv(pos token.Pos, v ssa.Value) string {
	if r := c.m.Src.Receiver(pos); r != nil {
		return ssax.Spell(r)
	}
	p, _ := ssax.PathOf(v)
	return p.Describe()
}

package model

import (
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Goroutine is a goroutine a function starts: a go statement, or a call of
// a library function that runs its argument in a new goroutine
// (errgroup.Group.Go, time.AfterFunc; see knowledge.Spawner).
type Goroutine struct {
	Parent *ssa.Function
	// Instr is the *ssa.Go, or the *ssa.Call of the spawner.
	Instr ssa.Instruction
	// Body is the function the goroutine runs, with the values its
	// parameters and free variables receive.
	Body ssax.Callee
	// Summary is Body's summary, nil when nothing is known of it.
	Summary *Summary
	// Via names the spawner ("errgroup.(*Group).Go"), "" for a go
	// statement; Spawner is its FullName.
	Via, Spawner string
}

// Goroutines returns the goroutines fn starts, in the order of their
// statements. It is the one walk the passes share for "the goroutines a
// function starts".
func (m *Model) Goroutines(fn *ssa.Function) []Goroutine {
	var out []Goroutine
	for call := range ssax.Calls(fn) {
		switch call := call.(type) {
		case *ssa.Go:
			body := m.Callee(call)
			out = append(out, Goroutine{Parent: fn, Instr: call, Body: body, Summary: m.CalleeSummary(body)})
		case *ssa.Call:
			callee := m.Callee(call)
			if callee.Obj == nil {
				continue
			}
			idx, ok := knowledge.Spawner(callee.Obj)
			if !ok {
				continue
			}
			args := callee.Params()
			if idx >= len(args) {
				continue
			}
			body := ssax.Resolve(&ssa.CallCommon{Value: args[idx]})
			if !body.Known() {
				continue
			}
			out = append(out, Goroutine{Parent: fn, Instr: call, Body: body, Summary: m.CalleeSummary(body),
				Via: ssax.FuncName(callee.Obj, m.Pass.Pkg), Spawner: knowledge.Key(callee.Obj)})
		}
	}
	return out
}

// EffectValue returns the value a caller hands a callee c for the channel
// parameter or free variable a channel effect is about, or nil.
func EffectValue(c ssax.Callee, ce ChanEffect) ssa.Value { return effectValue(c, ce) }

package leak

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// launch is a goroutine started by a function (model.Goroutine), in the
// leak pass's terms.
type launch struct {
	parent *ssa.Function
	// instr is the *ssa.Go, or the *ssa.Call of the spawner.
	instr ssa.Instruction
	// body is the function the goroutine runs, with the values its
	// parameters and free variables receive.
	body ssax.Callee
	// summary is body's summary, nil when nothing is known of it.
	summary *model.Summary
	// via names the spawner ("errgroup.(*Group).Go"), "" for a go
	// statement; spawner is its FullName.
	via, spawner string
}

func (l *launch) pos() token.Pos { return l.instr.Pos() }

// valueOf returns the value the parent hands to the goroutine for a
// channel effect's root: an argument or a closure binding.
func (l *launch) valueOf(root ssax.RootKind, index int) ssa.Value {
	return model.EffectValue(l.body, model.ChanEffect{Root: root, Index: index})
}

// inParent rewrites a path of the goroutine's body rooted at a parameter
// or free variable into the parent's terms; ok is false when the value the
// parent handed over has no path.
func (l *launch) inParent(p ssax.Path) (ssax.Path, bool) {
	v := l.valueOf(p.Root, p.Index)
	if v == nil {
		return ssax.Path{}, false
	}
	outer, ok := ssax.PathOf(v)
	if !ok {
		return ssax.Path{}, false
	}
	outer.Fields = append(append([]ssax.Field(nil), outer.Fields...), p.Fields...)
	return outer, true
}

// findLaunches returns the goroutines fn starts (model.Goroutines).
func (c *checker) findLaunches(fn *ssa.Function) []*launch {
	var out []*launch
	for _, g := range c.m.Goroutines(fn) {
		out = append(out, &launch{parent: g.Parent, instr: g.Instr, body: g.Body, summary: g.Summary, via: g.Via, spawner: g.Spawner})
	}
	return out
}

// launchAt returns the launch that instr, a go statement or spawner call
// of fn, starts.
func (c *checker) launchAt(fn *ssa.Function, instr ssa.Instruction) *launch {
	for _, l := range c.launches[fn] {
		if l.instr == instr {
			return l
		}
	}
	return nil
}

package leak

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// launch is a goroutine started by a function: a go statement, or a call
// of a library function that runs its argument in a new goroutine
// (errgroup.Group.Go, time.AfterFunc; see knowledge.Spawner).
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
	switch {
	case root == ssax.RootParam && index < len(l.body.Args):
		return l.body.Args[index]
	case root == ssax.RootFreeVar && index < len(l.body.Bindings):
		return l.body.Bindings[index]
	}
	return nil
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

// findLaunches returns the goroutines fn starts.
func (c *checker) findLaunches(fn *ssa.Function) []*launch {
	var out []*launch
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Go:
				body := c.m.Callee(instr)
				out = append(out, &launch{parent: fn, instr: instr, body: body, summary: c.m.CalleeSummary(body)})
			case *ssa.Call:
				callee := c.m.Callee(instr)
				idx, ok := knowledge.Spawner(callee.Obj)
				if !ok {
					continue
				}
				args := callee.Args
				if callee.Obj.Signature().Recv() != nil && len(args) > 0 {
					args = args[1:]
				}
				if idx >= len(args) {
					continue
				}
				body := ssax.Resolve(&ssa.CallCommon{Value: args[idx]})
				if !body.Known() {
					continue
				}
				out = append(out, &launch{parent: fn, instr: instr, body: body,
					summary: c.m.CalleeSummary(body), via: ssax.FuncName(callee.Obj, c.pass.Pkg), spawner: knowledge.Key(callee.Obj)})
			}
		}
	}
	return out
}

// launchOf returns the launch whose function value or go statement is v's
// user instr, if instr starts a goroutine in fn.
func (c *checker) launchAt(fn *ssa.Function, instr ssa.Instruction) *launch {
	for _, l := range c.launches[fn] {
		if l.instr == instr {
			return l
		}
	}
	return nil
}

package leak

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// checkContexts reports goroutines handed a context that block without
// ever observing its cancellation.
func (c *checker) checkContexts(fn *ssa.Function) {
	for _, l := range c.launches[fn] {
		s := l.summary
		if s == nil || s.HonoursCtx {
			continue
		}
		ctxName, ok := c.handedContext(l)
		if !ok {
			continue
		}
		w := s.Blocking(func(w model.Witness) bool {
			return !w.Cancellable && !w.RequestIO && w.Kind != knowledge.File
		})
		if w == nil {
			continue
		}
		msg := fmt.Sprintf("goroutine running %s is handed %s but never observes its cancellation: it waits in %s even after %s is cancelled; select on %s.Done() alongside the wait, or pass %s on",
			l.body.Name(c.pass.Pkg), ctxName, w.Trace(), ctxName, ctxName, ctxName)
		c.report(analysis.Diagnostic{Pos: l.pos(), Category: catCtx, Message: msg})
		if l.body.Fn != nil {
			for f := range c.reach(l.body.Fn) {
				c.ctxReported[f] = true
			}
		}
	}
}

// handedContext reports whether the goroutine receives a live context as
// an argument or captures one, and how the parent spells it.
func (c *checker) handedContext(l *launch) (string, bool) {
	if fn := l.body.Fn; fn != nil && c.m.Summary(fn) != nil {
		for i, fv := range fn.FreeVars {
			if i >= len(l.body.Bindings) {
				break
			}
			if model.IsContextType(fv.Type()) && !model.IsFreshContext(l.body.Bindings[i]) {
				return fv.Name(), true
			}
			// A captured variable holding a context.
			if ptr, ok := fv.Type().(*types.Pointer); ok && model.IsContextType(ptr.Elem()) {
				return fv.Name(), true
			}
		}
	}
	if l.summary.CtxParam >= 0 && l.summary.CtxParam < len(l.body.Args) {
		arg := l.body.Args[l.summary.CtxParam]
		if model.IsFreshContext(arg) {
			return "", false
		}
		name := "its context"
		if p, ok := ssax.PathOf(arg); ok && p.Spell() != "" {
			name = p.Spell()
		}
		return name, true
	}
	return "", false
}

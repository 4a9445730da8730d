package leak

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// checkWaitGroups reports goroutines that call wg.Done on some paths only
// (an early return without defer), when something waits on the group.
func (c *checker) checkWaitGroups(fn *ssa.Function) {
	for _, l := range c.launches[fn] {
		body := l.body.Fn
		if body == nil || c.m.Summary(body) == nil || len(body.Blocks) == 0 {
			continue
		}
		c.checkDone(l, body)
	}
}

func (c *checker) checkDone(l *launch, body *ssa.Function) {
	ev := &events{at: make(map[ssa.Instruction]serve)}
	li := c.loopsOf(body)
	var wg ssax.Path
	var donePos token.Pos
	for call := range ssax.Calls(body) {
		if _, deferred := call.(*ssa.Defer); deferred {
			return // a deferred call may call Done on every path
		}
		callee := c.m.Callee(call)
		if callee.Obj == nil || knowledge.LookupSyncOp(knowledge.Key(callee.Obj)) != knowledge.SyncDone || len(callee.Args) == 0 {
			continue
		}
		p, ok := ssax.PathOf(callee.Args[0])
		if !ok || donePos.IsValid() && p.Key() != wg.Key() {
			return // an unnamed group, or several: too clever to follow
		}
		if li.inAnyLoop(call.Block()) {
			return // Done per item handled: the group counts events, not goroutines
		}
		wg, donePos = p, call.Pos()
		ev.at[call] = serveAll
	}
	if !donePos.IsValid() {
		return
	}
	waitPos, ok := c.waitOn(l, wg)
	if !ok {
		return
	}
	f := c.walk(body, nil, 0, true, nil, ev)
	if f == nil {
		return
	}
	name := c.m.Src.Receiver(donePos)
	spell := wg.Describe()
	if name != nil {
		spell = ssax.Spell(name)
	}
	msg := fmt.Sprintf("this return skips %s.Done (called at %s), so %s.Wait at %s waits forever; call defer %s.Done() at the start of the goroutine",
		spell, c.m.Pos(donePos), spell, c.m.Pos(waitPos), spell)
	c.report(analysis.Diagnostic{Pos: exitPos(f.ret), Category: catWaitGroup, Message: msg,
		Related: related(waitPos, "waits here")})
}

// waitOn finds a Wait on the goroutine's group: in the parent, on the value
// the goroutine received, or anywhere in the package for a group held in a
// struct field.
func (c *checker) waitOn(l *launch, wg ssax.Path) (token.Pos, bool) {
	var want func(p ssax.Path, fn *ssa.Function) bool
	switch wg.Root {
	case ssax.RootFreeVar, ssax.RootParam:
		inParent, ok := l.inParent(wg)
		if !ok {
			return token.NoPos, false
		}
		key := inParent.Key()
		typeKey := inParent.TypeKey()
		want = func(p ssax.Path, fn *ssa.Function) bool {
			return fn == l.parent && p.Key() == key || typeKey != "" && p.TypeKey() == typeKey
		}
	default:
		typeKey := wg.TypeKey()
		if typeKey == "" {
			return token.NoPos, false
		}
		want = func(p ssax.Path, fn *ssa.Function) bool { return p.TypeKey() == typeKey }
	}
	for _, fn := range c.m.Funcs {
		for call := range ssax.PlainCalls(fn) {
			callee := c.m.Callee(call)
			// A wait for all the group's goroutines: on wg's path, a
			// WaitGroup's Wait.
			if callee.Obj == nil || knowledge.LookupSyncOp(knowledge.Key(callee.Obj)) != knowledge.SyncWaitAll || len(callee.Args) == 0 {
				continue
			}
			if p, ok := ssax.PathOf(callee.Args[0]); ok && want(p, fn) {
				return call.Pos(), true
			}
		}
	}
	return token.NoPos, false
}

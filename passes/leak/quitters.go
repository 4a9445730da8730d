package leak

import (
	"fmt"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// A function that feeds a channel to workers ranging over it blocks on its
// next send when every worker can leave its loop early (a return or break
// on an error) before the channel is closed: nobody receives any more, and
// the sender, with everything waiting on it, hangs. (forgotten-sender, at
// the owner's send.)

// checkQuittingReceivers reports the owner's sends on a channel whose only
// receivers are goroutines that range over it and can stop early.
func (c *checker) checkQuittingReceivers(o *ownedChan, uses []chanUse) {
	if o.mk == nil {
		return
	}
	if _, constant := capacity(o.mk); !constant {
		return // a buffer sized by a value is taken to hold every send
	}
	var sends []chanUse
	var receivers []chanUse
	for _, u := range uses {
		switch {
		case u.kind == useGoroutine && u.effect.Range && !u.effect.Send:
			receivers = append(receivers, u)
		case u.kind == useGoroutine && (u.effect.Recv || u.effect.Send):
			return // receivers or senders of other kinds: not this shape
		case u.kind == useSend && u.instr.Parent() == o.fn:
			sends = append(sends, u)
		case u.kind == useRecv, u.kind == useSelect, u.kind == useCall:
			return // the owner serves the channel in other ways too
		}
	}
	if len(sends) == 0 || len(receivers) == 0 {
		return
	}
	var quits []token.Pos
	for _, r := range receivers {
		q := c.earlyExit(r)
		if !q.IsValid() {
			return // a worker that drains the channel until it is closed
		}
		quits = append(quits, q)
	}
	for _, s := range sends {
		if !c.inLoopWithout(o.fn, s.instr.Block(), o.origin) {
			continue // one send: received before any worker can quit
		}
		r := receivers[0]
		who := fmt.Sprintf("the goroutine ranging over %s (started at %s)", o.name, c.m.Pos(r.launch.pos()))
		if len(receivers) > 1 || c.inLoopWithout(o.fn, r.instr.Block(), o.origin) {
			who = fmt.Sprintf("every goroutine ranging over %s (started at %s)", o.name, c.m.Pos(r.launch.pos()))
		}
		msg := fmt.Sprintf("send on %s can block forever: %s can stop receiving before %s is closed (it leaves its loop at %s) while %s goes on sending; let the worker keep draining %s, or send in a select that also waits on a channel the worker closes when it quits",
			o.name, who, o.name, c.m.Pos(quits[0]), c.name(o.fn), o.name)
		c.report(analysis.Diagnostic{Pos: s.instr.Pos(), Category: catSender, Message: msg,
			Related: related(quits[0], "the worker stops receiving here")})
	}
}

// earlyExit returns where a goroutine that ranges over the channel leaves
// its range loop other than by the channel's closing (a return, a break),
// or NoPos when it can only leave when the channel is closed.
func (c *checker) earlyExit(r chanUse) token.Pos {
	body := r.launch.body.Fn
	if body == nil || len(body.Blocks) == 0 || c.pass.Fset.File(body.Pos()) == nil {
		return token.NoPos
	}
	var v ssa.Value
	switch r.effect.Root {
	case ssax.RootFreeVar:
		if r.effect.Index < len(body.FreeVars) {
			v = body.FreeVars[r.effect.Index]
		}
	case ssax.RootParam:
		if r.effect.Index < len(body.Params) {
			v = body.Params[r.effect.Index]
		}
	}
	if v == nil {
		return token.NoPos
	}
	li := c.loopsOf(body)
	// A captured variable is read through loads of its cell.
	refs := slices.Clone(*v.Referrers())
	for _, ref := range *v.Referrers() {
		if load, ok := ref.(*ssa.UnOp); ok && load.Op == token.MUL {
			refs = append(refs, *load.Referrers()...)
		}
	}
	for _, ref := range refs {
		recv, ok := ref.(*ssa.UnOp)
		if !ok || recv.Op != token.ARROW || !recv.CommaOk {
			continue
		}
		l := li.innermost(recv.Block(), nil)
		if l == nil || l.header != recv.Block() {
			continue // not the receive that heads a range loop
		}
		for b := range l.blocks {
			if b == l.header {
				continue // the exit when the channel is closed
			}
			for _, succ := range b.Succs {
				if l.blocks[succ] || endsInPanic(succ) {
					continue
				}
				return exitOf(b, succ)
			}
		}
	}
	return token.NoPos
}

// exitOf returns the position of the statement that leaves a loop from b
// to succ: a return in succ, or the first statement there, or the branch
// in b.
func exitOf(b, succ *ssa.BasicBlock) token.Pos {
	if n := len(succ.Instrs); n > 0 {
		if ret, ok := succ.Instrs[n-1].(*ssa.Return); ok && ret.Pos().IsValid() {
			return ret.Pos()
		}
	}
	for _, instr := range succ.Instrs {
		if p := instr.Pos(); p.IsValid() {
			return p
		}
	}
	for i := len(b.Instrs) - 1; i >= 0; i-- {
		if p := b.Instrs[i].Pos(); p.IsValid() {
			return p
		}
	}
	return b.Parent().Pos()
}

func endsInPanic(b *ssa.BasicBlock) bool {
	if len(b.Instrs) == 0 {
		return false
	}
	_, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic)
	return ok
}

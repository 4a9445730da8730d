package leak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/version"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Before Go 1.23 a time.Ticker or time.Timer that was not stopped was never
// collected, and time.Tick leaked its ticker by construction. Since Go 1.23
// (for modules that declare go 1.23 or later) the garbage collector
// recovers unreferenced timers and tickers whether or not they were
// stopped, so these checks apply only to files whose Go version is older.

// collectedTimers is the Go version from which unstopped timers are
// collected.
const collectedTimers = "go1.23"

// oldTimers reports whether the file containing pos is compiled with a Go
// version in which unstopped timers leak, and returns that version.
func (c *checker) oldTimers(pos token.Pos) (string, bool) {
	f := c.fileOf(pos)
	if f == nil || c.pass.TypesInfo.FileVersions == nil {
		return "", false
	}
	v := c.pass.TypesInfo.FileVersions[f]
	if v == "" || !version.IsValid(v) {
		return "", false
	}
	return v, version.Compare(v, collectedTimers) < 0
}

// checkTimers reports tickers and timers fn makes and does not stop on some
// path out of fn, and time.Tick in functions that can run more than once.
func (c *checker) checkTimers(fn *ssa.Function) {
	goVersion, old := c.oldTimers(fn.Pos())
	if !old {
		return
	}
	for call := range ssax.PlainCalls(fn) {
		callee := c.m.Callee(call)
		if callee.Obj == nil {
			continue
		}
		timer, ok := knowledge.LookupTimer(knowledge.Key(callee.Obj))
		switch {
		case !ok:
		case timer.Type != "":
			c.checkStopped(fn, call, timer.Type, goVersion)
		case timer.Unstoppable:
			if c.startsOnce(fn, call) {
				continue // a ticker for the life of the program
			}
			c.report(analysis.Diagnostic{Pos: call.Pos(), Category: catTick,
				Message: fmt.Sprintf("time.Tick starts a ticker that is never collected before Go 1.23 (this file is %s), and %s; use time.NewTicker and stop it when done",
					goVersion, whyAgain(fn))})
		}
	}
}

// checkStopped reports a ticker or timer that escapes nowhere and is not
// stopped on some path from its creation to a return.
func (c *checker) checkStopped(fn *ssa.Function, call *ssa.Call, kind, goVersion string) {
	ev := &events{at: make(map[ssa.Instruction]serve), cases: make(map[*ssa.BasicBlock]serve)}
	cases := selectCaseTests(fn)
	for _, ref := range *call.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.FieldAddr:
			// t.C: a timer whose channel has delivered has expired
			// and needs no Stop.
			if kind == "Timer" {
				c.firedEvents(ref, cases, ev)
			}
		case ssa.CallInstruction:
			callee := c.m.Callee(ref)
			if callee.Obj == nil || len(callee.Args) == 0 || callee.Args[0] != call {
				return // handed to someone else
			}
			if callee.Obj.Name() == "Stop" {
				if _, deferred := ref.(*ssa.Defer); deferred {
					return
				}
				ev.at[ref] = serveAll
			}
		default:
			return // stored, captured or returned: its owner is elsewhere
		}
	}
	f := c.walk(fn, call, 0, true, nil, ev)
	if f == nil {
		return
	}
	name := strings.ToLower(kind[:1]) + kind[1:]
	if assign := c.assignOf(fn, call); assign != nil {
		name = ssax.Spell(assign.Lhs[0])
	}
	msg := fmt.Sprintf("%s from time.New%s is not stopped when %s returns at %s, and before Go 1.23 (this file is %s) it is never collected; defer %s.Stop() after creating it",
		name, kind, c.name(fn), c.m.Pos(exitPos(f.ret)), goVersion, name)
	d := analysis.Diagnostic{Pos: call.Pos(), Category: catTimer, Message: msg,
		Related: related(f.ret.Pos(), c.name(fn)+" returns here")}
	if fix, ok := c.deferStopFix(fn, call); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(d)
}

// assignOf returns the statement "t := time.NewTicker(d)" that assigns
// call's result to a single variable.
func (c *checker) assignOf(fn *ssa.Function, call *ssa.Call) *ast.AssignStmt {
	var found *ast.AssignStmt
	if fn.Syntax() == nil {
		return nil
	}
	ast.Inspect(fn.Syntax(), func(n ast.Node) bool {
		if a, ok := n.(*ast.AssignStmt); ok && len(a.Lhs) == 1 && len(a.Rhs) == 1 {
			if ce, ok := ast.Unparen(a.Rhs[0]).(*ast.CallExpr); ok && ce.Lparen == call.Pos() {
				if _, ok := a.Lhs[0].(*ast.Ident); ok {
					found = a
				}
			}
		}
		return found == nil
	})
	return found
}

// deferStopFix inserts "defer t.Stop()" after the statement that makes the
// ticker, when that statement assigns it to a variable and is not in a
// loop (where a defer would pile up).
func (c *checker) deferStopFix(fn *ssa.Function, call *ssa.Call) (analysis.SuggestedFix, bool) {
	assign := c.assignOf(fn, call)
	if assign == nil || c.loopsOf(fn).inAnyLoop(call.Block()) {
		return analysis.SuggestedFix{}, false
	}
	name := ssax.Spell(assign.Lhs[0])
	indent := strings.Repeat("\t", max(c.pass.Fset.Position(assign.Pos()).Column-1, 0))
	// Insert at the end of the line, after any trailing comment.
	tf := c.pass.Fset.File(assign.End())
	line := tf.Line(assign.End())
	if line >= tf.LineCount() {
		return analysis.SuggestedFix{}, false
	}
	eol := tf.LineStart(line+1) - 1
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("Stop %s when %s returns", name, c.name(fn)),
		TextEdits: []analysis.TextEdit{{Pos: eol, End: eol,
			NewText: []byte("\n" + indent + "defer " + name + ".Stop()")}},
	}, true
}

// firedEvents marks the receives from a timer's channel C, reached through
// the field address fa, as ending the need to stop it.
func (c *checker) firedEvents(fa *ssa.FieldAddr, cases map[*ssa.Select]map[int]*ssa.BasicBlock, ev *events) {
	for _, ref := range *fa.Referrers() {
		load, ok := ref.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			continue
		}
		for _, use := range *load.Referrers() {
			switch use := use.(type) {
			case *ssa.UnOp:
				if use.Op == token.ARROW {
					ev.at[use] = serveAll
				}
			case *ssa.Select:
				for i, st := range use.States {
					if st.Chan == load {
						if blk := cases[use][i]; blk != nil {
							ev.cases[blk] = serveAll
						}
					}
				}
			}
		}
	}
}

package leak

import (
	_ "embed"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/passkit"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/ssax"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines that can never finish and cancellation that
// never comes.
var Analyzer = passkit.New(passkit.Spec{
	Categories: categories,
	Tests:      &tests,
	Run:        run,
})

// tests makes the pass look at _test.go files too.
var tests bool

func init() {
	passkit.Document(Analyzer, categories, doc)
	Analyzer.Flags.BoolVar(&tests, "tests", false, "report in _test.go files too (goroutines there are bounded by the test binary)")
}

// Where each rule of each category (categories.go) lives (a new rule gets
// a file of its own):
//
//	forgotten-sender, forgotten-receiver, unclosed-range
//	                        channels.go (channels a function owns: owned.go),
//	                        fieldrules.go (fields: fields.go), futures.go,
//	                        quitters.go (an owner feeding workers that quit);
//	                        the paths are walked by walk.go
//	no-exit-loop            noexit.go, fieldrules.go (checkDeadExits); once.go
//	timer-not-stopped, tick-leak  timers.go
//	ctx-not-observed        contexts.go
//	cancel-not-called       cancelfields.go
//	waitgroup-done-skipped  waitgroup.go
//	cond-never-signalled    cond.go
//	wait-before-receive     waitfirst.go
//	no-answerer             noanswer.go
//	one-sided-cancel        onesided.go
//	self-wait               selfwait.go
//	wait-cycle              cycle.go
//	release-not-called      obligation.go
//
// no-answerer, one-sided-cancel, self-wait and wait-cycle ask the shared
// answerer model (model.AnswerAt, model.ObjectOf) who else touches a
// channel; the shared walks are model.Goroutines, ssax.Instrs, ssax.Calls,
// ssax.PlainCalls, ssax.Before, ssax.Reaches and ssax.Reachable.

func run(p *passkit.Pass) error {
	c := newChecker(p.Pass, p.Model, p.Report)
	for fn := range p.Each(p.Model.Funcs) {
		if !c.skipFunc(fn) {
			c.checkFunc(fn)
		}
	}
	c.checkPackage()
	return nil
}

type checker struct {
	pass *analysis.Pass
	m    *model.Model
	r    *report.Reporter
	// launches holds the goroutines each function starts.
	launches map[*ssa.Function][]*launch
	// once holds the functions that run at most once per program.
	once map[*ssa.Function]bool
	// reported avoids reporting one position twice in a category; at
	// holds every position reported.
	reported map[string]bool
	at       map[token.Pos]bool
	// loops caches the natural loops of functions.
	loops map[*ssa.Function]*loopInfo
	// fields is the index of the package's channel fields, built on
	// first use; reachable and gops cache what functions and goroutines
	// reach.
	fields    *fieldIndex
	reachable map[*ssa.Function]map[*ssa.Function]bool
	gops      map[*launch]map[*chanField][]fieldOp
	// sites holds the calls and spawns that run each function
	// (callSites).
	sites map[*ssa.Function][]ssa.CallInstruction
	// registering caches which functions register a name in a registry
	// of the whole process on every path (once.go).
	registering map[*ssa.Function]bool
	// owed caches the obligations of the package's functions
	// (obligation.go).
	owed map[*ssa.Function]*obligation
	// inGoroutine holds the functions that run in goroutines the
	// package starts; ctxReported the goroutine bodies reported for
	// ignoring their context (cancel.go).
	inGoroutine map[*ssa.Function]bool
	ctxReported map[*ssa.Function]bool
}

func newChecker(pass *analysis.Pass, m *model.Model, r *report.Reporter) *checker {
	c := &checker{
		pass:     pass,
		m:        m,
		r:        r,
		launches: make(map[*ssa.Function][]*launch),
		reported: make(map[string]bool),
		at:       make(map[token.Pos]bool),

		ctxReported: make(map[*ssa.Function]bool),
		registering: make(map[*ssa.Function]bool),
		loops:       make(map[*ssa.Function]*loopInfo),

		reachable: make(map[*ssa.Function]map[*ssa.Function]bool),
		gops:      make(map[*launch]map[*chanField][]fieldOp),
	}
	for _, fn := range m.Funcs {
		c.launches[fn] = c.findLaunches(fn)
	}
	c.once = c.runsOnce()
	return c
}

// skipFunc reports whether fn is not to be checked: test files unless
// -leak.tests is set, and functions without a body.
func (c *checker) skipFunc(fn *ssa.Function) bool {
	if len(fn.Blocks) == 0 || !fn.Pos().IsValid() {
		return true
	}
	return !tests && c.inTestFile(fn.Pos())
}

func (c *checker) inTestFile(pos token.Pos) bool {
	f := c.pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

func (c *checker) checkFunc(fn *ssa.Function) {
	if !isMainMain(fn) {
		// When main returns the program ends: the goroutines it
		// leaves waiting end with it.
		c.checkChannels(fn)
		c.checkFutures(fn)
		c.checkFieldChannels(fn)
	}
	c.checkNoExit(fn)
	c.checkTimers(fn)
	c.checkContexts(fn)
	c.checkWaitGroups(fn)
	c.checkObligations(fn)
}

// checkPackage runs the checks that look at the package as a whole, and
// the checks of waits judged by their answerers, after the owner rules:
// a wait the owner rules explain (forgotten-sender at the same send) is
// reported once, by them.
func (c *checker) checkPackage() {
	c.checkCancelFields()
	c.checkConds()
	for _, fn := range c.m.Funcs {
		if c.skipFunc(fn) {
			continue
		}
		c.checkNoAnswer(fn)
		c.checkSelfWait(fn)
		c.checkWaitCycles(fn)
		c.checkOneSided(fn)
	}
}

// isMainMain reports whether fn is the main function of a command.
func isMainMain(fn *ssa.Function) bool {
	return fn.Parent() == nil && fn.Name() == "main" && fn.Signature.Recv() == nil && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main"
}

// report reports d once per position and category.
func (c *checker) report(d analysis.Diagnostic) {
	key := d.Category + "@" + c.m.Pos(d.Pos)
	if c.reported[key] {
		return
	}
	c.reported[key] = true
	c.at[d.Pos] = true
	c.r.Report(d)
}

// reportNew reports d unless its position was reported already, in any
// category.
func (c *checker) reportNew(d analysis.Diagnostic) {
	if !c.at[d.Pos] {
		c.report(d)
	}
}

// name returns how messages name fn: "FetchWithTimeout",
// "(*Server).Start", "func literal in Serve".
func (c *checker) name(fn *ssa.Function) string { return ssax.FuncDisplayName(fn) }

// exitPos returns the position of a return instruction, or of the closing
// brace of its function when the return is implicit.
func exitPos(ret ssa.Instruction) token.Pos {
	if ret.Pos().IsValid() {
		return ret.Pos()
	}
	switch syn := ret.Parent().Syntax().(type) {
	case *ast.FuncDecl:
		if syn.Body != nil {
			return syn.Body.Rbrace
		}
	case *ast.FuncLit:
		return syn.Body.Rbrace
	}
	return ret.Parent().Pos()
}

func related(pos token.Pos, msg string) []analysis.RelatedInformation {
	if !pos.IsValid() {
		return nil
	}
	return []analysis.RelatedInformation{{Pos: pos, Message: msg}}
}

package blocking

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analysisutil"
	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/reqpath"
	"github.com/concurlint/concurlint/internal/ssax"
)

//go:embed doc.go
var doc string

// Analyzer reports blocking calls on request paths.
var Analyzer = &analysis.Analyzer{
	Name:     "blocking",
	URL:      categories.URL(),
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run:      run,
}

// config holds the -blocking.roots flag.
var config reqpath.Config

func init() {
	config.RegisterFlags(&Analyzer.Flags)
	Analyzer.Flags.Var(knowledge.NewBlockingFlag(), "extra-blocking", "comma-separated FullName=kind entries naming more functions that block (kinds: channel, sleep, sync-wait, network, process, file), e.g. (*example.com/db.Client).Call=network; the table is shared by every pass")
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	return analysisutil.Guard(pass, func(t *analysisutil.Tracker) (any, error) {
		r := report.New(pass)
		defer r.Finish()
		if m.Skipped() {
			return nil, nil
		}
		paths := reqpath.Find(m, &config)
		if len(paths.Roots()) == 0 {
			return nil, nil // no request paths: nothing to check
		}
		c := &checker{
			pass:     pass,
			m:        m,
			r:        r,
			paths:    paths,
			scopes:   newScopes(pass.Pkg, pass.TypesInfo, pass.Files),
			pending:  make(map[*ssa.Function]*pendingIO),
			visiting: make(map[*ssa.Function]bool),
			reported: make(map[token.Pos]bool),
		}
		c.findOwnedParams()
		for _, fn := range paths.Funcs() {
			t.Enter(fn.String())
			c.checkFunc(fn)
		}
		return nil, nil
	})
}

type checker struct {
	pass   *analysis.Pass
	m      *model.Model
	r      *report.Reporter
	paths  *reqpath.Paths
	scopes *scopes

	// ownedParams are parameters and captured variables that receive
	// the request's own connection from a request path (see owned).
	ownedParams map[ssa.Value]bool
	// pending memoises pendingIOIn; visiting breaks recursion.
	pending  map[*ssa.Function]*pendingIO
	visiting map[*ssa.Function]bool
	// reported holds the positions already reported, so that a function
	// reached from several roots is reported once.
	reported map[token.Pos]bool
}

// where describes fn's place on a request path for messages: "in
// handleGet (http handler registered at main.go:12)" or "on the request
// path of handleGet → load (http handler ...)".
func (c *checker) where(fn *ssa.Function) string {
	reach := c.paths.Reach(fn)
	if len(reach.Via) == 1 {
		return fmt.Sprintf("in %s (%s)", ssax.FuncDisplayName(fn), reach.Root.Why)
	}
	return fmt.Sprintf("on the request path %s (%s)", reach.Chain(), reach.Root.Why)
}

// ctxAdvice names the context to use at pos, or tells the user to bring
// one.
func (c *checker) ctxAdvice(pos token.Pos) string {
	if ctx := c.scopes.contextAt(pos); ctx != "" {
		return ctx
	}
	return "the request's context (pass it down)"
}

func (c *checker) report(d analysis.Diagnostic) {
	if c.reported[d.Pos] {
		return
	}
	c.reported[d.Pos] = true
	c.r.Report(d)
}

func (c *checker) checkFunc(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, isGo := instr.(*ssa.Go); isGo {
				continue // a goroutine is not the request's path
			}
			if !instr.Pos().IsValid() {
				continue
			}
			if call, ok := instr.(*ssa.Call); ok {
				c.checkFresh(fn, call)
				c.checkConstructor(fn, call)
			}
			if op, ok := c.m.DirectOp(instr); ok {
				c.checkDirect(fn, instr, op)
				continue
			}
			if call, ok := instr.(ssa.CallInstruction); ok {
				c.checkCall(fn, call)
			}
		}
	}
}

// checkDirect reports an operation of fn that blocks by itself.
func (c *checker) checkDirect(fn *ssa.Function, instr ssa.Instruction, op *model.Blocking) {
	if op.Cancellable || op.RequestIO {
		return
	}
	where := c.where(fn)
	pos := instr.Pos()
	if (op.Kind == knowledge.Channel || op.Kind == knowledge.SyncWait) && stoppedBefore(instr) {
		return // the end of a shutdown: fn has told them to stop
	}
	switch op.Kind {
	case knowledge.Sleep:
		ctx := c.ctxAdvice(pos)
		what := op.What
		if _, ok := instr.(*ssa.Call); !ok {
			what = "waiting on a timer (" + op.What + ")"
		}
		c.report(analysis.Diagnostic{Pos: pos, Category: catSleep,
			Message: fmt.Sprintf("%s %s blocks the request and ignores its cancellation; wait in a select on %s.Done() and a timer instead",
				what, where, doneOf(ctx))})
	case knowledge.Channel:
		c.checkChannel(fn, instr, op, where)
	case knowledge.SyncWait:
		c.checkWait(fn, instr, op, where)
	case knowledge.Network, knowledge.Process:
		c.checkIO(fn, instr, op, where)
	}
}

// doneOf spells the Done channel of a context spelling.
func doneOf(ctx string) string {
	if strings.HasPrefix(ctx, "the request's context") {
		return "the request's ctx"
	}
	return ctx
}

// checkChannel reports a channel operation that does not observe the
// request's cancellation, unless it is bounded by a timer or by goroutines
// of the same function that are bounded themselves.
func (c *checker) checkChannel(fn *ssa.Function, instr ssa.Instruction, op *model.Blocking, where string) {
	var chans []ssa.Value
	category := catRecv
	switch x := instr.(type) {
	case *ssa.Send:
		category = catSend
		chans = []ssa.Value{x.Chan}
	case *ssa.UnOp:
		chans = []ssa.Value{x.X}
	case *ssa.Select:
		category = catSelect
		for _, st := range x.States {
			if st.Dir == types.RecvOnly && model.IsTimerChan(st.Chan) {
				return // bounded by a timeout
			}
			chans = append(chans, st.Chan)
		}
	default:
		return
	}
	// A wait on channels the function made and handed only to its own
	// goroutines lasts as long as those goroutines; a select needs only
	// one of its cases to be so bounded.
	var because string
	for _, ch := range chans {
		bounded, known, why := c.localRendezvous(fn, ch)
		if known && bounded {
			return
		}
		if known && because == "" {
			because = why
		}
	}
	ctx := c.ctxAdvice(instr.Pos())
	msg := fmt.Sprintf("%s %s does not observe the request's cancellation", op.What, where)
	if because != "" {
		msg += "; it waits for " + because
	}
	switch category {
	case catSend:
		msg += fmt.Sprintf("; send in a select that also receives from %s.Done()", doneOf(ctx))
	default:
		msg += fmt.Sprintf("; add a case receiving from %s.Done()", doneOf(ctx))
	}
	c.report(analysis.Diagnostic{Pos: instr.Pos(), Category: category, Message: msg})
}

// checkWait reports sync.WaitGroup.Wait, errgroup.Group.Wait and
// sync.Cond.Wait, unless the goroutines waited for are bounded.
func (c *checker) checkWait(fn *ssa.Function, instr ssa.Instruction, op *model.Blocking, where string) {
	because := ""
	if op.Op != "(*sync.Cond).Wait" {
		call := instr.(ssa.CallInstruction)
		callee := c.m.Callee(call)
		bounded, known, why := c.waitGroupBounded(fn, callee.Args[0])
		if !known || bounded {
			return
		}
		if why != "" {
			because = "; it waits for " + why
		}
	}
	c.report(analysis.Diagnostic{Pos: instr.Pos(), Category: catWait,
		Message: fmt.Sprintf("%s %s does not observe the request's cancellation%s; make what it waits for stop when %s is done",
			op.What, where, because, doneOf(c.ctxAdvice(instr.Pos())))})
}

// checkIO reports I/O that drops the request's context where one is in
// hand, and HTTP calls that have neither a context nor a timeout.
func (c *checker) checkIO(fn *ssa.Function, instr ssa.Instruction, op *model.Blocking, where string) {
	call, ok := instr.(ssa.CallInstruction)
	if !ok || c.touchesRequest(fn, call) {
		return
	}
	pos := instr.Pos()
	if noTimeout, client := c.httpWithoutTimeout(call, op); noTimeout && c.scopes.contextAt(pos) == "" {
		c.report(analysis.Diagnostic{Pos: pos, Category: catNoTimout,
			Message: fmt.Sprintf("%s %s uses %s, which has no timeout, and no context: a slow server holds the request forever; set a Timeout on the client or pass the request's context down and use http.NewRequestWithContext",
				op.What, where, client)})
		return
	}
	if op.Entry.Variant == "" || !op.Entry.Blocks() {
		return // Do on a request from http.NewRequest: reported there
	}
	ctx := c.scopes.contextAt(pos)
	if ctx == "" {
		return // reported at the caller that has one (pendingIOIn)
	}
	d := analysis.Diagnostic{Pos: pos, Category: catIO,
		Message: fmt.Sprintf("%s %s does not take the request's context, so it runs on after the client has gone; use %s with %s",
			op.What, where, variantName(op), ctx)}
	if fix, ok := c.variantFix(call, op.Entry, ctx); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(d)
}

// variantName spells the context-aware variant of an operation.
func variantName(op *model.Blocking) string {
	v := op.Entry.Variant
	if strings.ContainsAny(v, ".( ") {
		return v
	}
	// A method on the same receiver: db.Query → db.QueryContext.
	if i := strings.LastIndex(op.What, "."); i >= 0 {
		return op.What[:i+1] + v
	}
	return v
}

// checkCall reports a call, on a request path, of a function that may
// block without observing the request's cancellation: a function of
// another package, known by its facts, or a function of this package
// without a context that does context-less I/O.
func (c *checker) checkCall(fn *ssa.Function, call ssa.CallInstruction) {
	callee := c.m.Callee(call)
	if !callee.Known() || c.touchesRequest(fn, call) {
		return
	}
	for _, a := range callee.Args {
		if model.IsContextType(a.Type()) {
			// The callee takes a context: a fresh one is reported as
			// fresh-context, a live one is the callee's to honour.
			return
		}
	}
	if _, ok := knowledge.Spawner(callee.Obj); ok {
		// errgroup's Go waits for a slot when the group has a limit:
		// it is bounded by the goroutines, like the group's Wait.
		return
	}
	pos := call.Pos()
	ctx := c.scopes.contextAt(pos)
	name := c.m.Src.CallName(pos)
	if name == "" {
		name = callee.Name(c.pass.Pkg)
	}
	if callee.Fn != nil && (callee.Fn.Pkg == c.m.Pkg || callee.Fn.Parent() != nil) {
		// The callee is on the request path and reports its own
		// operations; context-less I/O in a callee without a context
		// is reported here, where the context is.
		if ctx == "" {
			return
		}
		if p := c.pendingIOIn(callee.Fn); p != nil {
			c.report(analysis.Diagnostic{Pos: pos, Category: catCall,
				Message: fmt.Sprintf("call to %s %s does I/O without the request's context: %s; pass %s down to it and use a context-aware call",
					name, c.where(fn), p.trace, ctx)})
		}
		return
	}
	s := c.m.CalleeSummary(callee)
	w := s.Blocking(func(w model.Witness) bool {
		if w.Cancellable || w.RequestIO || w.Kind == knowledge.File {
			return false
		}
		if w.Kind.IsIO() {
			return ctx != "" // I/O without a context matters where one is in hand
		}
		return true
	})
	if w == nil {
		return
	}
	advice := "give it the request's context, or use a variant that takes one"
	if ctx != "" {
		advice = fmt.Sprintf("pass it %s, or use a variant that takes a context", ctx)
	}
	c.report(analysis.Diagnostic{Pos: pos, Category: catCall,
		Message: fmt.Sprintf("call to %s %s may block without observing the request's cancellation: %s; %s",
			name, c.where(fn), w.Trace(), advice)})
}

// checkFresh reports context.Background() or context.TODO() passed down
// (directly or through WithCancel or WithValue) where the request's
// context is in scope.
func (c *checker) checkFresh(fn *ssa.Function, call *ssa.Call) {
	if !model.IsFreshContext(call) {
		return
	}
	expr := c.m.Src.Call(call.Pos())
	if expr == nil {
		return
	}
	ctx := c.scopes.contextAt(expr.Pos())
	if ctx == "" {
		return
	}
	target := c.freshTarget(call)
	if target == nil {
		return
	}
	name := c.m.Src.CallName(target.Pos())
	if name == "" {
		name = c.m.Callee(target).Name(c.pass.Pkg)
	}
	fresh := c.m.Src.CallName(call.Pos()) + "()"
	c.report(analysis.Diagnostic{
		Pos: expr.Pos(), End: expr.End(), Category: catFresh,
		Message: fmt.Sprintf("%s passed to %s %s drops the request's context, which is in scope as %s: the call runs on after the client has gone; pass %s",
			fresh, name, c.where(fn), ctx, ctx),
		SuggestedFixes: []analysis.SuggestedFix{{
			Message:   "Use " + ctx,
			TextEdits: []analysis.TextEdit{{Pos: expr.Pos(), End: expr.End(), NewText: []byte(ctx)}},
		}},
	})
}

// freshTarget returns the call that receives the fresh context v (or a
// context derived from it without a deadline), or nil when it only goes
// to a goroutine, a bounded derivation, or somewhere the pass cannot see.
func (c *checker) freshTarget(v ssa.Value) ssa.CallInstruction {
	seen := make(map[ssa.Value]bool)
	work := []ssa.Value{v}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] || v.Referrers() == nil {
			continue
		}
		seen[v] = true
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.Call:
				callee := c.m.Callee(ref)
				switch knowledge.LookupDerivation(callee.Obj) {
				case knowledge.Bounds, knowledge.Detaches:
					continue // a deadline bounds the work
				case knowledge.Derives:
					for _, r := range *ref.Referrers() {
						if ex, ok := r.(*ssa.Extract); ok && ex.Index == 0 {
							work = append(work, ex)
						}
					}
					if model.IsContextType(ref.Type()) {
						work = append(work, ref)
					}
					continue
				}
				if ref.Call.Value == v {
					continue // calling a method of the context itself
				}
				return ref
			case *ssa.Defer:
				return ref
			case *ssa.Phi, *ssa.MakeInterface, *ssa.ChangeInterface:
				work = append(work, ref.(ssa.Value))
			}
		}
	}
	return nil
}

// checkConstructor reports a constructor that drops the context
// (http.NewRequest, exec.Command) whose result is used where the request's
// context is in hand.
func (c *checker) checkConstructor(fn *ssa.Function, call *ssa.Call) {
	callee := c.m.Callee(call)
	entry, ok := knowledge.Lookup(callee.Obj)
	if !ok || entry.Blocks() || entry.Variant == "" {
		return
	}
	ctx := c.scopes.contextAt(call.Pos())
	if ctx == "" || !c.constructedValueUsed(call) {
		return
	}
	name := c.m.Src.CallName(call.Pos())
	if name == "" {
		name = callee.Name(c.pass.Pkg)
	}
	variant := entry.Variant
	if i := strings.LastIndex(name, "."); i >= 0 && strings.Contains(variant, ".") {
		variant = name[:i+1] + variant[strings.LastIndex(variant, ".")+1:]
	}
	d := analysis.Diagnostic{Pos: call.Pos(), Category: catIO,
		Message: fmt.Sprintf("%s %s drops the request's context: the %s it makes runs on after the client has gone; use %s(%s, ...)",
			name, c.where(fn), constructed(callee.Obj), variant, ctx)}
	if expr := c.m.Src.Call(call.Pos()); expr != nil {
		d.Pos = expr.Pos()
	}
	if fix, ok := c.variantFix(call, entry, ctx); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(d)
}

// constructed names what a context-dropping constructor makes.
func constructed(fn *types.Func) string {
	res := fn.Signature().Results()
	if res.Len() > 0 {
		t := res.At(0).Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			return n.Obj().Pkg().Name() + "." + n.Obj().Name()
		}
	}
	return "value"
}

// constructedValueUsed reports whether the value made by call (or the
// first of its results) is handed to a call — sent, run, passed on — and
// never given a context afterwards (req.WithContext, req.Clone).
func (c *checker) constructedValueUsed(call *ssa.Call) bool {
	v := ssa.Value(call)
	if _, ok := call.Type().(*types.Tuple); ok {
		v = nil
		for _, r := range *call.Referrers() {
			if ex, ok := r.(*ssa.Extract); ok && ex.Index == 0 {
				v = ex
			}
		}
	}
	if v == nil || v.Referrers() == nil {
		return false
	}
	used := false
	for _, ref := range *v.Referrers() {
		ci, ok := ref.(ssa.CallInstruction)
		if !ok {
			continue
		}
		if callee := c.m.Callee(ci); knowledge.GivesContext(callee.Obj) {
			return false
		}
		used = true
	}
	return used
}

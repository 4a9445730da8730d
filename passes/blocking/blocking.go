package blocking

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/passkit"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/reqpath"
	"github.com/concurlint/concurlint/internal/ssax"
)

//go:embed doc.go
var doc string

// Analyzer reports blocking calls on request paths.
var Analyzer = passkit.New(passkit.Spec{
	Categories: categories,
	Requires:   []*analysis.Analyzer{reqpath.Analyzer},
	Run:        run,
})

// deepIO is the -deep-io flag.
var deepIO bool

// deepWaits is the -deep-waits flag.
var deepWaits bool

// maxWaitChain is how deep below a call of another package's function that
// takes no context a sleep or a wait is reported: in the function itself
// or in one it calls. Deeper down, a worker pool's join, a namespace
// thread's WaitGroup or a map's resize are the package's own machinery,
// which the caller can neither cancel nor avoid (-blocking.deep-waits
// reports them).
const maxWaitChain = 1

func init() {
	passkit.Document(Analyzer, categories, doc)
	Analyzer.Flags.BoolVar(&deepWaits, "deep-waits", false, "also report sleeps and waits more than one call deep inside other packages' functions that take no context, on objects of their own, and the pauses of their retry loops (by default only waits in the called function or one below it)")
	Analyzer.Flags.BoolVar(&deepIO, "deep-io", false, "also report calls of other packages' functions that take no context and do I/O without one, where the request's context is in hand (by default only such calls with a context-aware variant are reported)")
	knowledge.RegisterBlockingFlag(&Analyzer.Flags)
}

func run(p *passkit.Pass) error {
	paths := p.ResultOf[reqpath.Analyzer].(*reqpath.Paths)
	if paths == nil || len(paths.Roots()) == 0 {
		return nil // no request paths: nothing to check
	}
	c := &checker{
		pass:     p.Pass,
		m:        p.Model,
		r:        p.Report,
		paths:    paths,
		scopes:   newScopes(p.Pkg, p.TypesInfo, p.Files),
		pending:  make(map[*ssa.Function]*pendingIO),
		visiting: make(map[*ssa.Function]bool),
		at:       make(map[token.Pos]bool),
	}
	c.findOwnedParams()
	for fn := range p.Each(paths.Funcs()) {
		c.checkFunc(fn)
	}
	c.flush()
	return nil
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
	// hits are the operations found, reported by flush once per root
	// cause; at holds their positions, so that an operation is judged
	// once.
	hits []hit
	at   map[token.Pos]bool
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

func (c *checker) checkFunc(fn *ssa.Function) {
	for instr := range ssax.Instrs(fn) {
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

// checkDirect reports an operation of fn that blocks by itself.
func (c *checker) checkDirect(fn *ssa.Function, instr ssa.Instruction, op *model.Blocking) {
	if op.Cancellable || op.RequestIO {
		return
	}
	pos := instr.Pos()
	if (op.Kind == knowledge.Channel || op.Kind == knowledge.SyncWait) && stoppedBefore(instr) {
		return // the end of a shutdown: fn has told them to stop
	}
	if recv, ok := instr.(*ssa.UnOp); ok && c.releasesToken(recv) {
		return // gives back a semaphore token it took: does not wait
	}
	if a, ok := c.m.AnswerAt(instr); ok && a.Verdict == model.AnswerNoWait {
		return // the answerer model says it returns at once
	}
	switch op.Kind {
	case knowledge.Sleep:
		if call, ok := instr.(*ssa.Call); ok && op.Backoff && model.CancellableRetry(call) {
			// A pause between attempts that are given a context:
			// once the request is cancelled the next attempt fails
			// and the loop ends, one pause later at most.
			return
		}
		ctx := c.ctxAdvice(pos)
		what := op.What
		if _, ok := instr.(*ssa.Call); !ok {
			what = "waiting on a timer (" + op.What + ")"
		}
		c.add(hit{fn: fn, pos: pos, category: catSleep, what: what,
			problem: "blocks the request and ignores its cancellation",
			advice:  fmt.Sprintf("wait in a select on %s.Done() and a timer instead", doneOf(ctx))})
	case knowledge.Channel:
		c.checkChannel(fn, instr, op)
	case knowledge.SyncWait:
		c.checkWait(fn, instr, op)
	case knowledge.Network, knowledge.Process:
		c.checkIO(fn, instr, op)
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
func (c *checker) checkChannel(fn *ssa.Function, instr ssa.Instruction, op *model.Blocking) {
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
		if category != catSend && c.madeWithContext(ch) {
			return // its producer was given the request's context
		}
		bounded, known, why := c.localRendezvous(fn, ch)
		if known && bounded {
			return
		}
		if known && because == "" {
			because = why
		}
	}
	if send, ok := instr.(*ssa.Send); ok && because == "" {
		if sv := c.m.ServedBy(send.Chan); sv.Prompt {
			return // answered by a serving loop that nothing holds up
		} else if sv.Known {
			because = sv.Why
		}
	}
	ctx := c.ctxAdvice(instr.Pos())
	h := hit{fn: fn, pos: instr.Pos(), category: category, what: op.What,
		problem: "does not observe the request's cancellation"}
	if because != "" {
		h.because = "; it waits for " + because
	}
	switch category {
	case catSend:
		h.advice = fmt.Sprintf("send in a select that also receives from %s.Done()", doneOf(ctx))
	default:
		h.advice = fmt.Sprintf("add a case receiving from %s.Done()", doneOf(ctx))
	}
	c.add(h)
}

// checkWait reports sync.WaitGroup.Wait, errgroup.Group.Wait and
// sync.Cond.Wait, unless the goroutines waited for are bounded.
func (c *checker) checkWait(fn *ssa.Function, instr ssa.Instruction, op *model.Blocking) {
	because := ""
	if knowledge.LookupSyncOp(op.Op) != knowledge.SyncCondWait {
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
	c.add(hit{fn: fn, pos: instr.Pos(), category: catWait, what: op.What,
		problem: "does not observe the request's cancellation", because: because,
		advice: fmt.Sprintf("make what it waits for stop when %s is done", doneOf(c.ctxAdvice(instr.Pos())))})
}

// checkIO reports I/O that drops the request's context where one is in
// hand, and HTTP calls that have neither a context nor a timeout.
func (c *checker) checkIO(fn *ssa.Function, instr ssa.Instruction, op *model.Blocking) {
	call, ok := instr.(ssa.CallInstruction)
	if !ok || c.touchesRequest(fn, call) {
		return
	}
	pos := instr.Pos()
	if noTimeout, client := c.httpWithoutTimeout(call, op); noTimeout && c.scopes.contextAt(pos) == "" {
		c.add(hit{fn: fn, pos: pos, category: catNoTimout, what: op.What,
			problem: fmt.Sprintf("uses %s, which has no timeout, and no context, so a slow server holds the request forever", client),
			advice:  "set a Timeout on the client or pass the request's context down and use http.NewRequestWithContext"})
		return
	}
	if op.Entry.Variant == "" || !op.Entry.Blocks() {
		return // Do on a request from http.NewRequest: reported there
	}
	ctx := c.scopes.contextAt(pos)
	if ctx == "" {
		return // reported at the caller that has one (pendingIOIn)
	}
	h := hit{fn: fn, pos: pos, category: catIO, what: op.What, atOp: true,
		problem: "does not take the request's context, so it runs on after the client has gone",
		advice:  fmt.Sprintf("use %s with %s", variantName(op), ctx)}
	if fix, ok := c.variantFix(call, op.Entry, ctx); ok {
		h.fixes = []analysis.SuggestedFix{fix}
	}
	c.add(h)
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
			c.add(hit{fn: fn, pos: pos, category: catCall, what: "call to " + name, atOp: true,
				problem: "does I/O without the request's context", trace: p.trace,
				advice: fmt.Sprintf("pass %s down to it and use a context-aware call", ctx)})
		}
		return
	}
	s := c.m.CalleeSummary(callee)
	twin := contextTwin(callee.Obj)
	w := s.Blocking(func(w model.Witness) bool {
		if w.Cancellable || w.RequestIO || w.Kind == knowledge.File {
			return false
		}
		if c.m.WitnessAnswer(fn, callee, w).Verdict == model.AnswerNoWait {
			return false // returns at once (a WaitGroup nothing is added to)
		}
		if w.Served {
			// A send that a serving loop of the callee's package
			// answers as soon as it comes round (an event queue's
			// subscribe channel).
			return false
		}
		if w.Backoff && !deepWaits {
			// A pause between the attempts of a retry loop inside
			// an API that takes no context (unmount retried while
			// the target is busy): the attempts are the operation,
			// and nothing here can cut them short.
			return false
		}
		if !w.Kind.IsIO() && len(w.Chain) > maxWaitChain && !deepWaits {
			if _, handed := c.m.WaitedArg(callee, w); !handed {
				return false // the package's own machinery, deep down
			}
		}
		if w.Kind.IsIO() {
			// I/O without a context matters where one is in hand, and
			// the caller can act on it when the callee has a variant
			// that takes one; an API without contexts (a storage layer
			// that takes none) is its author's choice, reported with
			// -blocking.deep-io.
			return ctx != "" && (twin != "" || deepIO)
		}
		return true
	})
	if w == nil {
		return
	}
	advice := "give it the request's context, or use a variant that takes one"
	switch {
	case w.Kind.IsIO() && twin != "":
		advice = fmt.Sprintf("use %s with %s", twin, ctx)
	case ctx != "":
		advice = fmt.Sprintf("pass it %s, or use a variant that takes a context", ctx)
	}
	c.add(hit{fn: fn, pos: pos, category: catCall, what: "call to " + name,
		key:     "ext " + w.What + " " + w.Pos,
		problem: "may block without observing the request's cancellation",
		callee:  name, trace: w.Trace(), advice: advice})
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
	if callee := c.m.Callee(target); knowledge.GivesContext(callee.Obj) {
		// r.Clone(context.Background()) detaches on purpose: nobody
		// writes it for the request's own context (work shared by
		// several requests, which the first one's client must not
		// cancel).
		return
	}
	if callee := c.m.Callee(target); callee.Fn != nil && handsToGoroutines(callee.Fn, freshArg(target, call)) {
		// startExitMonitor(context.Background(), ...) gives the
		// context only to the goroutines it starts: work that must
		// outlive the request, detached on purpose.
		return
	}
	name := c.m.Src.CallName(target.Pos())
	if name == "" {
		name = c.m.Callee(target).Name(c.pass.Pkg)
	}
	fresh := c.m.Src.CallName(call.Pos()) + "()"
	c.add(hit{fn: fn, pos: expr.Pos(), end: expr.End(), category: catFresh, atOp: true,
		what:    fmt.Sprintf("%s passed to %s", fresh, name),
		problem: fmt.Sprintf("drops the request's context, which is in scope as %s: the call runs on after the client has gone", ctx),
		advice:  "pass " + ctx,
		fixes: []analysis.SuggestedFix{{
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
	h := hit{fn: fn, pos: call.Pos(), category: catIO, what: name, atOp: true,
		problem: fmt.Sprintf("drops the request's context: the %s it makes runs on after the client has gone", constructed(callee.Obj)),
		advice:  fmt.Sprintf("use %s(%s, ...)", variant, ctx)}
	if expr := c.m.Src.Call(call.Pos()); expr != nil {
		h.pos = expr.Pos()
	}
	if fix, ok := c.variantFix(call, entry, ctx); ok {
		h.fixes = []analysis.SuggestedFix{fix}
	}
	c.add(h)
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

// freshArg returns the index of target's argument that is the fresh
// context, directly or derived from it (context.WithCancel(fresh)), or -1.
func freshArg(target ssa.CallInstruction, fresh *ssa.Call) int {
	return slices.IndexFunc(target.Common().Args, func(a ssa.Value) bool {
		if a == ssa.Value(fresh) {
			return true
		}
		if ex, ok := a.(*ssa.Extract); ok {
			if derive, ok := ex.Tuple.(*ssa.Call); ok {
				return slices.Contains(derive.Call.Args, ssa.Value(fresh))
			}
		}
		return false
	})
}

// handsToGoroutines reports whether fn uses its parameter i only in the
// goroutines it starts: passed to a go statement, or captured by a closure
// that a go statement runs.
func handsToGoroutines(fn *ssa.Function, i int) bool {
	if i < 0 || i >= len(fn.Params) || len(fn.Blocks) == 0 {
		return false
	}
	started := false
	// goOnly reports whether the closure is only run by go statements.
	goOnly := func(mc *ssa.MakeClosure) bool {
		for _, use := range *mc.Referrers() {
			if g, ok := use.(*ssa.Go); !ok || g.Call.Value != mc {
				return false
			}
		}
		return true
	}
	for _, ref := range *fn.Params[i].Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Go:
			started = true
		case *ssa.MakeClosure:
			if !goOnly(ref) {
				return false
			}
			started = true
		case *ssa.Store:
			// A captured parameter lives in a cell the closure binds.
			cell, ok := ref.Addr.(*ssa.Alloc)
			if !ok {
				return false
			}
			for _, use := range *cell.Referrers() {
				switch use := use.(type) {
				case *ssa.Store, *ssa.DebugRef:
				case *ssa.MakeClosure:
					if !goOnly(use) {
						return false
					}
					started = true
				default:
					return false
				}
			}
		default:
			return false
		}
	}
	return started
}

package lockawait

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/lockset"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/passkit"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/ssax"
)

//go:embed doc.go
var doc string

// Analyzer reports mutexes held across blocking operations.
var Analyzer = passkit.New(passkit.Spec{Categories: categories, Run: run})

// fileIO makes file-system I/O count as blocking.
var fileIO bool

func init() {
	passkit.Document(Analyzer, categories, doc)
	Analyzer.Flags.BoolVar(&fileIO, "fileio", false, "report locks held across file-system I/O too")
	knowledge.RegisterBlockingFlag(&Analyzer.Flags)
}

func run(p *passkit.Pass) error {
	c := &checker{pass: p.Pass, m: p.Model, r: p.Report}
	c.findSerialisingLocks()
	for fn := range p.Each(p.Model.Funcs) {
		c.checkFunc(fn)
	}
	c.flushPending()
	c.checkOrder()
	return nil
}

type checker struct {
	pass *analysis.Pass
	m    *model.Model
	r    *report.Reporter
	// serialising holds the identities of locks whose every critical
	// section in the package does I/O: such a lock exists to serialise
	// that I/O.
	serialising map[string]bool
	// pacing holds the identities of locks whose every critical section
	// sleeps or waits on a timer: such a lock exists to pace its users.
	pacing map[string]bool
	// leaked holds the locks of the current function already reported
	// as possibly left held, so that one mistake gets one report.
	leaked map[string]bool
	// takers maps lock identities to an exported function that takes
	// the lock (waits.go).
	takers map[string]string
	// pending holds the findings of waits under locks until they are
	// grouped by root cause (waits.go).
	pending []finding
}

// identity names a lock across functions: its type identity when it has
// one, otherwise its path within fn.
func identity(fn *ssa.Function, h lockset.Held) string {
	if k := h.Lock.TypeKey(); k != "" {
		return k
	}
	return fmt.Sprintf("%p/%s", fn, h.Key)
}

// findSerialisingLocks finds the locks whose every critical section, in
// this package, uses the I/O resource the lock guards: it performs I/O, or
// calls a method of a value on which some section of the same lock performs
// I/O (s.conn.SetWriteDeadline in one section, s.conn.WriteMessage in
// another). Such a lock exists to serialise that I/O.
func (c *checker) findSerialisingLocks() {
	type section struct {
		fn   *ssa.Function
		site int
	}
	sections := make(map[string][]section)
	withIO := make(map[section]bool)
	withSleep := make(map[section]bool)
	touched := make(map[section][]string)    // resources the section calls methods on
	ioResources := make(map[string][]string) // lock identity -> resources it does I/O on
	for _, fn := range c.m.Funcs {
		ls := c.m.Lockset(fn)
		ls.Walk(func(instr ssa.Instruction, st *lockset.State) {
			for _, e := range c.m.Effects(instr) {
				if e.Kind == lockset.Acquire || e.Kind == lockset.TryAcquire {
					if _, deferred := instr.(*ssa.Defer); deferred {
						continue
					}
					// The section starts after this instruction;
					// register it under the identity it will have.
					h := lockset.Held{Key: e.Lock.Key(), Lock: e.Lock}
					id := identity(fn, h)
					s := section{fn, siteOf(ls, instr)}
					if !slices.Contains(sections[id], s) {
						sections[id] = append(sections[id], s)
					}
				}
			}
			if len(st.Held) == 0 {
				return
			}
			io := c.touchesIO(instr)
			sleeps := c.sleeps(instr)
			res := c.resource(instr)
			for _, h := range st.Held {
				s := section{fn, h.Site}
				if sleeps {
					withSleep[s] = true
				}
				if io {
					withIO[s] = true
					if res != "" {
						id := identity(fn, h)
						ioResources[id] = append(ioResources[id], res)
					}
				}
				if res != "" {
					touched[s] = append(touched[s], res)
				}
			}
		})
	}
	c.serialising = make(map[string]bool)
	c.pacing = make(map[string]bool)
	for id, secs := range sections {
		all, allSleep := true, true
		for _, s := range secs {
			uses := withIO[s] || slices.ContainsFunc(touched[s], func(r string) bool {
				return slices.Contains(ioResources[id], r)
			})
			all = all && uses
			allSleep = allSleep && withSleep[s]
		}
		c.serialising[id] = all
		c.pacing[id] = allSleep
	}
}

// sleeps reports whether instr sleeps or waits on a timer, directly or in
// a callee.
func (c *checker) sleeps(instr ssa.Instruction) bool {
	if u, ok := instr.(*ssa.UnOp); ok && model.DrainsStoppedTimer(u) {
		return true // resetting the timer the lock paces its users with
	}
	if b, ok := c.m.DirectOp(instr); ok {
		return b.Kind == knowledge.Sleep
	}
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	s := c.m.CalleeSummary(c.m.Callee(call))
	return s.Blocking(func(w model.Witness) bool { return w.Kind == knowledge.Sleep }) != nil
}

// resource returns the identity of the value whose method instr calls
// ("field conn of *stream"), or "".
func (c *checker) resource(instr ssa.Instruction) string {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return ""
	}
	callee := c.m.Callee(call)
	if callee.Obj == nil || callee.Obj.Signature().Recv() == nil || len(callee.Args) == 0 {
		return ""
	}
	p, _ := ssax.PathOf(callee.Args[0])
	return p.TypeKey()
}

// siteOf returns the site index the lockset analysis gave instr.
func siteOf(ls *lockset.Result, instr ssa.Instruction) int {
	return slices.Index(ls.Sites, instr)
}

// touchesIO reports whether instr does I/O, directly or in a callee, or
// calls a method of a network connection (Close, SetDeadline).
func (c *checker) touchesIO(instr ssa.Instruction) bool {
	if b, ok := c.m.DirectOp(instr); ok {
		return b.Kind.IsIO()
	}
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	callee := c.m.Callee(call)
	if callee.Obj != nil && len(callee.Args) > 0 && callee.Obj.Signature().Recv() != nil && model.IsNetworkValue(callee.Args[0]) {
		return true
	}
	s := c.m.CalleeSummary(callee)
	return s.Blocking(func(w model.Witness) bool { return w.Kind.IsIO() && len(w.Chain) <= maxIOChain }) != nil
}

func (c *checker) checkFunc(fn *ssa.Function) {
	ls := c.m.Lockset(fn)
	reported := make(map[token.Pos]bool)
	c.leaked = make(map[string]bool)
	ls.Walk(func(instr ssa.Instruction, st *lockset.State) {
		if _, isGo := instr.(*ssa.Go); isGo {
			return
		}
		c.checkDoubleUnlock(instr, st)
		if _, isDefer := instr.(*ssa.Defer); !isDefer && c.checkAcquire(fn, instr, st) {
			reported[instr.Pos()] = true // a deadlock says enough about this call
		}
		if len(st.Held) == 0 || reported[instr.Pos()] || !instr.Pos().IsValid() {
			return
		}
		if c.checkBlocking(fn, instr, st) {
			reported[instr.Pos()] = true
		}
	})
	c.checkCallbacks(fn, reported)
	c.checkLeaks(fn, ls)
	c.checkDeferredDoubleUnlock(fn, ls)
}

// checkAcquire reports a lock acquired while it is already held, or while a
// path from an earlier acquisition may still hold it. It returns whether it
// reported a deadlock.
func (c *checker) checkAcquire(fn *ssa.Function, instr ssa.Instruction, st *lockset.State) (deadlock bool) {
	effects := c.m.Effects(instr)
	for _, e := range effects {
		if e.Kind == lockset.Release || releases(effects, e.Lock.Key()) {
			continue // a callee that releases the lock before taking it again
		}
		key := e.Lock.Key()
		h, held := st.Holds(key)
		if !held {
			// Only a lock with a stable identity can be "the same lock"
			// on the next iteration: a lock reached through a value
			// computed in the loop (range over a map of files) differs
			// from one iteration to the next.
			if may, ok := st.MayHold(key); ok && e.Kind == lockset.Acquire && e.Via == "" && !st.IsDeferred(key) && stableRoot(e.Lock) && !c.shardLoop(instr) {
				name := c.spellLock(may)
				from := "from its acquisition at " + c.m.Pos(may.Pos)
				if may.Pos == instr.Pos() {
					from = "from an earlier iteration"
				}
				c.leaked[key] = true
				c.r.Report(analysis.Diagnostic{
					Pos: instr.Pos(), Category: catLeak,
					Message: fmt.Sprintf("%s may still be held here %s: some path (an early continue, or a branch) skips its Unlock, so this Lock deadlocks; unlock on every path, for instance in a function that defers %s.Unlock()",
						name, from, name),
					Related: related(may.Pos, name+" locked here"),
				})
			}
			continue
		}
		if e.Kind == lockset.TryAcquire || e.Excludes(key) {
			continue // TryLock on a held lock fails rather than deadlocks
		}
		name := c.spellLock(h)
		where := c.m.Pos(h.Pos)
		if h.Read && e.Read {
			msg := fmt.Sprintf("%s is read-locked again while already read-locked (locked at %s); a writer waiting in between deadlocks both, so do not re-acquire it", name, where)
			if e.Via != "" {
				msg = fmt.Sprintf("call to %s read-locks %s (%s) while it is already read-locked (locked at %s); a writer waiting in between deadlocks both, so do not re-acquire it", c.callName(instr, e.Via), name, c.viaWhere(instr, e), where)
			}
			c.r.Report(analysis.Diagnostic{Pos: instr.Pos(), Category: catRecRLock, Message: msg, Related: related(h.Pos, name+" locked here")})
			deadlock = true
			continue
		}
		msg := fmt.Sprintf("%s is locked again while already held (locked at %s), which deadlocks; release it first", name, where)
		if e.Via != "" {
			msg = fmt.Sprintf("call to %s locks %s (%s) while it is already held (locked at %s), which deadlocks; release it before the call or use a variant that expects it held", c.callName(instr, e.Via), name, c.viaWhere(instr, e), where)
		}
		c.r.Report(analysis.Diagnostic{Pos: instr.Pos(), Category: catDouble, Message: msg, Related: related(h.Pos, name+" locked here")})
		deadlock = true
	}
	return deadlock
}

// viaWhere says where a callee's acquisition is, naming the function that
// takes the lock when the call does not name it (the String method a
// formatting call runs, a function kept in a field): "at dep.go:12", "in
// (*Counter).String at counter.go:18".
func (c *checker) viaWhere(instr ssa.Instruction, e lockset.Effect) string {
	if name := c.callName(instr, e.Via); name != e.Via && !strings.HasSuffix(e.Via, "."+name) && !strings.HasSuffix(name, "."+lastName(e.Via)) {
		return "in " + e.Via + " at " + e.Where
	}
	return "at " + e.Where
}

// lastName returns the part of a function name after its last dot.
func lastName(name string) string {
	if i := strings.LastIndex(name, "."); i >= 0 {
		return name[i+1:]
	}
	return name
}

// stableRoot reports whether p starts at something that is the same object
// on every iteration of a loop in the function: a parameter, a captured
// variable, a package-level variable or a local variable.
func stableRoot(p ssax.Path) bool {
	switch p.Root {
	case ssax.RootParam, ssax.RootFreeVar, ssax.RootGlobal, ssax.RootLocal:
		return true
	}
	return false
}

func releases(effects []lockset.Effect, key string) bool {
	return slices.ContainsFunc(effects, func(e lockset.Effect) bool { return e.Kind == lockset.Release && e.Lock.Key() == key })
}

// awaitedBefore reports whether w is a wait for a signal (a receive from a
// chan struct{}, which is closed to signal) that an earlier call on the same
// receiver, on every path to call, has already waited for: once a future's
// done channel is closed, waiting again returns at once. This is the
// "cmd.Err(); mu.Lock(); cmd.Val()" shape.
func (c *checker) awaitedBefore(call *ssa.Call, callee ssax.Callee, w model.Witness) bool {
	if !w.Signal || len(callee.Args) == 0 {
		return false
	}
	recv := callee.Args[0]
	for instr := range ssax.Before(call) {
		earlier, ok := instr.(*ssa.Call)
		if !ok {
			continue
		}
		ec := c.m.Callee(earlier)
		if len(ec.Args) == 0 || ec.Args[0] != recv {
			continue
		}
		s := c.m.CalleeSummary(ec)
		if s.Blocking(func(v model.Witness) bool { return v.Pos == w.Pos && v.What == w.What }) != nil {
			return true
		}
	}
	return false
}

// counts reports whether operations of kind k are reported.
func (c *checker) counts(k knowledge.Kind) bool {
	return k != knowledge.None && (k != knowledge.File || fileIO)
}

// checkLeaks reports returns that leave a lock held which the function
// itself acquired and, on other paths, releases.
func (c *checker) checkLeaks(fn *ssa.Function, ls *lockset.Result) {
	if c.documentedLockHelper(fn) || handsOver(fn) {
		return
	}
	released := c.releasedKeys(fn, ls)
	// Whether a lock's releases are correlated with its acquisition
	// does not depend on the return: decide once per acquisition.
	type acquisition struct {
		key  string
		site int
	}
	correlated := make(map[acquisition]bool)
	for ret, st := range ls.Returns() {
		for _, h := range st.May {
			if st.IsDeferred(h.Key) || !released[h.Key] || h.Via != "" || c.leaked[h.Key] {
				continue
			}
			if _, onEntry := ls.Entry.MayHold(h.Key); onEntry {
				continue // held when fn started (a range-over-func body): fn hands it back
			}
			pos := ret.Pos()
			if !pos.IsValid() {
				pos = endOf(fn)
			}
			name := c.spellLock(h)
			how := "is not released on this path"
			if _, must := st.Holds(h.Key); !must {
				a := acquisition{h.Key, h.Site}
				is, seen := correlated[a]
				if !seen {
					is = c.correlatedRelease(ls, h)
					correlated[a] = is
				}
				if is {
					continue // locked and unlocked under one condition
				}
				how = "may be left held on a path to this return (through a break or a branch)"
			}
			c.r.Report(analysis.Diagnostic{
				Pos: pos, Category: catLeak,
				Message: fmt.Sprintf("%s %s out of %s (locked at %s), but is released on others; unlock before returning or use defer %s.Unlock()",
					name, how, ssax.FuncDisplayName(fn), c.m.Pos(h.Pos), name),
				Related: related(h.Pos, name+" locked here"),
			})
		}
	}
}

// releasedKeys returns the locks fn releases somewhere after acquiring them
// itself, directly or with a deferred call. (Releasing a lock the caller
// holds, as an unlock-wait-lock helper does, does not count.)
func (c *checker) releasedKeys(fn *ssa.Function, ls *lockset.Result) map[string]bool {
	out := make(map[string]bool)
	ls.Walk(func(instr ssa.Instruction, st *lockset.State) {
		if _, isGo := instr.(*ssa.Go); isGo {
			return
		}
		for _, e := range c.m.Effects(instr) {
			if _, held := st.MayHold(e.Lock.Key()); e.Kind == lockset.Release && held {
				out[e.Lock.Key()] = true
			}
		}
	})
	return out
}

// documentedLockHelper reports whether fn's doc comment says it hands a
// lock to its caller ("returns with s.mu held", "leaves it locked", "the
// caller must unlock"): such a function may return with a lock held on
// purpose. A doc comment that merely mentions a lock ("it takes s.mu")
// does not say so.
func (c *checker) documentedLockHelper(fn *ssa.Function) bool {
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || decl.Doc == nil {
		return false
	}
	text := strings.ToLower(decl.Doc.Text())
	for _, phrase := range lockHandingPhrases {
		if strings.Contains(text, phrase) {
			return true
		}
	}
	return false
}

// lockHandingPhrases are what doc comments say of a function that returns
// with a lock held.
var lockHandingPhrases = []string{"held", "locked", "unlock", "returns with", "return with", "caller must", "caller is responsible"}

// handsOver reports whether fn returns a function value (typically the
// unlock function of the lock it leaves held) or a lock: either way it
// hands the lock to its caller.
func handsOver(fn *ssa.Function) bool {
	res := fn.Signature.Results()
	for i := 0; i < res.Len(); i++ {
		t := res.At(i).Type()
		if _, ok := t.Underlying().(*types.Signature); ok {
			return true
		}
		if knowledge.IsLockType(ssax.TypeString(t)) {
			return true
		}
	}
	return false
}

func endOf(fn *ssa.Function) token.Pos {
	if syn := fn.Syntax(); syn != nil {
		return syn.End() - 1
	}
	return fn.Pos()
}

// checkOrder reports lock-order inversions: an edge of this package whose
// reverse exists in this package or in a dependency.
func (c *checker) checkOrder() {
	all := append(slices.Clone(c.m.Edges), c.m.ImportedEdges()...)
	done := make(map[string]bool)
	for _, e := range c.m.Edges {
		if !e.Site().IsValid() {
			continue
		}
		path := orderPath(all, e.Second, e.First)
		if path == nil {
			continue
		}
		// One report per cycle, whichever of its edges is found first.
		nodes := []string{e.First}
		for _, p := range path {
			nodes = append(nodes, p.First)
		}
		slices.Sort(nodes)
		key := strings.Join(nodes, "\x00")
		if done[key] {
			continue
		}
		done[key] = true
		if len(path) == 1 {
			rev := path[0]
			c.r.Report(analysis.Diagnostic{
				Pos:      e.Site(),
				Category: catOrder,
				Message: fmt.Sprintf("lock order inversion: %s is acquired while %s is held (locked at %s), but %s acquires %s while holding %s (at %s); two goroutines taking them in opposite orders deadlock, so take them in one order everywhere",
					e.SecondSpell, e.FirstSpell, e.FirstPos, edgeFunc(e, rev), rev.SecondSpell, rev.FirstSpell, rev.SecondPos),
			})
			continue
		}
		var steps []string
		for _, p := range path {
			steps = append(steps, fmt.Sprintf("%s acquires %s while holding %s (at %s)", edgeFunc(e, p), p.SecondSpell, p.FirstSpell, p.SecondPos))
		}
		c.r.Report(analysis.Diagnostic{
			Pos:      e.Site(),
			Category: catOrder,
			Message: fmt.Sprintf("lock order cycle: %s is acquired while %s is held (locked at %s), and %s; %d goroutines taking them in these orders deadlock, so take them in one order everywhere",
				e.SecondSpell, e.FirstSpell, e.FirstPos, strings.Join(steps, ", and "), len(path)+1),
		})
	}
}

// maxCycle bounds the length of the lock-order cycles searched for.
const maxCycle = 4

// orderPath returns the shortest chain of edges leading from lock from to
// lock to, of at most maxCycle-1 edges, or nil.
func orderPath(edges []model.OrderEdge, from, to string) []model.OrderEdge {
	type step struct {
		node string
		path []model.OrderEdge
	}
	seen := map[string]bool{from: true}
	queue := []step{{from, nil}}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if len(cur.path) >= maxCycle-1 {
			continue
		}
		for _, e := range edges {
			if e.First != cur.node {
				continue
			}
			path := append(slices.Clone(cur.path), e)
			if e.Second == to {
				return path
			}
			if !seen[e.Second] {
				seen[e.Second] = true
				queue = append(queue, step{e.Second, path})
			}
		}
	}
	return nil
}

// edgeFunc names the function of edge r for a message about edge e.
func edgeFunc(e, r model.OrderEdge) string {
	if r.Pkg != e.Pkg {
		return r.Pkg + "." + r.Func
	}
	return r.Func
}

// spellLock spells a held lock as written where it was acquired.
func (c *checker) spellLock(h lockset.Held) string { return c.m.SpellHeld(h) }

// callName spells the callee of the call at instr.
func (c *checker) callName(instr ssa.Instruction, fallback string) string {
	if name := c.m.Src.CallName(instr.Pos()); name != "" {
		return name
	}
	return fallback
}

func related(pos token.Pos, msg string) []analysis.RelatedInformation {
	if !pos.IsValid() {
		return nil
	}
	return []analysis.RelatedInformation{{Pos: pos, Message: msg}}
}

package lockawait

import (
	"fmt"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analysisutil"
	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/lockset"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A lock held across a wait is worth a report when the wait can last as
// long as the lock matters to someone: when the operation that would end
// the wait (its answerer: the receiver of a send, the Done of a Wait) needs
// the held lock first, which deadlocks; when nothing can ever end it; or
// when the answerers are out of view (the channel is handed to callers or
// to code the package cannot see), so that whatever they do, including
// calling back into this type, happens while the lock is held. A wait whose
// every answerer is known and never needs the lock (a semaphore released by
// holders that do not take it, workers that never lock it) delays the
// lock's other users at worst, and is reported only with -all-waits.
//
// I/O and sleeps have no answerer in the program: they are reported when
// the lock also guards other state, so that every other user of that state
// waits on the network or the clock.

// allWaits restores the breadth of earlier versions: every wait under a
// lock, whoever answers it.
var allWaits bool

func init() {
	Analyzer.Flags.BoolVar(&allWaits, "all-waits", false, "report every wait under a lock, also waits whose answerers never need the lock")
}

// candidate is one way the operation at an instruction may block.
type candidate struct {
	kind     knowledge.Kind
	category string
	what     string // the operation ("send on b.events") or, for calls, the callee
	trace    string // for calls: the chain down to the operation
	releases []ssax.Path
	io       bool
	// answer says who ends the wait, for waits on other goroutines.
	answer    model.Answer
	hasAnswer bool
	// origin identifies the blocking operation itself (where it is, in
	// whichever package), so that call sites reaching the same one
	// under the same lock make one finding.
	origin string
	// waitKind is what the operation waits for, for messages.
	waitKind string
	// supplied says the object waited on is one the function's caller
	// handed in (Collect(ch)): whoever made it arranged its other end.
	supplied bool
}

// reason is why a candidate is reported under a lock.
type reason uint8

const (
	notReported   reason = iota
	reasonCycle          // an answerer needs the held lock
	reasonNone           // nothing can answer
	reasonUnknown        // the answerers are out of view
	reasonBelow          // the answerers are in a package this one calls
	reasonIO             // I/O under a lock that guards other state
	reasonSleep          // a sleep under a lock
	reasonAll            // -all-waits
)

// judge decides whether cand, under held lock h of fn, is reported. In
// test files only waits that deadlock are: a test that holds a lock while
// it sleeps or does I/O delays nobody who matters.
func (c *checker) judge(fn *ssa.Function, cand candidate, h lockset.Held) reason {
	r := c.judgeWait(fn, cand, h)
	if (r == reasonIO || r == reasonSleep || r == reasonUnknown || r == reasonBelow) && c.inTestFile(fn) {
		return notReported
	}
	return r
}

// inTestFile reports whether fn is test code: a _test.go file, a fake or
// mock, a test-support package.
func (c *checker) inTestFile(fn *ssa.Function) bool {
	pos := fn.Pos()
	for p := fn.Parent(); !pos.IsValid() && p != nil; p = p.Parent() {
		pos = p.Pos()
	}
	return analysisutil.IsTestCode(c.pass, pos)
}

func (c *checker) judgeWait(fn *ssa.Function, cand candidate, h lockset.Held) reason {
	if slices.ContainsFunc(cand.releases, func(p ssax.Path) bool { return p.Key() == h.Key }) {
		return notReported // released while it waits (Cond.Wait, an unlock in the callee)
	}
	switch {
	case cand.io:
		if c.serialising[identity(fn, h)] {
			return notReported
		}
		return reasonIO
	case cand.kind == knowledge.Sleep && !cand.hasAnswer:
		if c.pacing[identity(fn, h)] {
			return notReported
		}
		return reasonSleep
	}
	unknown := reasonUnknown
	if allWaits {
		unknown = reasonAll
	} else if c.takerOf(fn, h) == "" {
		// Code out of view can need only a lock it can reach: an
		// unexported lock that no exported function takes is not one.
		unknown = notReported
	}
	if !cand.hasAnswer {
		return unknown
	}
	switch cand.answer.Verdict {
	case model.AnswerNoWait:
		return notReported
	case model.AnswerNone:
		return reasonNone
	case model.AnswerUnknown:
		if cand.supplied {
			// The caller that handed the channel in arranged who
			// receives from it (a metrics registry draining its
			// Collect channel); calling back into this package from
			// there is that caller's contract to keep.
			return notReported
		}
		if cand.answer.Below {
			// A package this one calls answers (a client's result
			// channel): it cannot call back for the lock, but the
			// lock waits on it as on that package's I/O.
			if c.serialising[identity(fn, h)] {
				return notReported
			}
			return reasonBelow
		}
		return unknown
	}
	if cand.answer.NeedsLock(c.m.LockID(fn, h.Lock)) {
		return reasonCycle
	}
	if allWaits {
		return reasonAll
	}
	return notReported
}

// finding is a report waiting to be grouped with others of the same root
// cause.
type finding struct {
	key  string
	diag analysis.Diagnostic
	// section names the critical section of an I/O or sleep finding
	// (the function and the position of the Lock), "" for waits: the
	// I/O of one section is one decision to hold the lock across a
	// network exchange, reported once.
	section string
}

// checkBlocking reports instr if it may block while locks are held in a way
// worth a report. It returns whether it reported.
func (c *checker) checkBlocking(fn *ssa.Function, instr ssa.Instruction, st *lockset.State) bool {
	cands := c.candidates(fn, instr)
	if len(cands) == 0 {
		return false
	}
	// The innermost lock first: it is the one the code just took.
	for i := len(st.Held) - 1; i >= 0; i-- {
		h := st.Held[i]
		best, why := -1, notReported
		for j, cand := range cands {
			r := c.judge(fn, cand, h)
			if r != notReported && (why == notReported || r < why) {
				best, why = j, r
			}
		}
		if best < 0 {
			continue
		}
		c.reportBlocking(fn, instr, st.Held, h, cands[best], why)
		return true
	}
	return false
}

func (c *checker) reportBlocking(fn *ssa.Function, instr ssa.Instruction, held []lockset.Held, h lockset.Held, cand candidate, why reason) {
	name := c.spellLock(h)
	others := ""
	n := 0
	for _, g := range held {
		if g.Key != h.Key && !slices.ContainsFunc(cand.releases, func(p ssax.Path) bool { return p.Key() == g.Key }) {
			n++
		}
	}
	if n > 0 {
		others = fmt.Sprintf(" (with %d other lock", n)
		if n > 1 {
			others += "s"
		}
		others += ")"
	}
	category := cand.category
	switch why {
	case reasonIO:
		category = catIO
	case reasonSleep:
		category = catSleep
	}
	clause := c.answerClause(fn, h, cand, why, name, c.m.LockID(fn, h.Lock))
	var msg string
	if cand.trace != "" {
		msg = fmt.Sprintf("%s is held%s across a call to %s, which may block: %s (locked at %s)%s; release it before the call",
			name, others, cand.what, cand.trace, c.m.Pos(h.Pos), clause)
	} else {
		msg = fmt.Sprintf("%s is held%s across %s (locked at %s)%s; %s",
			name, others, cand.what, c.m.Pos(h.Pos), clause, advice(cand))
	}
	f := finding{
		key:  identity(fn, h) + "\x00" + cand.origin,
		diag: analysis.Diagnostic{Pos: instr.Pos(), Category: category, Message: msg, Related: related(h.Pos, name+" locked here")},
	}
	if why == reasonIO || why == reasonSleep {
		f.section = fmt.Sprintf("%s\x00%p\x00%d", category, fn, h.Pos)
	}
	c.pending = append(c.pending, f)
}

// answerClause says, for the message, why the wait matters.
func (c *checker) answerClause(fn *ssa.Function, h lockset.Held, cand candidate, why reason, lock, lockID string) string {
	who := cand.waitKind
	if who == "" {
		who = "what would end the wait"
	}
	switch why {
	case reasonCycle:
		return fmt.Sprintf(", and %s needs %s first (%s), which deadlocks", who, lock, cand.answer.Needer(lockID))
	case reasonNone:
		return fmt.Sprintf(", and nothing in the package %s, so the wait never ends", noAnswerer[who])
	case reasonBelow:
		return fmt.Sprintf(", and %s is out of view (%s)", who, cand.answer.Why)
	case reasonUnknown:
		taker := c.takerOf(fn, h)
		if cand.hasAnswer && cand.answer.Why != "" {
			return fmt.Sprintf(", and %s is out of view (%s) and can take %s through %s, which deadlocks", who, cand.answer.Why, lock, taker)
		}
		return fmt.Sprintf(", and code out of view that ends the wait can take %s through %s, which deadlocks", lock, taker)
	}
	return ""
}

// takerOf names a function that code outside the package can call to
// take the lock h of fn: an exported function or method of this package
// that acquires it, or, for a lock of another package's type, that
// package's. It returns "" when no such function exists.
func (c *checker) takerOf(fn *ssa.Function, h lockset.Held) string {
	id := c.m.LockID(fn, h.Lock)
	if id == "" {
		return ""
	}
	if c.takers == nil {
		c.takers = c.findTakers()
	}
	if t, ok := c.takers[id]; ok {
		return t
	}
	if owner := lockOwnerPkg(h.Lock); owner != "" && owner != c.pass.Pkg.Path() {
		return "the methods of package " + owner
	}
	return ""
}

// findTakers maps each lock identity to an exported function of the
// package that takes it on an object its caller supplies (a receiver,
// an argument, or what is reached from them) or on a package variable.
func (c *checker) findTakers() map[string]string {
	out := make(map[string]string)
	for _, fn := range c.m.Funcs {
		if fn.Parent() != nil || fn.Object() == nil || !fn.Object().Exported() {
			continue
		}
		for _, l := range c.m.Summary(fn).LockEffects() {
			if l.Lock.Root != ssax.RootParam && l.Lock.Root != ssax.RootGlobal {
				// A lock of an object the function makes or finds
				// for itself (a new watcher it sets up): its caller
				// cannot point it at the lock the waiter holds.
				continue
			}
			id := c.m.LockID(fn, l.Lock)
			if _, seen := out[id]; id != "" && !seen {
				out[id] = ssax.FuncDisplayName(fn)
			}
		}
	}
	return out
}

// lockOwnerPkg returns the path of the package declaring the struct type
// whose field the lock is, or "".
func lockOwnerPkg(p ssax.Path) string {
	for i := len(p.Fields) - 1; i >= 0; i-- {
		owner := strings.TrimPrefix(p.Fields[i].Owner, "*")
		if owner == "" {
			continue
		}
		if j := strings.LastIndex(owner, "."); j > 0 {
			return owner[:j]
		}
		return ""
	}
	return ""
}

// noAnswerer says what is missing when nothing can end a wait, by the
// kind of wait.
var noAnswerer = map[string]string{
	"its receiver":             "receives from it",
	"its sender":               "sends on it or closes it",
	"every case's partner":     "serves any of its cases",
	"a goroutine it waits for": "calls Done on it",
	"its signaller":            "signals it",
	"what would end the wait":  "can end it",
}

// flushPending reports the findings, one per root cause: the call sites
// that reach the same blocking operation under the same lock become
// related positions of the first one, and so do the other I/O operations
// (or sleeps) of the same critical section.
func (c *checker) flushPending() {
	// Findings join when they share a root cause key or a section:
	// a small union-find over their indexes.
	parent := make([]int, len(c.pending))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	first := make(map[string]int)
	join := func(key string, i int) {
		if j, ok := first[key]; ok {
			parent[find(i)] = find(j)
		} else {
			first[key] = i
		}
	}
	for i, f := range c.pending {
		join("op\x00"+f.key, i)
		if f.section != "" {
			join("section\x00"+f.section, i)
		}
	}
	groups := make(map[int][]finding)
	var roots []int
	for i, f := range c.pending {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], f)
	}
	for _, r := range roots {
		fs := groups[r]
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].diag.Pos < fs[j].diag.Pos })
		d := fs[0].diag
		same := 0
		var others []finding // the first site of each other operation
		for _, f := range fs[1:] {
			what := "the same wait is reached from here"
			switch {
			case f.key == fs[0].key:
				same++
			case !slices.ContainsFunc(others, func(o finding) bool { return o.key == f.key }):
				others = append(others, f)
				what = "the same lock is held across this too"
			default:
				what = "the same lock is held across this too"
			}
			if len(d.Related) < 9 {
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: f.diag.Pos, Message: what})
			}
		}
		switch {
		case same == 1:
			d.Message += " (1 more call site in this package reaches it the same way)"
		case same > 1:
			d.Message += fmt.Sprintf(" (%d more call sites in this package reach it the same way)", same)
		}
		switch {
		case len(others) == 1:
			d.Message += fmt.Sprintf(" (the same critical section also blocks at %s)", c.m.Pos(others[0].diag.Pos))
		case len(others) > 1:
			d.Message += fmt.Sprintf(" (the same critical section also blocks in %d more ways, first at %s)", len(others), c.m.Pos(others[0].diag.Pos))
		}
		c.r.Report(d)
	}
	c.pending = nil
}

// candidates classifies instr as a blocking operation, directly or through
// its callee's summary, listing every way it may block.
func (c *checker) candidates(fn *ssa.Function, instr ssa.Instruction) []candidate {
	if _, isDefer := instr.(*ssa.Defer); isDefer {
		return nil // runs at return, with other locks held
	}
	if b, ok := c.m.DirectOp(instr); ok {
		if !c.counts(b.Kind) || b.ReleasesUnknown || b.Backoff && !allWaits {
			return nil
		}
		if b.Kind == knowledge.Channel && c.m.DeadGuarded(instr) {
			return nil // guarded by a hook field nothing sets
		}
		cand := candidate{kind: b.Kind, what: b.What, releases: b.Releases, io: b.Kind.IsIO(), origin: c.m.Pos(instr.Pos())}
		if a, ok := c.m.AnswerAt(instr); ok {
			cand.answer, cand.hasAnswer = a, true
			vals := c.m.WaitValues(instr)
			cand.supplied = len(vals) > 0 && !slices.ContainsFunc(vals, func(v ssa.Value) bool { return !model.CallerSupplied(fn, v) })
		}
		switch {
		case b.Kind == knowledge.Channel || (b.Kind == knowledge.Sleep && cand.hasAnswer):
			switch instr.(type) {
			case *ssa.Send:
				cand.category, cand.waitKind = catSend, "its receiver"
			case *ssa.Select:
				cand.category, cand.waitKind = catSelect, "every case's partner"
			default:
				cand.category, cand.waitKind = catRecv, "its sender"
				if b.Range {
					cand.category = catRange
				}
			}
			if b.Kind == knowledge.Sleep {
				cand.hasAnswer = false // a timer: the clock answers
				cand.category = catSleep
			}
		case b.Kind == knowledge.Sleep:
			cand.category = catSleep
			if _, ok := instr.(*ssa.Call); ok {
				cand.what = "a call to " + b.What
			}
		case b.Kind == knowledge.SyncWait:
			cand.category, cand.waitKind = catWait, waitKindOf(instr, c.m)
			cand.what = "a call to " + b.What
		default:
			cand.category = catIO
			cand.what = "a call to " + b.What
		}
		return []candidate{cand}
	}
	call, ok := instr.(*ssa.Call)
	if !ok {
		return nil
	}
	callee := c.m.Callee(call)
	s := c.m.CalleeSummary(callee)
	var out []candidate
	name := c.callName(call, callee.Name(c.pass.Pkg))
	for _, w := range c.calleeWitnesses(call, callee, s) {
		rel := ssax.SubstAll(w.Releases, callee.Args, callee.Bindings)
		cand := candidate{kind: w.Kind, category: catCall, what: name, trace: w.Trace(), releases: rel,
			io: w.Kind.IsIO(), origin: w.Pos + " " + w.What}
		if w.Kind == knowledge.Channel || w.Kind == knowledge.SyncWait {
			cand.answer, cand.hasAnswer = c.m.WitnessAnswer(fn, callee, w), true
			cand.waitKind = witnessWaitKind(w)
			arg, waitedArg := c.m.WaitedArg(callee, w)
			if !waitedArg && cand.answer.Verdict == model.AnswerUnknown && (inOtherPackage(callee, c.pass.Pkg) || w.Opaque()) {
				// The wait is on another package's own object, whose
				// answerers are that package's business: like its
				// I/O, reported only near the call. That holds also
				// when the way there starts with a call of our own
				// (s.getImage → usage.Calculate → a semaphore of
				// the images package) when we cannot name the
				// object.
				if len(w.Chain) > maxIOChain && !allWaits {
					continue
				}
				cand.answer.Below = true
			}
			if waitedArg {
				cand.supplied = model.CallerSupplied(fn, arg)
			} else if cand.answer.Verdict == model.AnswerUnknown && cand.answer.OpenParam {
				// Waited on through a parameter deeper down the
				// chain: if what this call hands it is a channel
				// our own caller handed us, the wait is the
				// caller's to arrange too.
				cand.supplied = slices.ContainsFunc(callee.Args, func(a ssa.Value) bool {
					_, isChan := a.Type().Underlying().(*types.Chan)
					return isChan && model.CallerSupplied(fn, a)
				})
			}
		}
		out = append(out, cand)
	}
	if len(out) == 0 {
		if cand, ok := c.callbackBlocking(call, callee, s); ok {
			out = append(out, cand)
		}
	}
	return out
}

// calleeWitnesses returns the ways the callee of call may block that count.
func (c *checker) calleeWitnesses(call *ssa.Call, callee ssax.Callee, s *model.Summary) []model.Witness {
	if s == nil {
		return nil
	}
	var out []model.Witness
	for _, w := range s.Blocks {
		if !c.counts(w.Kind) || w.ReleasesUnknown || w.Backoff && !allWaits || !model.Feasible(callee, call, w) || c.awaitedBefore(call, callee, w) {
			continue
		}
		if (w.Kind.IsIO() || w.Kind == knowledge.Sleep) && len(w.Chain) > maxIOChain {
			// I/O or a sleep deep below the call is the callee's
			// business (a client whose every operation talks to the
			// network); the lock's holder sees only that the call is
			// slow. Near the call, it is the holder's own doing.
			continue
		}
		out = append(out, w)
	}
	return out
}

// maxIOChain is how deep below a call I/O and sleeps are reported under a
// lock: in the callee itself, or in a function it calls.
const maxIOChain = 1

// waitKindOf names, for messages, what ends the library wait at instr.
func waitKindOf(instr ssa.Instruction, m *model.Model) string {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return ""
	}
	callee := m.Callee(call)
	if callee.Obj == nil {
		return ""
	}
	switch knowledge.LookupSyncOp(knowledge.Key(callee.Obj)) {
	case knowledge.SyncWaitAll:
		return "a goroutine it waits for"
	case knowledge.SyncCondWait:
		return "its signaller"
	}
	return ""
}

// witnessWaitKind names what ends the wait of a witness.
func witnessWaitKind(w model.Witness) string {
	switch {
	case strings.HasPrefix(w.What, "send"):
		return "its receiver"
	case strings.HasPrefix(w.What, "receive"), strings.HasPrefix(w.What, "range"):
		return "its sender"
	case strings.HasPrefix(w.What, "select"):
		return "every case's partner"
	case w.Kind == knowledge.SyncWait:
		return "a goroutine it waits for"
	}
	return ""
}

func advice(cand candidate) string {
	switch cand.category {
	case catSend:
		return "release it before sending or use select with default"
	case catRecv:
		return "release it before receiving"
	case catRange:
		return "release it before the loop"
	case catSelect:
		return "release it before the select or add a default case"
	case catSleep:
		return "release it before sleeping"
	case catWait:
		return "release it before waiting"
	}
	return "release it before the call"
}

// inOtherPackage reports whether the callee is declared in a known package
// other than pkg (false for a function value of unknown origin).
func inOtherPackage(c ssax.Callee, pkg *types.Package) bool {
	var decl *types.Package
	switch {
	case c.Obj != nil:
		decl = c.Obj.Pkg()
	case c.Fn != nil && c.Fn.Pkg != nil:
		decl = c.Fn.Pkg.Pkg
	}
	return decl != nil && decl != pkg
}

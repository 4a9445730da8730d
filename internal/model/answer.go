package model

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/lockset"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A wait is a bug when nobody can answer it, or when its answerer needs
// what the waiter holds. The answerer model says, for every wait the model
// knows (a channel send or receive, a select, WaitGroup.Wait, Cond.Wait),
// which operations can end it (the receivers of a send; the senders and
// closers of a receive; the Done calls of a Wait; the Signal and Broadcast
// calls of a Cond), whether all of them are in view, and which locks they
// hold or take before they answer. The passes judge a wait by its answer:
// lockawait reports a lock held across a wait whose answerer needs that
// lock, or whose answerers it cannot see; leak reports waits nobody can
// answer.

// Verdict classifies the answerers of a wait.
type Verdict uint8

const (
	// AnswerUnknown: some answerer may be out of view (the object
	// escapes to code the package cannot see).
	AnswerUnknown Verdict = iota
	// AnswerKnown: every answerer is in view; Needs lists the locks
	// they may need before answering.
	AnswerKnown
	// AnswerNone: nothing anywhere can answer: the wait never ends.
	AnswerNone
	// AnswerNoWait: the wait returns at once (a WaitGroup that nothing
	// is ever added to).
	AnswerNoWait
)

func (v Verdict) String() string {
	switch v {
	case AnswerKnown:
		return "known"
	case AnswerNone:
		return "none"
	case AnswerNoWait:
		return "nowait"
	}
	return "unknown"
}

// Answer describes who can answer a wait.
type Answer struct {
	Verdict Verdict
	// Needs lists the identities of the locks (LockID) an answerer
	// holds or acquires before it can answer. In facts only locks with
	// a type identity are kept.
	Needs []string
	// NeededBy names, for each lock of Needs (same index), an answerer
	// that needs it: "receive in (*Pool).worker (pool.go:40)".
	NeededBy []string
	// By describes up to three answerers for messages: "receive in
	// (*Pool).worker (pool.go:40)".
	By []string
	// Why says, for AnswerUnknown, why the answerers are out of view;
	// OpenParam, that it is because the object is a parameter of a
	// function other packages call.
	Why       string
	OpenParam bool `json:",omitempty"`
	// Below says, for AnswerUnknown, that the answerers are in a package
	// this one calls (the channel came back from it), which cannot call
	// this package's functions: they cannot need its locks.
	Below bool `json:",omitempty"`
	// FromArg says the waited object is parameter Arg of the function
	// whose summary carries the answer, and that parameter is visible to
	// other packages: a caller adds the answerers it sees for its
	// argument (Answer.With).
	FromArg bool
	Arg     int
	// Each holds, for each distinct answerer, the locks it needs and
	// the locks whose holding by the waiter rules it out (NeedsLock).
	Each []Need
	// Conjunctive says every answerer must answer for the wait to end
	// (the Done calls of a WaitGroup): one that needs a lock is enough
	// to hang it. Otherwise any one answerer ends the wait (a receiver
	// of a send, a Signal, a release of a token).
	Conjunctive bool
}

// Need is what one answerer needs before it can answer.
type Need struct {
	// Locks are the identities of the locks it holds or takes first.
	Locks []string
	// Open says the answerer runs in a function other packages call,
	// which needs what its callers hold: a fact leaves it out, for the
	// importing package counts its own calls as answerers.
	Open bool `json:",omitempty"`
	// Excl are the locks it holds for as long as it could answer: the
	// holder of a semaphore token that took the token under a lock
	// cannot be holding it while the waiter holds that lock, so it is
	// not an answerer the waiter waits for.
	Excl []string
}

// maxEach bounds Answer.Each; beyond it, answerers are folded together
// (foldNeeds), which only ever forgets needs.
const maxEach = 8

// NeedsLock reports whether an answerer needs the lock with identity id.
//
// For a wait any one answerer ends, that is when every answerer the waiter
// holding the lock does not rule out needs it: one that does not can still
// answer. For a wait every answerer must answer (a WaitGroup), one is
// enough.
func (a Answer) NeedsLock(id string) bool {
	if id == "" || !slices.Contains(a.Needs, id) {
		return false
	}
	if a.Conjunctive || len(a.Each) == 0 {
		return true
	}
	n := 0
	for _, e := range a.Each {
		if slices.Contains(e.Excl, id) {
			continue
		}
		n++
		if !slices.Contains(e.Locks, id) {
			return false
		}
	}
	return n > 0
}

// addAnswerer records one answerer's needs.
func (a *Answer) addAnswerer(need Need, by string) {
	a.addNeeds(need.Locks, by)
	a.addEach(need)
}

// addEach adds need to Each, unless an equal one is there, folding the
// last two together when Each is full.
func (a *Answer) addEach(need Need) {
	for _, e := range a.Each {
		if slices.Equal(e.Locks, need.Locks) && slices.Equal(e.Excl, need.Excl) && e.Open == need.Open {
			return
		}
	}
	a.Each = append(a.Each, need)
	if len(a.Each) > maxEach {
		n := len(a.Each)
		a.Each[n-2] = foldNeeds(a.Each[n-2], a.Each[n-1])
		a.Each = a.Each[:n-1]
	}
}

// foldNeeds stands for two answerers by one that needs what both need and
// is ruled out by what rules out both.
func foldNeeds(x, y Need) Need {
	keep := func(a, b []string) []string {
		var out []string
		for _, s := range a {
			if slices.Contains(b, s) {
				out = append(out, s)
			}
		}
		return out
	}
	return Need{Locks: keep(x.Locks, y.Locks), Excl: keep(x.Excl, y.Excl), Open: x.Open && y.Open}
}

// Needer names an answerer that needs the lock with identity id.
func (a Answer) Needer(id string) string {
	if i := slices.Index(a.Needs, id); i >= 0 && i < len(a.NeededBy) {
		return a.NeededBy[i]
	}
	return strings.Join(a.By, "; ")
}

// addNeeds records that the answerer by needs the locks ids.
func (a *Answer) addNeeds(ids []string, by string) {
	for _, id := range ids {
		if id == "" || slices.Contains(a.Needs, id) {
			continue
		}
		a.Needs = append(a.Needs, id)
		a.NeededBy = append(a.NeededBy, by)
	}
}

// keepNeeds keeps the needed locks accepted by keep.
func (a *Answer) keepNeeds(keep func(string) bool) {
	var needs, by []string
	for i, id := range a.Needs {
		if keep(id) {
			needs = append(needs, id)
			if i < len(a.NeededBy) {
				by = append(by, a.NeededBy[i])
			} else {
				by = append(by, "")
			}
		}
	}
	a.Needs, a.NeededBy = needs, by
	each := make([]Need, 0, len(a.Each))
	for _, e := range a.Each {
		each = append(each, Need{Open: e.Open, Locks: slices.DeleteFunc(slices.Clone(e.Locks), func(s string) bool { return !keep(s) }),
			Excl: slices.DeleteFunc(slices.Clone(e.Excl), func(s string) bool { return !keep(s) })})
	}
	if len(each) == 0 {
		each = nil
	}
	a.Each = each
}

// Describe renders the answerers for messages: "received by worker
// (pool.go:40)".
func (a Answer) Describe() string {
	switch a.Verdict {
	case AnswerNone:
		return "nothing can answer it"
	case AnswerUnknown:
		if a.Why != "" {
			return "its answerers are out of view (" + a.Why + ")"
		}
		return "its answerers are out of view"
	}
	if len(a.By) == 0 {
		return ""
	}
	return strings.Join(a.By, "; ")
}

// String renders the answer compactly for tests: "known needs[field mu
// of *p.T] by range in (*T).loop (t.go:12)".
func (a Answer) String() string {
	var b strings.Builder
	b.WriteString(a.Verdict.String())
	if a.Verdict == AnswerKnown {
		var needs []string
		for _, n := range a.Needs {
			switch {
			case strings.HasPrefix(n, "field:"):
				needs = append(needs, strings.TrimPrefix(n, "field:"))
			case strings.HasPrefix(n, "global:"):
				needs = append(needs, strings.TrimPrefix(n, "global:"))
			default:
				needs = append(needs, "local")
			}
		}
		fmt.Fprintf(&b, " needs[%s]", strings.Join(needs, ", "))
		if len(a.By) > 0 {
			b.WriteString(" by " + strings.Join(a.By, "; "))
		}
	}
	if a.Verdict == AnswerUnknown && a.Why != "" {
		b.WriteString(" (" + a.Why + ")")
	}
	if a.FromArg {
		fmt.Fprintf(&b, " +arg%d", a.Arg)
	}
	return b.String()
}

// merge combines the answers of two groups of answerers of one wait (both
// can answer it).
func (a Answer) merge(b Answer) Answer {
	switch {
	case a.Verdict == AnswerNoWait || b.Verdict == AnswerNoWait:
		return Answer{Verdict: AnswerNoWait}
	case a.Verdict == AnswerNone:
		return b
	case b.Verdict == AnswerNone:
		return a
	}
	out := a
	if b.Verdict == AnswerUnknown {
		out.Verdict = AnswerUnknown
		if out.Why == "" {
			out.Why, out.OpenParam = b.Why, b.OpenParam
		}
	}
	out.Needs, out.NeededBy = slices.Clone(a.Needs), slices.Clone(a.NeededBy)
	out.Each = slices.Clone(a.Each)
	out.Conjunctive = a.Conjunctive || b.Conjunctive
	for i, id := range b.Needs {
		by := ""
		if i < len(b.NeededBy) {
			by = b.NeededBy[i]
		}
		out.addNeeds([]string{id}, by)
	}
	for _, e := range b.Each {
		out.addEach(e)
	}
	out.By = unionStrings(a.By, b.By)
	if len(out.By) > 3 {
		out.By = out.By[:3]
	}
	out.FromArg = false
	return out
}

// either combines the answers of the cases of a select: any one case
// answering lets it go on. When some case's answerers are known, the select
// needs a lock only if every such case needs it (a case with unknown
// answerers is not counted on); when none is known, the answerers are as
// unknown as the unknown cases; when no case can be answered, nothing can
// answer the select.
func either(cases []Answer) Answer {
	var known, unknown []Answer
	for _, c := range cases {
		switch c.Verdict {
		case AnswerNoWait:
			return c
		case AnswerKnown:
			known = append(known, c)
		case AnswerUnknown:
			unknown = append(unknown, c)
		}
	}
	switch {
	case len(known) > 0:
		// Any answerer of any known case lets the select go on.
		out := Answer{Verdict: AnswerKnown}
		for _, c := range known {
			if c.Conjunctive || len(c.Each) == 0 {
				// A case that ends only when all its answerers
				// have answered counts as one answerer.
				need := Need{Locks: slices.Clone(c.Needs)}
				if len(c.Each) > 0 {
					need.Excl = slices.Clone(c.Each[0].Excl)
					for _, e := range c.Each[1:] {
						need.Excl = foldNeeds(Need{Locks: need.Excl}, Need{Locks: e.Excl}).Locks
					}
				}
				out.addEach(need)
			} else {
				for _, e := range c.Each {
					out.addEach(e)
				}
			}
			for i, id := range c.Needs {
				by := ""
				if i < len(c.NeededBy) {
					by = c.NeededBy[i]
				}
				out.addNeeds([]string{id}, by)
			}
			out.By = unionStrings(out.By, c.By)
		}
		if len(out.By) > 3 {
			out.By = out.By[:3]
		}
		return out
	case len(unknown) > 0:
		out := unknown[0]
		out.FromArg = false
		return out
	}
	return Answer{Verdict: AnswerNone}
}

func unionStrings(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// addStrings adds to set, in place, the strings of b it does not have.
// The loops that gather the locks of every instruction of a function use
// it and sort once at the end: unionStrings, which copies and sorts, cost
// a copy of the set per instruction.
func addStrings(set, b []string) []string {
	for _, s := range b {
		if !slices.Contains(set, s) {
			set = append(set, s)
		}
	}
	return set
}

func intersectStrings(a, b []string) []string {
	var out []string
	for _, s := range a {
		if slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// waitRef is one object a wait waits on, with the kind of answer it needs.
type waitRef struct {
	kind opKind // opSend, opRecv (also range), opWait, opCondWait
	v    ssa.Value
	// node names an object of another package (Witness.Obj) when v is
	// nil.
	node string
}

// waitRefs returns the objects the blocking operation instr waits on.
func (m *Model) waitRefs(instr ssa.Instruction) []waitRef {
	switch instr := instr.(type) {
	case *ssa.Send:
		return []waitRef{{kind: opSend, v: instr.Chan}}
	case *ssa.UnOp:
		if instr.Op == token.ARROW {
			return []waitRef{{kind: opRecv, v: instr.X}}
		}
	case *ssa.Select:
		var out []waitRef
		for _, st := range instr.States {
			k := opRecv
			if st.Dir == types.SendOnly {
				k = opSend
			}
			out = append(out, waitRef{kind: k, v: st.Chan})
		}
		return out
	case *ssa.Call:
		c := m.Callee(instr)
		if c.Obj == nil || len(c.Args) == 0 {
			return nil
		}
		switch knowledge.LookupSyncOp(knowledge.Key(c.Obj)) {
		case knowledge.SyncWaitAll:
			return []waitRef{{kind: opWait, v: c.Args[0]}}
		case knowledge.SyncCondWait:
			return []waitRef{{kind: opCondWait, v: c.Args[0]}}
		}
	}
	return nil
}

// AnswerAt returns who can answer the wait at instr, a blocking operation
// of this package (a send, receive, select, WaitGroup.Wait or Cond.Wait).
// ok is false for other instructions.
func (m *Model) AnswerAt(instr ssa.Instruction) (Answer, bool) {
	if m.objs == nil {
		return Answer{}, false
	}
	refs := m.waitRefs(instr)
	if len(refs) == 0 {
		return Answer{}, false
	}
	if a, ok := m.answers.get(instr); ok {
		return a, true
	}
	a := m.answerRefs(instr.Parent(), refs)
	m.answers.put(instr, a)
	return a, true
}

func (m *Model) answerRefs(fn *ssa.Function, refs []waitRef) Answer {
	if len(refs) == 1 {
		return m.answerRef(fn, refs[0])
	}
	var cases []Answer
	for _, r := range refs {
		cases = append(cases, m.answerRef(fn, r))
	}
	return either(cases)
}

// answerRef answers one wait on the object of r.v, made by fn.
func (m *Model) answerRef(fn *ssa.Function, r waitRef) Answer {
	if r.v == nil {
		// An object of another package known by its portable name:
		// this package only adds the answerers it has.
		return m.answerNode(fn, r.kind, r.node, true, false)
	}
	return m.answerNode(fn, r.kind, m.node(r.v), false, false)
}

// answerNode answers a wait of kind k, in fn, on the group of node n. A
// partial answer (for an object of another package) lists only this
// package's answerers: finding none means nothing here, not nothing at all.
func (m *Model) answerNode(fn *ssa.Function, k opKind, n string, partial, ignoreOpen bool) Answer {
	x := m.objs
	r := waitRef{kind: k}
	switch n {
	case "done":
		return Answer{Verdict: AnswerKnown, By: []string{"the context's cancellation"}}
	case "timer":
		return Answer{Verdict: AnswerKnown, By: []string{"the timer"}}
	}
	g := x.groups(x.find(n))
	var out Answer
	out.Verdict = AnswerNone
	out.Conjunctive = r.kind == opWait
	m.eachAnswerer(fn, r.kind, g, func(s *objSite) {
		desc := m.describeSite(s)
		for _, need := range m.siteNeedsEach(s) {
			out.addAnswerer(need, desc)
		}
		out.Verdict = AnswerKnown
		if len(out.By) < 3 {
			out.By = append(out.By, desc)
		}
	})
	added := false
	for _, gr := range g.all {
		for _, i := range x.byRoot[gr] {
			if x.sites[i].kind == opAdd {
				added = true
			}
		}
	}
	dir := escBoth
	switch r.kind {
	case opSend:
		dir = escRecv // only a receiver out of view can answer a send
	case opRecv, opRange:
		dir = escSend
	}
	if r.kind == opSend && strings.HasPrefix(n, "field:") && m.computedCaps[strings.TrimPrefix(n, "field:")] {
		// A buffer of computed size whose receivers are out of view
		// (make(chan T, batch) handed out as a result's Messages) is
		// taken to be sized for its senders, as leak takes it.
		return Answer{Verdict: AnswerNoWait, By: []string{"a buffer of computed size"}}
	}
	for _, gr := range g.all {
		if why := x.escapes[gr]; why != "" && x.escDir[gr]&dir != 0 {
			out.Verdict, out.Why = AnswerUnknown, why
			out.Below = !slices.ContainsFunc(g.all, func(gr string) bool { return x.upward[gr] })
			return out
		}
	}
	if !ignoreOpen {
		for _, b := range g.back {
			if open := x.open[b]; len(open) > 0 {
				out.Verdict, out.Why, out.OpenParam = AnswerUnknown, open[0], true
				return out
			}
		}
	}
	if partial {
		return out
	}
	if r.kind == opWait && !added {
		return Answer{Verdict: AnswerNoWait}
	}
	return out
}

// eachAnswerer calls visit for each operation that can answer a wait of
// kind k in fn on an object of the group set g: the operations of the
// answering kind on any group the object may be, except, for an object
// local to one run of fn, fn's own (the waiter cannot answer its own wait).
func (m *Model) eachAnswerer(fn *ssa.Function, k opKind, g groupSet, visit func(*objSite)) {
	x := m.objs
	want := answeringKinds(k)
	local := true
	for _, b := range g.back {
		if x.shared[b] {
			local = false
		}
	}
	for _, gr := range g.all {
		for _, i := range x.byRoot[gr] {
			s := &x.sites[i]
			if !slices.Contains(want, s.kind) {
				continue
			}
			if local && s.fn == fn && !s.deferred && !s.async {
				continue
			}
			visit(s)
		}
	}
}

// answeringKinds lists the operations that can end a wait of kind k.
func answeringKinds(k opKind) []opKind {
	switch k {
	case opSend:
		return []opKind{opRecv, opRange}
	case opRecv, opRange:
		return []opKind{opSend, opClose}
	case opWait:
		return []opKind{opDone}
	case opCondWait:
		return []opKind{opSignal}
	}
	return nil
}

// describeSite renders an answering operation for messages.
func (m *Model) describeSite(s *objSite) string {
	where := m.Pos(s.pos)
	name := ssax.FuncDisplayName(s.fn)
	if s.ext != nil {
		c := m.Callee(s.instr.(ssa.CallInstruction))
		return fmt.Sprintf("%s in %s (called at %s)", s.kind, c.Name(m.Pass.Pkg), where)
	}
	return fmt.Sprintf("%s in %s (%s)", s.kind, name, where)
}

// siteNeeds returns the locks the operation s may need before it happens:
// those held where it is, those its function acquires on a path that
// reaches it (in a loop: anywhere in the loop), and those its in-package
// callers hold when they call it.
func (m *Model) siteNeeds(s *objSite) Need {
	open := s.ext == nil && s.goFn == nil && !s.async && exportedFunc(topLevel(s.fn))
	if needs, excl, ok := m.pairedNeeds(s); ok {
		return Need{Locks: needs, Excl: excl, Open: open}
	}
	var out []string
	if s.ext != nil {
		out = unionStrings(out, s.ext.Needs)
	}
	fn := s.fn
	if s.goFn != nil {
		out = unionStrings(out, m.allAcquired(s.goFn))
		out = unionStrings(out, m.entryNeeds(s.goFn, 0))
	}
	if s.async {
		// The goroutine answers when it ends (WaitGroup.Go's Done):
		// it needs what it takes, not what its starter holds.
		return Need{Locks: slices.DeleteFunc(out, func(s string) bool { return s == "" })}
	}
	if s.deferred {
		out = unionStrings(out, m.allAcquired(fn))
	} else {
		out = unionStrings(out, m.needsBetween(fn, m.publication(fn, s.v, s.instr), s.instr))
	}
	out = unionStrings(out, m.entryNeeds(fn, 0))
	return Need{Locks: slices.DeleteFunc(out, func(s string) bool { return s == "" }), Open: open}
}

// siteNeedsEach returns what the answerer s needs once for each way it is
// called: a function called both with and without a lock held answers,
// on the calls without it, without needing the lock. A function other
// packages call counts once more, with no caller's locks.
func (m *Model) siteNeedsEach(s *objSite) []Need {
	fn := s.fn
	callers := m.objs.callers[fn]
	several := len(callers) >= 2 || len(callers) == 1 && exportedFunc(fn)
	if !several || s.async || s.ext != nil || s.deferred || s.goFn != nil {
		return []Need{m.siteNeeds(s)}
	}
	if _, _, paired := m.pairedNeeds(s); paired {
		return []Need{m.siteNeeds(s)}
	}
	open := exportedFunc(topLevel(fn))
	own := m.needsBetween(fn, m.publication(fn, s.v, s.instr), s.instr)
	var out []Need
	add := func(locks []string) {
		locks = slices.DeleteFunc(unionStrings(own, locks), func(s string) bool { return s == "" })
		out = append(out, Need{Locks: locks, Open: open})
	}
	for _, call := range callers {
		caller := call.Parent()
		if caller == fn {
			continue
		}
		add(unionStrings(m.needsBetween(caller, nil, call), m.entryNeeds(caller, 1)))
	}
	if exportedFunc(fn) {
		add(nil)
	}
	if len(out) == 0 {
		return []Need{m.siteNeeds(s)}
	}
	return out
}

// topLevel returns the declared function fn's code belongs to.
func topLevel(fn *ssa.Function) *ssa.Function {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn
}

// pairedNeeds handles the answer that gives back a token its own function
// took earlier from the same channel: the release of a channel semaphore
// (sem <- x ... <-sem), or the send that unlocks a channel used as a mutex
// (<-mu ... mu <- x). The holder of the token needs, before it can give it
// back, only the locks it takes between the two: a lock it already held
// when it took the token it holds throughout, so it cannot be holding the
// token while the waiter holds that lock. ok is false when the operation
// has no such partner.
func (m *Model) pairedNeeds(s *objSite) (needs, excl []string, ok bool) {
	if s.ext != nil || (s.kind != opSend && s.kind != opRecv) {
		return nil, nil, false
	}
	fn, deferred, at := s.fn, s.deferred, s.instr
	if call, isDeferred := deferredClosure(fn); isDeferred {
		fn, deferred, at = fn.Parent(), true, call
	}
	opposite := opRecv
	if s.kind == opRecv {
		opposite = opSend
	}
	root := m.objs.find(s.node)
	var pair ssa.Instruction
	var sites []int
	for _, r := range m.objs.groups(root).all {
		sites = append(sites, m.objs.byRoot[r]...)
	}
	for _, i := range sites {
		p := &m.objs.sites[i]
		if p.fn != fn || p.kind != opposite || p.ext != nil || p.deferred {
			continue
		}
		if deferred || precedes(p.instr, at) {
			pair = p.instr
			break
		}
	}
	if pair == nil {
		return nil, nil, false
	}
	// The locks held when it took the token it holds until it gives the
	// token back.
	for _, h := range m.heldAt(fn)[pair] {
		if id := m.LockID(fn, h.Lock); id != "" {
			excl = unionStrings(excl, []string{id})
		}
	}
	between := ssax.Reachable(pair.Block(), ssax.Succs)
	var back map[*ssa.BasicBlock]bool
	if !deferred {
		back = ssax.Reachable(at.Block(), ssax.Preds)
	}
	for _, b := range fn.Blocks {
		if b != pair.Block() && !between[b] {
			continue
		}
		if !deferred && b != at.Block() && !back[b] {
			continue
		}
		started := b != pair.Block() || between[b]
		for _, in := range b.Instrs {
			if in == pair {
				started = true
				continue
			}
			if !deferred && in == at && !back[b] {
				break
			}
			if started {
				needs = addStrings(needs, m.acquiredBy(fn, in))
			}
		}
	}
	sort.Strings(needs)
	return slices.DeleteFunc(needs, func(s string) bool { return s == "" }), excl, true
}

// deferredClosure reports whether fn is a function literal that its parent
// only ever defers, and returns the defer.
func deferredClosure(fn *ssa.Function) (ssa.Instruction, bool) {
	parent := fn.Parent()
	if parent == nil {
		return nil, false
	}
	var found ssa.Instruction
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn {
				continue
			}
			for _, ref := range *mc.Referrers() {
				d, ok := ref.(*ssa.Defer)
				if !ok || d.Call.Value != mc || found != nil {
					return nil, false
				}
				found = d
			}
		}
	}
	return found, found != nil
}

// precedes reports whether a runs before b on every path to b: a's block
// dominates b's, and within one block a comes first.
func precedes(a, b ssa.Instruction) bool {
	if a.Block() != b.Block() {
		return a.Block().Dominates(b.Block())
	}
	for _, in := range a.Block().Instrs {
		if in == a {
			return true
		}
		if in == b {
			return false
		}
	}
	return false
}

// maxCallerDepth bounds how far up the in-package callers entryNeeds looks.
const maxCallerDepth = 3

// entryNeeds returns the locks that fn's in-package callers may hold, or
// take on the way, when they call it.
func (m *Model) entryNeeds(fn *ssa.Function, depth int) []string {
	if depth >= maxCallerDepth {
		return nil
	}
	if depth == 0 {
		if v, ok := m.entry.get(fn); ok {
			return v
		}
	}
	var out []string
	for _, call := range m.objs.callers[fn] {
		caller := call.Parent()
		if caller == fn {
			continue
		}
		out = addStrings(out, m.needsBetween(caller, nil, call))
		out = addStrings(out, m.entryNeeds(caller, depth+1))
	}
	sort.Strings(out)
	if depth == 0 {
		m.entry.put(fn, out)
	}
	return out
}

// needsBetween returns the locks held at instr and those acquired by fn on
// paths that reach instr, from the instruction from on when it is given
// (the publication of a channel fn made: the waiter cannot have the
// channel before then).
//
// The result may be shared: callers must not modify it.
func (m *Model) needsBetween(fn *ssa.Function, from, instr ssa.Instruction) []string {
	if len(fn.Blocks) == 0 {
		return nil
	}
	// The callers of a function are asked about once per answerer in
	// it, and once more per caller above them (entryNeeds): once the
	// summaries are final the answer for a call is remembered.
	if from == nil && m.final {
		if v, ok := m.needsAt.get(instr); ok {
			return v
		}
		v := m.computeNeedsBetween(fn, nil, instr)
		m.needsAt.put(instr, v)
		return v
	}
	return m.computeNeedsBetween(fn, from, instr)
}

// computeNeedsBetween is needsBetween without the cache.
func (m *Model) computeNeedsBetween(fn *ssa.Function, from, instr ssa.Instruction) []string {
	var out []string
	for _, h := range m.heldAt(fn)[instr] {
		out = addStrings(out, []string{m.LockID(fn, h.Lock)})
	}
	target := instr.Block()
	reach := ssax.Reachable(target, ssax.Preds)
	// An operation in a loop answers, after the first round, with only
	// what the loop takes: what the function took once before entering
	// it (registering itself, say) is behind it by the time anyone waits
	// on it.
	var loop map[*ssa.BasicBlock]bool
	if reach[target] {
		loop = ssax.Reachable(target, ssax.Succs)
	}
	var after map[*ssa.BasicBlock]bool
	if from != nil {
		after = ssax.Reachable(from.Block(), ssax.Succs)
	}
	for _, b := range fn.Blocks {
		if !reach[b] && b != target {
			continue
		}
		if loop != nil && !loop[b] {
			continue
		}
		started := from == nil || after[b]
		if from != nil && !started && b != from.Block() {
			continue
		}
		for _, in := range b.Instrs {
			if !started {
				started = in == from
				continue
			}
			if b == target && !reach[b] && in == instr {
				break
			}
			out = addStrings(out, m.acquiredBy(fn, in))
		}
	}
	sort.Strings(out)
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

// publication returns the instruction at which fn first hands the channel
// v, made by fn itself, to anyone else (stores it in a field or map, sends
// it, passes it to a call), on every path to at; nil when v is not made by
// fn or no such instruction precedes at.
func (m *Model) publication(fn *ssa.Function, v ssa.Value, at ssa.Instruction) ssa.Instruction {
	mk, ok := v.(*ssa.MakeChan)
	if !ok {
		if ct, isCT := v.(*ssa.ChangeType); isCT {
			mk, ok = ct.X.(*ssa.MakeChan)
		}
	}
	if !ok || mk.Parent() != fn {
		return nil
	}
	// The channel is handed on as it is or converted (a chan T stored in
	// a chan<- T field).
	refs := slices.Clone(*mk.Referrers())
	for _, ref := range *mk.Referrers() {
		if conv, ok := ref.(*ssa.ChangeType); ok {
			refs = append(refs, *conv.Referrers()...)
		}
	}
	var first ssa.Instruction
	for _, ref := range refs {
		switch ref := ref.(type) {
		case *ssa.Store:
			if _, local := ref.Addr.(*ssa.Alloc); local {
				continue
			}
		case *ssa.MapUpdate, *ssa.Send, *ssa.MakeClosure, ssa.CallInstruction:
		default:
			continue
		}
		if ref == at || !precedes(ref, at) {
			continue
		}
		if first == nil || precedes(ref, first) {
			first = ref
		}
	}
	return first
}

// allAcquired returns every lock fn acquires, directly or in callees.
func (m *Model) allAcquired(fn *ssa.Function) []string {
	var out []string
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			out = addStrings(out, m.acquiredBy(fn, in))
		}
	}
	sort.Strings(out)
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

func (m *Model) acquiredBy(fn *ssa.Function, in ssa.Instruction) []string {
	if _, isGo := in.(*ssa.Go); isGo {
		return nil
	}
	var out []string
	for _, e := range m.Effects(in) {
		if e.Kind == lockset.Release {
			continue
		}
		out = append(out, m.LockID(fn, e.Lock))
	}
	return out
}

// heldAt returns the locks held at each instruction of fn.
func (m *Model) heldAt(fn *ssa.Function) map[ssa.Instruction][]lockset.Held {
	if h, ok := m.held.get(fn); ok {
		return h
	}
	out := make(map[ssa.Instruction][]lockset.Held)
	if _, ok := m.summaries[fn]; ok || m.inPackage(fn) {
		m.Lockset(fn).Walk(func(instr ssa.Instruction, st *lockset.State) {
			if len(st.Held) > 0 {
				out[instr] = slices.Clone(st.Held)
			}
		})
	}
	m.held.put(fn, out)
	return out
}

// LockID returns an identity of the lock at path p in fn that is equal for
// every way the package reaches the same lock: its type identity for a
// field ("field:field mu of *p.T"), the variable for a package-level lock,
// and for a local mutex shared with closures or passed to helpers, the
// group of values the object index puts it in. It is "" when the lock
// cannot be identified.
func (m *Model) LockID(fn *ssa.Function, p ssax.Path) string {
	if k := p.TypeKey(); k != "" {
		if p.Root == ssax.RootGlobal && len(p.Fields) == 0 {
			return m.findNode("global:" + k)
		}
		return m.findNode("field:" + k)
	}
	if len(p.Fields) > 0 {
		return ""
	}
	var v ssa.Value
	switch p.Root {
	case ssax.RootParam:
		if p.Index < len(fn.Params) {
			v = fn.Params[p.Index]
		}
	case ssax.RootFreeVar:
		if p.Index < len(fn.FreeVars) {
			v = fn.FreeVars[p.Index]
		}
	case ssax.RootLocal:
		for _, l := range fn.Locals {
			if l.Name() == p.ID {
				v = l
			}
		}
	}
	if v == nil {
		return ""
	}
	if m.objs == nil {
		return m.node(v)
	}
	return m.objs.lockRoot(m.node(v))
}

func (m *Model) findNode(n string) string {
	if m.objs == nil {
		return n
	}
	return m.objs.find(n)
}

// WitnessAnswer returns who can answer the wait of w, a witness of the
// summary of the callee c called from this package: for a witness whose
// object is an argument of the call, the answerers this package sees for
// that argument are added to those the callee's package saw.
func (m *Model) WitnessAnswer(fn *ssa.Function, c ssax.Callee, w Witness) Answer {
	a := w.Answer
	if m.objs == nil || len(w.waits) > 0 {
		return a // an answer of this package, final
	}
	switch {
	case a.FromArg && a.Arg < len(c.Args):
		return a.merge(m.answerRef(fn, waitRef{kind: w.waitKind(), v: c.Args[a.Arg]}))
	case w.OwnerArg > 0 && w.OwnerArg-1 < len(c.Args) && w.Obj != "":
		return a.merge(m.answerNode(fn, w.waitKind(), m.instNode(c.Args[w.OwnerArg-1], w.Obj), true, false))
	case w.Obj != "":
		return a.merge(m.answerRef(fn, waitRef{kind: w.waitKind(), node: w.Obj}))
	}
	return a
}

// waitKind is the kind of wait a witness records.
func (w Witness) waitKind() opKind {
	if w.WaitKind != 0 {
		return opKind(w.WaitKind)
	}
	return opRecv
}

// ParamObj is what a function, and the goroutines and code that keep the
// object after it returns, may do with an object (a channel, a
// WaitGroup) its caller passes it: the view of the package that declares
// the function, carried to callers in other packages so that they can tell
// who answers their waits on the object.
type ParamObj struct {
	Index int
	Ops   []opKind
	// Kept says the object escapes further, out of the package's view.
	Kept bool
	// Needs lists the locks (with type identities) taken before the
	// operations.
	Needs []string
}

// ParamObj returns what the function does with its object parameter i, or
// nil when nothing is known.
func (s *Summary) ParamObj(i int) *ParamObj {
	if s == nil {
		return nil
	}
	for j := range s.ParamObjs {
		if s.ParamObjs[j].Index == i {
			return &s.ParamObjs[j]
		}
	}
	return nil
}

// paramObjs computes fn's ParamObjs from the object index: every operation
// on the group its parameter joins.
func (m *Model) paramObjs(fn *ssa.Function) []ParamObj {
	var out []ParamObj
	var runs map[*ssa.Function]bool
	for i, p := range fn.Params {
		if !isObjType(p.Type()) && !isChanContainer(p.Type()) {
			continue
		}
		root := m.objs.find(m.node(p))
		po := ParamObj{Index: i}
		if runs == nil {
			runs = m.runsFrom(fn)
		}
		for _, r := range reach(root, m.objs.fwd) {
			if why := m.objs.escapes[r]; why != "" {
				po.Kept = true
			}
			for _, si := range m.objs.byRoot[r] {
				s := &m.objs.sites[si]
				if !runs[s.fn] {
					// An operation of other code on another object
					// of the type (a field node stands for all).
					continue
				}
				if !slices.Contains(po.Ops, s.kind) {
					po.Ops = append(po.Ops, s.kind)
				}
				po.Needs = unionStrings(po.Needs, m.siteNeeds(s).Locks)
			}
		}
		slices.Sort(po.Ops)
		po.Needs = portableNeeds(po.Needs)
		if len(po.Ops) == 0 && !po.Kept {
			continue
		}
		out = append(out, po)
	}
	return out
}

// runsFrom returns the functions of the package whose code runs when fn
// does: fn, the functions it calls or starts, and theirs, closures
// included.
func (m *Model) runsFrom(fn *ssa.Function) map[*ssa.Function]bool {
	seen := map[*ssa.Function]bool{fn: true}
	stack := []*ssa.Function{fn}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		next := slices.Clone(m.calleesOf(f))
		next = append(next, f.AnonFuncs...)
		for _, g := range next {
			if !seen[g] {
				seen[g] = true
				stack = append(stack, g)
			}
		}
	}
	return seen
}

// portableNeeds keeps the lock identities that mean the same in other
// packages: fields and package-level variables.
func portableNeeds(ids []string) []string {
	var out []string
	for _, id := range ids {
		if strings.HasPrefix(id, "field:") || strings.HasPrefix(id, "global:") {
			out = append(out, id)
		}
	}
	return out
}

// finishAnswers fills in the answers of every witness of the package's
// summaries, and their parameter objects, once the summaries are final.
func (m *Model) finishAnswers() {
	if m.objs == nil {
		return
	}
	for _, fn := range m.Funcs {
		s := m.summaries[fn]
		if s == nil {
			continue
		}
		for i := range s.Blocks {
			w := &s.Blocks[i]
			if len(w.waits) == 0 {
				continue
			}
			a := m.answerRefs(w.waitFn, w.waits)
			if w.fromFact {
				a = w.Answer.merge(a)
			}
			// A wait on fn's own exported parameter: the caller
			// completes the answer.
			if a.Verdict == AnswerUnknown && len(w.waits) == 1 {
				if idx, only := m.onlyOpenThrough(fn, w.waits[0].v); only {
					b := m.answerIgnoringOpen(w.waitFn, w.waits[0])
					if w.fromFact {
						b = w.Answer.merge(b)
					}
					b.FromArg, b.Arg = true, idx
					a = b
				}
			}
			w.Answer = a
			if w.local && opKind(w.WaitKind) == opSend && len(w.waits) == 1 && w.waits[0].v != nil {
				w.Served = m.ServedBy(w.waits[0].v).Prompt
			}
		}
		s.ParamObjs = m.paramObjs(fn)
		if exportedFunc(fn) {
			s.FieldOps = m.fieldOps(fn, make(map[*ssa.Function]bool))
		}
	}
}

// onlyOpenThrough reports whether the object v may be is visible to other
// packages only through a parameter of fn, and which.
func (m *Model) onlyOpenThrough(fn *ssa.Function, v ssa.Value) (int, bool) {
	g := m.objs.groups(m.objs.find(m.node(v)))
	for _, r := range g.all {
		if m.objs.escapes[r] != "" {
			return 0, false
		}
	}
	var open []*ssa.Parameter
	for _, b := range g.back {
		open = append(open, m.objs.openBy[b]...)
	}
	if len(open) != 1 {
		return 0, false
	}
	if i := slices.Index(fn.Params, open[0]); i >= 0 {
		return i, true
	}
	return 0, false
}

// answerIgnoringOpen answers r as if its group were not visible through
// parameters: the answerers the package itself has.
func (m *Model) answerIgnoringOpen(fn *ssa.Function, r waitRef) Answer {
	return m.answerNode(fn, r.kind, m.node(r.v), false, true)
}

// attachWaits records on w, a witness of the operation in fn, the objects
// it waits on.
func (m *Model) attachWaits(w Witness, fn *ssa.Function, refs []waitRef) Witness {
	if len(refs) == 0 || m.objs == nil {
		w.object = "at " + w.Pos
		return w
	}
	w.waits, w.waitFn = refs, fn
	w.WaitKind = uint8(refs[0].kind)
	if len(refs) == 1 && refs[0].v != nil {
		w.OwnerArg = ownerOf(fn, refs[0].v)
	}
	var roots []string
	for _, r := range refs {
		if r.v == nil {
			roots = append(roots, r.node)
			continue
		}
		roots = append(roots, m.objs.find(m.node(r.v)))
	}
	w.object = strings.Join(roots, "|")
	if len(roots) == 1 && portableNode(roots[0]) {
		w.Obj = roots[0]
	}
	return w
}

// portableNode reports whether a group's name means the same in other
// packages: a field of a type, or a package-level variable.
func portableNode(n string) bool {
	return strings.HasPrefix(n, "field:") || strings.HasPrefix(n, "global:")
}

// fromCallee prepares w, a witness of callee c called in fn, for fn's
// summary: a witness from another package whose object is the call's
// argument gets that argument as its object, so that fn's package adds the
// answerers it sees.
func (m *Model) fromCallee(w Witness, fn *ssa.Function, c ssax.Callee) Witness {
	if len(w.waits) > 0 || m.objs == nil {
		return w
	}
	if w.object == "" {
		w.object = "at " + w.Pos + " " + w.What
	}
	switch {
	case w.Answer.FromArg && w.Answer.Arg < len(c.Args):
		w = m.attachWaits(w, fn, []waitRef{{kind: w.waitKind(), v: c.Args[w.Answer.Arg]}})
		w.fromFact = true
	case w.OwnerArg > 0 && w.OwnerArg-1 < len(c.Args) && w.Obj != "":
		// A field of the object the caller passes: this package's own
		// operations on that object answer too.
		arg := c.Args[w.OwnerArg-1]
		obj := w.Obj
		w = m.attachWaits(w, fn, []waitRef{{kind: w.waitKind(), node: m.instNode(arg, obj)}})
		w.Obj = obj
		w.OwnerArg = ownerIndex(fn, arg)
		w.fromFact = true
	case w.Obj != "":
		// A field of another package's type: this package's own
		// operations on it (through that package's methods) answer too.
		w = m.attachWaits(w, fn, []waitRef{{kind: w.waitKind(), node: w.Obj}})
		w.fromFact = true
	}
	return w
}

// instNode names the object obj (a field node) of the value v: the tokens
// of this semaphore rather than of every semaphore.
func (m *Model) instNode(v ssa.Value, obj string) string {
	// The node, not its group: groups grow while the index is built.
	return "inst:" + m.node(v) + "|" + obj
}

// ownerIndex returns 1 + the index of fn's parameter v is, or 0.
func ownerIndex(fn *ssa.Function, v ssa.Value) int {
	if p, ok := v.(*ssa.Parameter); ok {
		if i := slices.Index(fn.Params, p); i >= 0 {
			return i + 1
		}
	}
	return 0
}

// ownerOf returns 1 + the index of the parameter of fn through whose
// fields v is reached (s.tokens in a method of s), or 0.
func ownerOf(fn *ssa.Function, v ssa.Value) int {
	p, ok := ssax.PathOf(v)
	if !ok || p.Root != ssax.RootParam || len(p.Fields) == 0 || p.Index >= len(fn.Params) {
		return 0
	}
	return p.Index + 1
}

// FieldOp is an operation a function performs, in its caller's goroutine,
// on an object other packages can name (Witness.Obj).
type FieldOp struct {
	Kind opKind
	Obj  string
	// Via is 1 + the index of the parameter the object is a field of
	// (the receiver of (*Semaphore).Release), or 0.
	Via int
}

// maxFieldOps bounds the field operations a summary carries.
const maxFieldOps = 8

// fieldOps returns the operations fn performs, itself or in the callees it
// calls (not those it starts as goroutines), on objects other packages can
// name.
func (m *Model) fieldOps(fn *ssa.Function, seen map[*ssa.Function]bool) []FieldOp {
	if seen[fn] {
		return nil
	}
	seen[fn] = true
	var out []FieldOp
	add := func(op FieldOp) {
		if len(out) < maxFieldOps && !slices.Contains(out, op) {
			out = append(out, op)
		}
	}
	for _, i := range m.objs.byFn[fn] {
		s := &m.objs.sites[i]
		if s.ext != nil {
			continue
		}
		if root := m.objs.find(s.node); portableNode(root) {
			op := FieldOp{Kind: s.kind, Obj: root}
			if s.v != nil {
				op.Via = ownerOf(fn, s.v)
			}
			add(op)
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := call.(*ssa.Go); isGo {
				continue
			}
			c := m.Callee(call)
			var ops []FieldOp
			if m.inPackage(c.Fn) {
				ops = m.fieldOps(c.Fn, seen)
			} else if cs := m.CalleeSummary(c); cs != nil {
				ops = cs.FieldOps
			}
			for _, op := range ops {
				if op.Via > 0 {
					via := 0
					if op.Via-1 < len(c.Args) {
						via = ownerIndex(fn, c.Args[op.Via-1])
					}
					op.Via = via
				}
				add(op)
			}
		}
	}
	return out
}

// A channel used as a semaphore is acquired by one operation and released
// by the opposite one, later in the same function: sem <- x ... <-sem (a
// counting semaphore), or <-mu ... mu <- x (a channel used as a mutex,
// filled with one token at start). Its release never waits: the token it
// gives back was taken by the same goroutine. tokenDirection recognises the
// group of such a channel from one such pair and returns the kind of its
// acquiring operation, or 0.
func (m *Model) tokenDirection(root string) opKind {
	if d, ok := m.tokenDirs.get(root); ok {
		return d
	}
	var sendFirst, recvFirst bool
	var sites []int
	for _, r := range m.objs.groups(root).all {
		sites = append(sites, m.objs.byRoot[r]...)
	}
	for _, i := range sites {
		r := &m.objs.sites[i]
		if r.ext != nil || r.sel || (r.kind != opSend && r.kind != opRecv) {
			continue
		}
		fn, deferred, at := r.fn, r.deferred, r.instr
		if call, ok := deferredClosure(fn); ok {
			fn, deferred, at = fn.Parent(), true, call
		}
		for _, j := range sites {
			a := &m.objs.sites[j]
			// The acquiring operation waits for its token: a case of
			// a select (with a default, the drain of a mailbox) is not
			// one.
			if a.fn != fn || a.ext != nil || a.deferred || a.sel || a.kind == r.kind || (a.kind != opSend && a.kind != opRecv) {
				continue
			}
			if deferred || precedes(a.instr, at) {
				if a.kind == opSend {
					sendFirst = true
				} else {
					recvFirst = true
				}
			}
		}
	}
	var d opKind
	switch {
	case sendFirst && !recvFirst:
		d = opSend
	case recvFirst && !sendFirst:
		d = opRecv
	}
	if d != 0 && strings.HasPrefix(root, "field:") {
		// An unbuffered channel is a rendezvous, not a semaphore.
		if size, ok := m.chanCaps[strings.TrimPrefix(root, "field:")]; ok && size == 0 {
			d = 0
		}
	}
	m.tokenDirs.put(root, d)
	return d
}

// releasesToken reports whether instr, a send or receive, gives back a
// token of a channel used as a semaphore: it does not wait.
func (m *Model) releasesToken(instr ssa.Instruction) bool {
	if m.objs == nil {
		return false
	}
	var v ssa.Value
	var k opKind
	switch i := instr.(type) {
	case *ssa.Send:
		v, k = i.Chan, opSend
	case *ssa.UnOp:
		v, k = i.X, opRecv
	default:
		return false
	}
	d := m.tokenDirection(m.objs.find(m.node(v)))
	return d != 0 && d != k
}

// CallerSupplied reports whether v, a value of fn, is one of fn's
// parameters (possibly captured by a closure of fn, or converted): an
// object the caller handed in, whose other end the caller arranged.
func CallerSupplied(fn *ssa.Function, v ssa.Value) bool {
	for i := 0; i < 8; i++ {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
			alloc, ok := x.X.(*ssa.Alloc)
			if !ok {
				return false
			}
			stored, ok := ssax.SingleStore(alloc)
			if !ok {
				return false
			}
			v = stored
			continue
		case *ssa.Parameter:
			return x.Parent() == fn || (fn.Parent() != nil && x.Parent() == fn.Parent())
		case *ssa.FreeVar:
			_, b := capturedOnce(x)
			if b == nil {
				return false
			}
			v, fn = b, fn.Parent()
			continue
		}
		return false
	}
	return false
}

// WaitedArg returns, for a witness of the callee c, the argument of the
// call that is the object the witness waits on, when it is one of the
// callee's parameters.
func (m *Model) WaitedArg(c ssax.Callee, w Witness) (ssa.Value, bool) {
	if w.Answer.FromArg && w.Answer.Arg < len(c.Args) {
		return c.Args[w.Answer.Arg], true
	}
	if len(w.waits) != 1 || w.waits[0].v == nil || c.Fn == nil {
		return nil, false
	}
	p, ok := w.waits[0].v.(*ssa.Parameter)
	if !ok || p.Parent() != c.Fn {
		return nil, false
	}
	i := slices.Index(c.Fn.Params, p)
	if i < 0 || i >= len(c.Args) {
		return nil, false
	}
	return c.Args[i], true
}

// WaitValues returns the objects the blocking operation instr waits on.
func (m *Model) WaitValues(instr ssa.Instruction) []ssa.Value {
	var out []ssa.Value
	for _, r := range m.waitRefs(instr) {
		out = append(out, r.v)
	}
	return out
}

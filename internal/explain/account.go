package explain

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/dump"
	"github.com/concurlint/concurlint/internal/lockset"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// explain gives each located group its account: what the code says could
// answer its wait, and what the dump shows of those answerers.
func (s *session) explain() {
	s.held = make([][]heldLock, len(s.rep.Groups))
	for k := range s.rep.Groups {
		s.held[k] = s.heldBy(k)
	}
	waitsFor := make([][]int, len(s.rep.Groups))
	for i, g := range s.rep.Groups {
		instr := s.sites[i]
		if instr == nil {
			continue
		}
		if !directWait(s.raw[i].Frames[:s.siteIndex(g)]) {
			g.Account = &Account{Verdict: "unknown", Reasons: []string{fmt.Sprintf("the wait is inside %s, called at %s; who answers waits outside the module is not analysed",
				strings.Join(g.Chain, " → "), s.rel(g.Site.abs, g.Site.Line))}}
			continue
		}
		if dump.WaitOf(g.State) == dump.WaitNilChan {
			g.Account = &Account{Verdict: "none", Reasons: []string{"the channel is nil (or the select has no cases): such a wait never ends, whatever other goroutines do"}}
			continue
		}
		ans := s.opts.Answers.Answer(&Query{Instr: instr, Wait: dump.WaitOf(g.State), Model: s.owner[instr.Parent()], Models: s.models})
		acct := &Account{}
		w := dump.WaitOf(g.State)
		for _, op := range ans.Ops {
			a := Answerer{Op: op.Op, Pos: s.posString(op.Instr.Pos()), Func: ssax.FuncDisplayName(op.Instr.Parent()), Cancellable: op.Cancellable, Status: "gone"}
			if where, ok := s.liveIn(op.Instr.Parent()); ok {
				a.Status, a.Where = "running", where
			} else if k, fi, ok := s.runningIn(op.Instr.Parent(), i); ok {
				a.Status, a.Group = "blocked", s.rep.Groups[k].ID
				a.Where = fmt.Sprintf("%s at %s", cmpOr(s.rep.Groups[k].Op, s.rep.Groups[k].State), s.rel(s.rep.Groups[k].Site.abs, s.rep.Groups[k].Site.Line))
				if k == i {
					a.Where = fmt.Sprintf("the waiting goroutine itself, in %s at %s", ssax.FuncDisplayName(fi.instr.Parent()), fi.frame.File+fmt.Sprintf(":%d", fi.frame.Line))
				}
				if w != dump.WaitLock && w != dump.WaitRLock && !containsInt(waitsFor[i], k) {
					waitsFor[i] = append(waitsFor[i], k)
				}
			}
			acct.Answerers = append(acct.Answerers, a)
			// An answerer that needs a lock some goroutine of the
			// dump holds cannot answer before that goroutine lets go.
			om := s.owner[op.Instr.Parent()]
			for _, need := range op.Needs {
				for k := range s.rep.Groups {
					for _, h := range s.held[k] {
						if h.model != om && !portable(need) || h.id != need {
							continue
						}
						o := s.rep.Groups[k]
						who := fmt.Sprintf("%s (group %d), blocked at %s", goroutines(o), o.ID, s.rel(o.Site.abs, o.Site.Line))
						if k == i {
							who = "the waiting goroutine itself"
						}
						why := fmt.Sprintf("%s (%s) needs %s, which %s holds (locked at %s in %s)", a.Op, a.Pos, h.spell, who, h.lockedAt, h.fn)
						if !slices.Contains(acct.Reasons, why) {
							acct.Reasons = append(acct.Reasons, why)
						}
						if !containsInt(waitsFor[i], k) {
							waitsFor[i] = append(waitsFor[i], k)
						}
					}
				}
			}
		}
		if w == dump.WaitLock || w == dump.WaitRLock {
			for _, h := range s.holders(i, instr) {
				acct.Holders = append(acct.Holders, h)
				k := h.Group - 1
				if !containsInt(waitsFor[i], k) {
					waitsFor[i] = append(waitsFor[i], k)
				}
			}
			// The unlocks that matter are the holders'; an unlock
			// elsewhere answers only if some goroutine that is not
			// in the dump holds the lock.
			if len(acct.Holders) > 0 {
				acct.Answerers = slices.DeleteFunc(acct.Answerers, func(a Answerer) bool {
					return !slices.ContainsFunc(acct.Holders, func(h Holder) bool { return h.Func == a.Func })
				})
			}
		}
		s.reasons(g, ans, acct)
		g.Account = acct
	}
	// Cycles: a group waits for the groups holding its lock or running
	// its answerers; a path back to itself is a deadlock.
	for i, g := range s.rep.Groups {
		if g.Account == nil {
			continue
		}
		if cyc := findCycle(waitsFor, i); cyc != nil {
			ids := make([]int, len(cyc))
			for j, k := range cyc {
				ids[j] = s.rep.Groups[k].ID
			}
			g.Account.Cycle = ids
			g.Account.Verdict = "cycle"
			if len(cyc) == 1 {
				g.Account.Reasons = append(g.Account.Reasons, "a cycle: the goroutine waits for itself")
			} else {
				var parts []string
				for _, k := range append(cyc, i) {
					o := s.rep.Groups[k]
					parts = append(parts, fmt.Sprintf("group %d (%s at %s)", o.ID, cmpOr(o.Op, o.State), o.Site.File+fmt.Sprintf(":%d", o.Site.Line)))
				}
				g.Account.Reasons = append(g.Account.Reasons, "a cycle: "+strings.Join(parts, " waits for "))
			}
		}
	}
}

func (s *session) siteIndex(g *Group) int {
	for j := range g.Stack {
		if &g.Stack[j] == g.Site {
			return j
		}
	}
	return 0
}

// runningIn returns a group (preferring another than self) one of whose
// in-module frames is in fn, and that frame.
func (s *session) runningIn(fn *ssa.Function, self int) (int, frameInstr, bool) {
	found, foundFi := -1, frameInstr{}
	for k := range s.rep.Groups {
		for _, fi := range s.frames[k] {
			if fi.instr.Parent() == fn || ssax.Origin(fi.instr.Parent()) == ssax.Origin(fn) {
				if k != self {
					return k, fi, true
				}
				if found < 0 {
					found, foundFi = k, fi
				}
			}
		}
	}
	return found, foundFi, found >= 0
}

// heldLock is a lock a group of the dump holds where it is stopped.
type heldLock struct {
	id, spell, lockedAt, fn string
	lock                    lock
	model                   *model.Model
	instr                   ssa.Instruction // the frame's instruction it is held at
}

// heldBy returns the locks group k holds: at each of its in-module frames,
// the locks the model's lockset has held just before the frame's call (for
// the innermost, before the blocked operation).
func (s *session) heldBy(k int) []heldLock {
	var out []heldLock
	for _, fi := range s.frames[k] {
		m := s.owner[fi.instr.Parent()]
		if m == nil {
			continue
		}
		fn := fi.instr.Parent()
		for _, h := range heldAt(m, fi.instr) {
			l := lock{path: h.Lock, id: m.LockID(fn, h.Lock), fn: fn}
			out = append(out, heldLock{id: l.id, spell: m.SpellHeld(h), lockedAt: s.posString(h.Pos),
				fn: ssax.FuncDisplayName(fn), lock: l, model: m, instr: fi.instr})
		}
	}
	return out
}

// liveIn reports whether a goroutine of the dump that is not blocked is in
// fn, and where.
func (s *session) liveIn(fn *ssa.Function) (string, bool) {
	for f, where := range s.live {
		if f == fn || ssax.Origin(f) == ssax.Origin(fn) {
			return where, true
		}
	}
	return "", false
}

// holders returns the groups of the dump that hold the lock the call at
// group i's site waits for.
func (s *session) holders(i int, call ssa.Instruction) []Holder {
	c, ok := call.(ssa.CallInstruction)
	if !ok {
		return nil
	}
	wm := s.owner[call.Parent()]
	want, ok := lockOf(wm, c)
	if !ok {
		return nil
	}
	var out []Holder
	for k, g := range s.rep.Groups {
		for _, h := range s.held[k] {
			if sameLock(h.model, h.lock, wm, want) {
				out = append(out, Holder{Lock: h.spell, LockedAt: h.lockedAt, Func: h.fn, Group: g.ID, Self: k == i})
			}
		}
	}
	return out
}

// heldAt returns the locks held just before instr. Walk's state is
// updated in place as it goes, so it is copied.
func heldAt(m *model.Model, instr ssa.Instruction) []lockset.Held {
	var out []lockset.Held
	m.Lockset(instr.Parent()).Walk(func(in ssa.Instruction, st *lockset.State) {
		if in == instr {
			out = slices.Clone(st.Held)
		}
	})
	return out
}

// reasons words the account.
func (s *session) reasons(g *Group, ans *Answer, acct *Account) {
	w := dump.WaitOf(g.State)
	what := cmpOr(ans.What, "it")
	switch w {
	case dump.WaitLock, dump.WaitRLock:
		if len(acct.Holders) == 0 {
			acct.Verdict = "stuck"
			acct.Reasons = append(acct.Reasons, fmt.Sprintf("no goroutine in the dump holds %s where it is stopped: %s was locked and not unlocked on some path that has since returned (or panicked), or the holder is outside the module", what, what))
		}
		for _, h := range acct.Holders {
			if h.Self {
				acct.Reasons = append(acct.Reasons, fmt.Sprintf("the waiting goroutine already holds %s: %s locked it at %s and, still holding it, locks it again at %s; sync mutexes are not reentrant", h.Lock, h.Func, h.LockedAt, s.rel(g.Site.abs, g.Site.Line)))
				continue
			}
			o := s.rep.Groups[h.Group-1]
			acct.Reasons = append(acct.Reasons, fmt.Sprintf("%s is held by %s (group %d), locked at %s in %s; that goroutine is blocked at %s (%s)",
				h.Lock, goroutines(o), o.ID, h.LockedAt, h.Func, s.rel(o.Site.abs, o.Site.Line), cmpOr(o.Op, o.State)))
		}
		if acct.Verdict == "" {
			acct.Verdict = "stuck"
		}
		return
	}
	if len(ans.Ops) == 0 {
		if ans.Complete {
			acct.Verdict = "none"
			acct.Reasons = append(acct.Reasons, fmt.Sprintf("nothing in the analysed packages %s %s", answerVerb(w), what))
		} else {
			acct.Verdict = "unknown"
			acct.Reasons = append(acct.Reasons, fmt.Sprintf("no operation in the analysed packages %s %s, which code outside them can reach", answerVerb(w), what))
		}
		return
	}
	gone, blocked := 0, 0
	for _, a := range acct.Answerers {
		switch a.Status {
		case "gone":
			gone++
			acct.Reasons = append(acct.Reasons, fmt.Sprintf("%s (%s) is in %s, which no goroutine of the dump is running: it has returned or never ran", a.Op, a.Pos, a.Func))
		case "running":
			acct.Reasons = append(acct.Reasons, fmt.Sprintf("%s (%s) is in %s, which %s is running: it may still answer", a.Op, a.Pos, a.Func, a.Where))
		case "blocked":
			blocked++
			if a.Group == g.ID {
				acct.Reasons = append(acct.Reasons, fmt.Sprintf("%s (%s) would run in %s", a.Op, a.Pos, a.Where))
			} else {
				acct.Reasons = append(acct.Reasons, fmt.Sprintf("%s (%s) is in %s, whose goroutine (group %d) is blocked at %s", a.Op, a.Pos, a.Func, a.Group, a.Where))
			}
		}
	}
	switch {
	case !ans.Complete:
		acct.Verdict = "unknown"
		acct.Reasons = append(acct.Reasons, fmt.Sprintf("%s can be reached from code not analysed, which may answer", what))
	case gone+blocked == len(acct.Answerers):
		acct.Verdict = "stuck"
	default:
		acct.Verdict = "pending"
	}
}

// answerVerb says what answering a wait means.
func answerVerb(w dump.Wait) string {
	switch w {
	case dump.WaitSend:
		return "receives from"
	case dump.WaitRecv:
		return "sends on or closes"
	case dump.WaitGroupWait:
		return "calls Done on"
	case dump.WaitCond:
		return "signals"
	}
	return "answers"
}

func goroutines(g *Group) string {
	if len(g.Goroutines) == 0 {
		return plural(g.Count, "goroutine")
	}
	return goroutinesOf(g.Goroutines)
}

func goroutinesOf(gids []int) string {
	var ids []string
	for _, id := range gids {
		ids = append(ids, fmt.Sprint(id))
	}
	if len(ids) == 1 {
		return "goroutine " + ids[0]
	}
	return "goroutines " + strings.Join(ids, ", ")
}

// findCycle returns a path of groups from start back to start in the
// waits-for graph (without repeating start at the end), or nil.
func findCycle(edges [][]int, start int) []int {
	var path []int
	seen := make(map[int]bool)
	var dfs func(n int) bool
	dfs = func(n int) bool {
		path = append(path, n)
		for _, k := range edges[n] {
			if k == start {
				return true
			}
			if !seen[k] {
				seen[k] = true
				if dfs(k) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		return false
	}
	if dfs(start) {
		return path
	}
	return nil
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

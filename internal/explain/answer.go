package explain

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/dump"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Answerers says which operations could answer a wait, from the code
// alone; explain then reads the dump for what became of them. The default,
// modelAnswers, asks the shared answerer model (model.AnswerAt and
// AnswerSites); the interface lets a test or another front end supply its
// own.
type Answerers interface {
	Answer(q *Query) *Answer
}

// Query is one blocked operation.
type Query struct {
	Instr ssa.Instruction // the operation: *ssa.Send, a receive, *ssa.Select, a sync call
	Wait  dump.Wait       // what the runtime says it waits for
	// Model is the model of the operation's package, Models those of
	// every package analysed.
	Model  *model.Model
	Models []*model.Model
}

// Answer is what the code says about a wait.
type Answer struct {
	// What spells what is waited on: "ch", "c.frames", "s.mu".
	What string
	// Ops are the operations that could answer the wait.
	Ops []AnswerOp
	// Complete says every operation that could answer is in Ops; Why
	// says, when not, how the object escapes.
	Complete bool
	Why      string
	// NoWait says the wait returns at once (nothing is ever added to
	// the WaitGroup).
	NoWait bool
}

// AnswerOp is one operation that could answer a wait.
type AnswerOp struct {
	Instr ssa.Instruction
	Op    string // "receive from ch", "close(ch)", "s.mu.Unlock"
	// Cancellable says the operation is one case of a select that also
	// waits for a cancellation, so it may never be reached.
	Cancellable bool
	// Needs are the identities (model.LockID) of the locks the
	// operation may need before it answers.
	Needs []string
}

// modelAnswers answers from the shared answerer model: the object index
// groups the values that may be one channel, WaitGroup or Cond, and lists
// the operations on each group. Lock waits, which the answerer model does
// not cover, are answered by the unlocks of the same lock (model.LockID).
type modelAnswers struct{}

func (modelAnswers) Answer(q *Query) *Answer {
	m := q.Model
	if c, ok := q.Instr.(ssa.CallInstruction); ok {
		switch syncMethod(c) {
		case "(*sync.Mutex).Lock", "(*sync.RWMutex).Lock", "(*sync.RWMutex).RLock", "(sync.Locker).Lock":
			return unlocks(q, c)
		}
	}
	ans := &Answer{What: waitedOn(m, q.Instr)}
	a, ok := m.AnswerAt(q.Instr)
	if !ok {
		ans.Why = "the model does not know this wait"
		return ans
	}
	switch a.Verdict {
	case model.AnswerKnown, model.AnswerNone:
		ans.Complete = true
	case model.AnswerNoWait:
		ans.Complete, ans.NoWait = true, true
	default:
		ans.Why = a.Why
	}
	for _, s := range m.AnswerSites(q.Instr) {
		ans.Ops = append(ans.Ops, AnswerOp{Instr: s.Instr, Op: spellSite(m, s), Needs: s.Needs, Cancellable: s.Select != nil && selectCancellable(m, s.Select)})
	}
	return ans
}

// waitedOn spells the object a wait waits on.
func waitedOn(m *model.Model, instr ssa.Instruction) string {
	switch instr := instr.(type) {
	case *ssa.Send:
		return spellChan(m, instr.Chan, instr.Pos())
	case *ssa.UnOp:
		return spellChan(m, instr.X, instr.Pos())
	case *ssa.Select:
		var names []string
		for _, st := range instr.States {
			names = append(names, spellChan(m, st.Chan, st.Pos))
		}
		return joinNames(names)
	case ssa.CallInstruction:
		if recv := m.Src.Receiver(instr.Pos()); recv != nil {
			return ssax.Spell(recv)
		}
	}
	return "it"
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		switch {
		case i == 0:
			out = n
		case i == 3:
			return out + ", ..."
		default:
			out += ", " + n
		}
	}
	return out
}

// spellSite describes an answering operation: "receive from ch",
// "close(ch)", "wg.Done", "receive from ch (a case of select on ch,
// done)".
func spellSite(m *model.Model, s model.AnswerSite) string {
	if s.External {
		c := m.Callee(s.Instr.(ssa.CallInstruction))
		return s.Kind + " in " + c.Name(m.Pass.Pkg)
	}
	switch instr := s.Instr.(type) {
	case *ssa.Send:
		return "send on " + spellChan(m, instr.Chan, instr.Pos())
	case *ssa.UnOp:
		if b, ok := m.DirectOp(instr); ok {
			return b.What
		}
		return s.Kind + " from " + spellChan(m, instr.X, instr.Pos())
	case *ssa.Select:
		for _, st := range instr.States {
			if st.Pos != s.Pos {
				continue
			}
			verb := "receive from "
			if s.Kind == "send" {
				verb = "send on "
			}
			op := verb + spellChan(m, st.Chan, st.Pos)
			if b, ok := m.DirectOp(instr); ok && len(instr.States) > 1 {
				op += " (a case of " + b.What + ")"
			}
			return op
		}
		return s.Kind + " in a select"
	case ssa.CallInstruction:
		recv := ""
		if r := m.Src.Receiver(instr.Pos()); r != nil {
			recv = ssax.Spell(r)
		}
		if bi, ok := instr.Common().Value.(*ssa.Builtin); ok && bi.Name() == "close" && len(instr.Common().Args) == 1 {
			return "close(" + spellChan(m, instr.Common().Args[0], instr.Pos()) + ")"
		}
		if recv != "" {
			return recv + "." + s.Kind
		}
		if s.Kind == "Done" && s.Deferred {
			return "Done (when " + ssax.FuncDisplayName(s.Fn) + " returns)"
		}
	}
	return s.Kind
}

// spellChan names a channel as the source does: the value's path, or the
// expression at pos (a receive's or send's operand).
func spellChan(m *model.Model, ch ssa.Value, pos token.Pos) string {
	if p, ok := ssax.PathOf(ch); ok && p.Spell() != "" {
		return p.Spell()
	}
	if r := m.Src.Recv(pos); r != nil {
		return ssax.Spell(r.X)
	}
	if snd := m.Src.Send(pos); snd != nil {
		return ssax.Spell(snd.Chan)
	}
	if ch.Name() != "" && ch.Name()[0] != 't' {
		return ch.Name()
	}
	return "a channel"
}

// selectCancellable reports whether a select also waits for a
// cancellation (ctx.Done(), a quit channel).
func selectCancellable(m *model.Model, sel *ssa.Select) bool {
	b, ok := m.DirectOp(sel)
	return ok && b.Cancellable
}

// unlocks answers a lock wait: the unlocks of the same lock in the
// analysed packages. Which of them matters is the dump's to say (the
// holder's).
func unlocks(q *Query, lockCall ssa.CallInstruction) *Answer {
	target, ok := lockOf(q.Model, lockCall)
	if !ok {
		return &Answer{What: waitedOn(q.Model, lockCall)}
	}
	ans := &Answer{What: target.spell, Complete: true}
	for _, m := range q.Models {
		for _, fn := range m.Funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					c, ok := instr.(ssa.CallInstruction)
					if !ok {
						continue
					}
					name := syncMethod(c)
					if name != "(*sync.Mutex).Unlock" && name != "(*sync.RWMutex).Unlock" && name != "(*sync.RWMutex).RUnlock" && name != "(sync.Locker).Unlock" {
						continue
					}
					l, ok := lockOf(m, c)
					if !ok || !sameLock(m, l, q.Model, target) {
						continue
					}
					ans.Ops = append(ans.Ops, AnswerOp{Instr: instr, Op: l.spell + "." + methodName(name)})
				}
			}
		}
	}
	return ans
}

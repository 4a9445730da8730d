package model

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// AnswerSite is one operation that can answer a wait, as the answerer
// model sees it. AnswerAt summarises the answerers for the passes'
// messages; AnswerSites lists them for concurlint explain, which checks
// each against a goroutine dump (is a goroutine running the function that
// would answer, or is it blocked elsewhere?).
type AnswerSite struct {
	// Instr is the operation, or the call that performs it in a callee
	// of another package; Fn the function it is in.
	Instr ssa.Instruction
	Fn    *ssa.Function
	// Kind says what the operation does: "receive", "range", "send",
	// "close", "Done", "Signal".
	Kind string
	Pos  token.Pos
	// Select is the select the operation is one case of, or nil.
	Select *ssa.Select
	// Deferred says the operation runs when Fn returns.
	Deferred bool
	// External says the operation is inside a callee in another
	// package, called at Instr.
	External bool
	// Needs are the identities (LockID) of the locks the operation may
	// need before it happens.
	Needs []string
}

// AnswerSites returns the operations of this package that can answer the
// wait at instr, in the terms of AnswerAt (whose Verdict says whether
// they are all the answerers there are); nil for instructions that are not
// waits the model knows.
func (m *Model) AnswerSites(instr ssa.Instruction) []AnswerSite {
	if m.objs == nil {
		return nil
	}
	x := m.objs
	fn := instr.Parent()
	var out []AnswerSite
	for _, r := range m.waitRefs(instr) {
		n := m.node(r.v)
		if n == "done" || n == "timer" {
			continue
		}
		m.eachAnswerer(fn, r.kind, x.groups(x.find(n)), func(s *objSite) {
			if slices.ContainsFunc(out, func(a AnswerSite) bool { return a.Instr == s.instr }) {
				return
			}
			out = append(out, AnswerSite{Instr: s.instr, Fn: s.fn, Kind: s.kind.String(), Pos: s.pos,
				Select: s.cases, Deferred: s.deferred, External: s.ext != nil, Needs: m.siteNeeds(s).Locks})
		})
	}
	return out
}

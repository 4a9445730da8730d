package leak

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A wait that nothing can ever answer blocks forever wherever it is: in a
// goroutine, in a request handler, in a getter's caller. The answerer
// model says so (model.AnswerNone) when the channel is kept where only
// this package can reach it (an unexported field or variable, a result of
// an unexported function) and nothing in the package sends on it or
// closes it (for a receive) or receives from it (for a send). Channels
// local to one function run are left to the owner rules: their answerers
// are judged by the paths of that function.

// checkNoAnswer reports the channel waits of fn that nothing can answer.
func (c *checker) checkNoAnswer(fn *ssa.Function) {
	for instr := range ssax.Instrs(fn) {
		op, ok := c.m.DirectOp(instr)
		if !ok || op.Kind != knowledge.Channel {
			continue
		}
		a, ok := c.m.AnswerAt(instr)
		if !ok || a.Verdict != model.AnswerNone {
			continue
		}
		obj, ok := c.waitObject(instr)
		if !ok || obj.Local || !obj.Made || obj.Escapes != "" || obj.Unbound != "" || strings.Contains(obj.ID, "struct{") {
			// Local: judged by the owner rules. Not made: no
			// channel of the package gets there (a slice nothing
			// appends to; a wait on a nil channel is another
			// matter). Escapes: a
			// channel another package returned, which may be
			// fed there (ObjectOf). Unbound: the
			// channel may come from a caller out of view. A
			// field of an unnamed struct type: its values may
			// come from anywhere the type is spelled.
			continue
		}
		c.reportNoAnswer(instr, op, obj)
	}
}

// waitObject returns the object a send or receive waits on; ok is false
// for a select of several cases (its answer covers them all) and for
// objects the model does not group.
func (c *checker) waitObject(instr ssa.Instruction) (model.Object, bool) {
	var ch ssa.Value
	switch instr := instr.(type) {
	case *ssa.Send:
		ch = instr.Chan
	case *ssa.UnOp:
		ch = instr.X
	case *ssa.Select:
		// Nothing answers any case (the model said so): the select is
		// judged by the case least sure to be dead.
		var out model.Object
		for i, st := range instr.States {
			o, ok := c.m.ObjectOf(st.Chan)
			if !ok {
				return model.Object{}, false
			}
			if i == 0 || o.Local || o.Unbound != "" {
				out = o
			}
		}
		return out, out.ID != "done" && out.ID != "timer"
	default:
		return model.Object{}, false
	}
	o, ok := c.m.ObjectOf(ch)
	return o, ok && o.ID != "done" && o.ID != "timer"
}

func (c *checker) reportNoAnswer(instr ssa.Instruction, op *model.Blocking, obj model.Object) {
	where := describeObject(obj.ID)
	var msg string
	switch {
	case isSendWait(instr):
		buf := ""
		if n, ok := c.m.FieldBuffer(op.Chan); ok && n > 0 {
			buf = fmt.Sprintf(" once its buffer of %d is full", n)
		}
		msg = fmt.Sprintf("%s blocks forever%s: nothing in this package receives from it, and no other package can reach %s; receive from it where its values are meant to go, or drop the send",
			op.What, buf, where)
	case op.Range:
		msg = fmt.Sprintf("%s never receives anything: nothing in this package sends on it or closes it, and no other package can reach %s; send on it or close it where the loop should go on or end",
			op.What, where)
	default:
		msg = fmt.Sprintf("%s blocks forever: nothing in this package sends on it or closes it, and no other package can reach %s; send on it or close it where this wait should end",
			op.What, where)
	}
	c.reportNew(analysis.Diagnostic{Pos: instr.Pos(), Category: catNoAnswer, Message: msg})
}

// isSendWait reports whether the wait at instr is a send (a bare send,
// or a select whose cases all send).
func isSendWait(instr ssa.Instruction) bool {
	switch instr := instr.(type) {
	case *ssa.Send:
		return true
	case *ssa.Select:
		for _, st := range instr.States {
			if st.Dir != types.SendOnly {
				return false
			}
		}
		return true
	}
	return false
}

// describeObject names an object group for messages: "field loaded of
// *p.Loader", "package variable p.events", "the result of a function".
func describeObject(id string) string {
	switch {
	case strings.HasPrefix(id, "field:"):
		return "the unexported " + strings.TrimPrefix(id, "field:")
	case strings.HasPrefix(id, "global:"):
		return "the unexported variable " + strings.TrimPrefix(id, "global:")
	case strings.HasPrefix(id, "elems:"):
		return "the channels kept in that collection"
	}
	return "the channel"
}

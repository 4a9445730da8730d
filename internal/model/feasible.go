package model

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// A witness deep in a callee may sit behind a nil check of one of the
// callee's parameters: zstd's NewReader reaches its blocking Reset only for
// a non-nil reader, and a caller that passes nil never blocks there. The
// model records, for each witness, the parameters that must be non-nil for
// the path to reach it (Witness.NonNil), and a call that passes nil for one
// of them does not carry the witness.

// nonNilParams returns the parameters of fn (by index) that are checked to
// be non-nil on every path to instr: instr's block is dominated by the
// branch of an if p != nil (or the fall-through of an if p == nil).
func nonNilParams(fn *ssa.Function, instr ssa.Instruction) []int {
	var out []int
	b := instr.Block()
	if b == nil {
		return nil
	}
	for d := b; d != nil && d.Idom() != nil; d = d.Idom() {
		idom := d.Idom()
		ifi, ok := idom.Instrs[len(idom.Instrs)-1].(*ssa.If)
		if !ok || idom.Succs[0] == idom.Succs[1] {
			continue
		}
		p, nonNilBranch := nilTest(ifi.Cond)
		if p == nil || nonNilBranch < 0 {
			continue
		}
		succ := idom.Succs[nonNilBranch]
		other := idom.Succs[1-nonNilBranch]
		if !succ.Dominates(b) || other.Dominates(b) {
			continue
		}
		if i := slices.Index(fn.Params, p); i >= 0 && !slices.Contains(out, i) {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// nilTest recognises p != nil and p == nil for a parameter p, returning p
// and the index of the If successor taken when p is not nil.
func nilTest(cond ssa.Value) (*ssa.Parameter, int) {
	bin, ok := cond.(*ssa.BinOp)
	if !ok || (bin.Op != token.NEQ && bin.Op != token.EQL) {
		return nil, -1
	}
	x, y := bin.X, bin.Y
	if isNilConst(x) {
		x, y = y, x
	}
	if !isNilConst(y) {
		return nil, -1
	}
	p, ok := x.(*ssa.Parameter)
	if !ok {
		return nil, -1
	}
	if bin.Op == token.NEQ {
		return p, 0
	}
	return p, 1
}

func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok || !c.IsNil() {
		return false
	}
	switch c.Type().Underlying().(type) {
	case *types.Pointer, *types.Interface, *types.Signature, *types.Map, *types.Chan, *types.Slice:
		return true
	}
	return false
}

// Feasible reports whether the call c can reach the operation of witness w:
// it does not pass nil for a parameter the path to w requires non-nil.
func Feasible(c ssax.Callee, w Witness) bool {
	for _, i := range w.NonNil {
		if i < len(c.Args) && isNilConst(c.Args[i]) {
			return false
		}
	}
	return true
}

// liftNonNil expresses, for fn's summary, the non-nil requirements of w, a
// witness of the callee c called at call: the callee's requirements on
// arguments that are fn's parameters, and fn's own checks around the call.
func liftNonNil(fn *ssa.Function, call ssa.Instruction, c ssax.Callee, w Witness) []int {
	out := nonNilParams(fn, call)
	for _, i := range w.NonNil {
		if i >= len(c.Args) {
			continue
		}
		if p, ok := c.Args[i].(*ssa.Parameter); ok {
			if j := slices.Index(fn.Params, p); j >= 0 && !slices.Contains(out, j) {
				out = append(out, j)
			}
		}
	}
	slices.Sort(out)
	return out
}

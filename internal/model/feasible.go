package model

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

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
// be non-nil on every path to instr.
func nonNilParams(fn *ssa.Function, instr ssa.Instruction) []int {
	var out []int
	for _, v := range nonNilTested(instr) {
		if p, ok := v.(*ssa.Parameter); ok {
			if i := slices.Index(fn.Params, p); i >= 0 && !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
	}
	slices.Sort(out)
	return out
}

// nonNilTested returns the values checked to be non-nil on every path to
// instr: instr's block is dominated by the branch of an if v != nil (or
// the fall-through of an if v == nil).
func nonNilTested(instr ssa.Instruction) []ssa.Value {
	var out []ssa.Value
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
		v, nonNilBranch := nilTestOf(ifi.Cond)
		if v == nil {
			continue
		}
		succ, other := idom.Succs[nonNilBranch], idom.Succs[1-nonNilBranch]
		// The check guards b when b is reached only through its
		// true edge: the edge's block dominates b and is entered
		// from the test alone. (In a loop, the false edge leads back
		// to the loop's head, which dominates b too.)
		if succ.Dominates(b) && len(succ.Preds) == 1 && succ != other {
			out = append(out, v)
		}
	}
	return out
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

// Feasible reports whether the call c, at call, can reach the operation
// of witness w: it does not pass nil for a parameter the path to w requires
// non-nil, nor a struct it made without a field the path requires set.
func Feasible(c ssax.Callee, call ssa.Instruction, w Witness) bool {
	for _, i := range w.NonNil {
		if i < len(c.Args) && isNilConst(c.Args[i]) {
			return false
		}
	}
	return fieldsFeasible(c, call, w)
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

// The same holds for a field of a parameter: go-runc's Exec sends the
// child's pid on opts.Started only when it is set, and a caller that
// passes &ExecOpts{...} without Started never waits there.

// nonNilFields returns the fields of fn's parameters ("index.Field") that
// are checked to be non-nil on every path to instr.
func nonNilFields(fn *ssa.Function, instr ssa.Instruction) []string {
	var out []string
	for _, v := range nonNilTested(instr) {
		if f, ok := paramField(fn, v); ok && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

// nilTestOf recognises v != nil and v == nil, returning v and the index of
// the If successor taken when v is not nil.
func nilTestOf(cond ssa.Value) (ssa.Value, int) {
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
	if bin.Op == token.NEQ {
		return x, 0
	}
	return x, 1
}

// paramField returns "index.Field" when v loads a field of one of fn's
// parameters: p.F, where p is the parameter or, after
// if p == nil { p = &T{} }, a struct fn made without setting F.
func paramField(fn *ssa.Function, v ssa.Value) (string, bool) {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return "", false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return "", false
	}
	name := fieldName(fa)
	param := -1
	bases := []ssa.Value{fa.X}
	if phi, ok := fa.X.(*ssa.Phi); ok {
		bases = phi.Edges
	}
	for _, base := range bases {
		switch base := base.(type) {
		case *ssa.Parameter:
			i := slices.Index(fn.Params, base)
			if i < 0 || param >= 0 && param != i {
				return "", false
			}
			param = i
		case *ssa.Alloc:
			if !leavesFieldUnset(base, name, nil) {
				return "", false
			}
		default:
			return "", false
		}
	}
	if param < 0 {
		return "", false
	}
	return fmt.Sprintf("%d.%s", param, name), true
}

func fieldName(fa *ssa.FieldAddr) string {
	st, ok := derefType(fa.X.Type()).Underlying().(*types.Struct)
	if !ok {
		return ""
	}
	return st.Field(fa.Field).Name()
}

// leavesFieldUnset reports whether alloc, a struct a function made, never
// has its field name stored and is used only through its fields and by
// call (so no helper can set the field either); with no call, by the phi
// of if p == nil { p = &T{} } instead.
func leavesFieldUnset(alloc *ssa.Alloc, name string, call ssa.Instruction) bool {
	for _, ref := range *alloc.Referrers() {
		switch ref := ref.(type) {
		case *ssa.FieldAddr:
			if fieldName(ref) != name {
				continue
			}
			for _, use := range *ref.Referrers() {
				if st, ok := use.(*ssa.Store); ok && st.Addr == ref {
					return false
				}
			}
		case *ssa.DebugRef:
		case *ssa.Phi:
			if call != nil {
				return false
			}
		default:
			if ref != call {
				return false
			}
		}
	}
	return true
}

// fieldsFeasible reports whether the call c can reach a witness that needs
// the fields of w.NonNilFields set: not when it passes a struct it made
// without setting one of them.
func fieldsFeasible(c ssax.Callee, call ssa.Instruction, w Witness) bool {
	for _, f := range w.NonNilFields {
		i, name, ok := splitField(f)
		if !ok || i >= len(c.Args) {
			continue
		}
		if alloc, isAlloc := c.Args[i].(*ssa.Alloc); isAlloc && call != nil && leavesFieldUnset(alloc, name, call) {
			return false
		}
	}
	return true
}

func splitField(f string) (int, string, bool) {
	idx, name, ok := strings.Cut(f, ".")
	if !ok {
		return 0, "", false
	}
	i, err := strconv.Atoi(idx)
	return i, name, err == nil
}

// liftNonNilFields expresses, for fn's summary, the field requirements of
// w, a witness of the callee c called at call: a requirement on a
// parameter's field becomes fn's when fn passes its own parameter, a
// non-nil requirement on an argument that loads a field of fn's parameter
// (r.cmdOutput(cmd, true, opts.Started)) becomes one on that field, and
// fn's own checks around the call are added.
func liftNonNilFields(fn *ssa.Function, call ssa.Instruction, c ssax.Callee, w Witness) []string {
	out := nonNilFields(fn, call)
	add := func(f string) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	for _, f := range w.NonNilFields {
		i, name, ok := splitField(f)
		if !ok || i >= len(c.Args) {
			continue
		}
		if p, ok := c.Args[i].(*ssa.Parameter); ok {
			if j := slices.Index(fn.Params, p); j >= 0 {
				add(fmt.Sprintf("%d.%s", j, name))
			}
		}
	}
	for _, i := range w.NonNil {
		if i < len(c.Args) {
			if f, ok := paramField(fn, c.Args[i]); ok {
				add(f)
			}
		}
	}
	slices.Sort(out)
	return out
}

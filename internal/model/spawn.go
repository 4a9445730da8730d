package model

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// spawnedParams returns the parameters of fn (by index, the receiver
// first) holding a function that fn runs in a new goroutine once per call:
// go f(), or go func() { defer recoverPanic(); f() }(). Such a function is
// a spawn helper, and a call of it starts a goroutine as a go statement
// does. A go statement inside a loop of fn does not count: the helper then
// starts many goroutines, which is fn's business.
func spawnedParams(fn *ssa.Function) []int {
	var out []int
	for instr := range ssax.Instrs(fn) {
		g, ok := instr.(*ssa.Go)
		if !ok || inLoop(instr.Block()) {
			continue
		}
		if i := spawnedParam(fn, g); i >= 0 && !slices.Contains(out, i) {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// spawnedParam returns the index of the function-typed parameter of fn
// that the go instruction g runs, directly or from a closure, or -1.
func spawnedParam(fn *ssa.Function, g *ssa.Go) int {
	paramIndex := func(v ssa.Value) int {
		if alloc, ok := v.(*ssa.Alloc); ok {
			// A parameter captured by a closure lives in a slot
			// written once.
			v, _ = ssax.SingleStore(alloc)
		}
		return funcParamIndex(fn, v)
	}
	switch v := g.Call.Value.(type) {
	case *ssa.Parameter:
		return paramIndex(v)
	case *ssa.MakeClosure:
		lit, ok := v.Fn.(*ssa.Function)
		if !ok {
			return -1
		}
		for bi, bound := range v.Bindings {
			i := paramIndex(bound)
			if i >= 0 && bi < len(lit.FreeVars) && callsValue(lit, lit.FreeVars[bi]) {
				return i
			}
		}
	}
	return -1
}

// callsValue reports whether fn calls the function value v, or the function
// value stored in the variable v points to.
func callsValue(fn *ssa.Function, v ssa.Value) bool {
	for instr := range ssax.Instrs(fn) {
		call, ok := instr.(ssa.CallInstruction)
		if !ok || call.Common().IsInvoke() {
			continue
		}
		callee := call.Common().Value
		if load, ok := callee.(*ssa.UnOp); ok && load.Op == token.MUL {
			callee = load.X
		}
		if callee == v {
			return true
		}
	}
	return false
}

// Package ssax extends go/ssa with what concurlint's passes need over and over:
// resolving the target of a call through closures, method values and
// wrappers; access paths that name a lock or a channel the same way in the
// caller and the callee; and the source spelling of an operand.
package ssax

import (
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Callee is the resolved target of a call instruction.
type Callee struct {
	// Fn is the function whose body runs, when it is known statically and
	// has a body in this program (source functions of the package being
	// analysed, including closures). It is nil for interface calls and for
	// functions of other packages.
	Fn *ssa.Function

	// Obj is the declared function or method (the generic origin for
	// instances), used to look up tables and facts. It is nil for closures
	// and dynamic calls.
	Obj *types.Func

	// Args are the values the callee's parameters receive: for methods the
	// receiver comes first, also when it was bound by a method value.
	Args []ssa.Value

	// Bindings are the free-variable bindings of a closure callee.
	Bindings []ssa.Value

	// Invoke says Obj is an interface method called dynamically; Args[0]
	// is the interface value.
	Invoke bool
}

// Params returns the arguments after the receiver of a method (all of
// them for a function): what the knowledge tables count an argument's
// index among. Obj must not be nil.
func (c Callee) Params() []ssa.Value {
	if c.Obj.Signature().Recv() != nil && len(c.Args) > 0 {
		return c.Args[1:]
	}
	return c.Args
}

// Known reports whether anything is known about the callee.
func (c Callee) Known() bool { return c.Fn != nil || c.Obj != nil }

// Name returns a short name of the callee for messages, qualified by its
// package when that is not from: "notify", "(*Broker).notify",
// "time.Sleep", "redis.(*Client).Close", "func literal in Serve".
func (c Callee) Name(from *types.Package) string {
	switch {
	case c.Obj != nil:
		return FuncName(c.Obj, from)
	case c.Fn != nil:
		return FuncDisplayName(c.Fn)
	}
	return "a function value"
}

// Resolve returns what is known of the target of call.
func Resolve(call *ssa.CallCommon) Callee {
	if call.IsInvoke() {
		args := append([]ssa.Value{call.Value}, call.Args...)
		return Callee{Obj: call.Method, Args: args, Invoke: true}
	}
	value := call.Value
	var outer *ssa.MakeClosure // set when value was found in the enclosing function
	// A function value kept in a local variable that is assigned once
	// (doErr := func(...) {...} in a function go/ssa does not lift), or
	// captured from the enclosing function's such variable.
	if load, ok := value.(*ssa.UnOp); ok && load.Op.String() == "*" {
		switch x := load.X.(type) {
		case *ssa.Alloc:
			if v, ok := SingleStore(x); ok {
				value = v
			}
		case *ssa.FreeVar:
			if mc, binding := capturedFrom(x); mc != nil {
				if alloc, ok := binding.(*ssa.Alloc); ok {
					if v, ok := SingleStore(alloc); ok {
						value, outer = v, mc
					}
				}
			}
		}
	}
	switch v := value.(type) {
	case *ssa.Function:
		return calleeOfFunction(v, call.Args, nil)
	case *ssa.MakeClosure:
		fn := v.Fn.(*ssa.Function)
		if isBoundWrapper(fn) {
			obj, _ := fn.Object().(*types.Func)
			args := append([]ssa.Value{v.Bindings[0]}, call.Args...)
			if obj != nil && types.IsInterface(obj.Signature().Recv().Type()) {
				return Callee{Obj: obj, Args: args, Invoke: true}
			}
			return calleeOfFunction(declared(fn.Prog, obj), args, nil)
		}
		bindings := v.Bindings
		if outer != nil {
			bindings = rebind(bindings, outer)
		}
		return Callee{Fn: fn, Args: call.Args, Bindings: bindings}
	}
	return Callee{Args: call.Args}
}

// capturedFrom returns the closure creation that bound fv, and the value
// it bound fv to in the enclosing function, when the closure is created in
// exactly one place.
func capturedFrom(fv *ssa.FreeVar) (*ssa.MakeClosure, ssa.Value) {
	fn := fv.Parent()
	idx := slices.Index(fn.FreeVars, fv)
	parent := fn.Parent()
	if idx < 0 || parent == nil {
		return nil, nil
	}
	var found *ssa.MakeClosure
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				if found != nil {
					return nil, nil
				}
				found = mc
			}
		}
	}
	if found == nil {
		return nil, nil
	}
	return found, found.Bindings[idx]
}

// rebind expresses bindings, values of the enclosing function, in terms of
// the calling closure's own free variables where it captured the same
// values (mc is the creation of the calling closure). A sibling closure
// called from a closure then sees the caller's variables.
func rebind(bindings []ssa.Value, mc *ssa.MakeClosure) []ssa.Value {
	caller := mc.Fn.(*ssa.Function)
	out := make([]ssa.Value, len(bindings))
	for i, b := range bindings {
		out[i] = b
		if j := slices.Index(mc.Bindings, b); j >= 0 && j < len(caller.FreeVars) {
			out[i] = caller.FreeVars[j]
		}
	}
	return out
}

func calleeOfFunction(fn *ssa.Function, args []ssa.Value, bindings []ssa.Value) Callee {
	if fn == nil {
		return Callee{Args: args}
	}
	fn = Origin(fn)
	c := Callee{Args: args, Bindings: bindings}
	if obj, ok := fn.Object().(*types.Func); ok {
		c.Obj = obj.Origin()
	}
	if fn.Synthetic != "" && c.Obj != nil {
		// A thunk or wrapper: reach the declared method so that
		// summaries of source functions apply.
		fn = declared(fn.Prog, c.Obj)
	}
	if fn != nil && len(fn.Blocks) > 0 {
		c.Fn = fn
	}
	return c
}

// Origin returns the generic function fn instantiates, or fn itself.
func Origin(fn *ssa.Function) *ssa.Function {
	if o := fn.Origin(); o != nil {
		return o
	}
	return fn
}

// declared returns the SSA function for a declared function or method
// object, or nil.
func declared(prog *ssa.Program, obj *types.Func) *ssa.Function {
	if obj == nil {
		return nil
	}
	if obj.Signature().Recv() != nil && types.IsInterface(obj.Signature().Recv().Type()) {
		return nil
	}
	return prog.FuncValue(obj.Origin())
}

func isBoundWrapper(fn *ssa.Function) bool {
	return strings.HasPrefix(fn.Synthetic, "bound method wrapper")
}

// FuncName returns a short, readable name of a function or method,
// qualified by its package name when that is not from (nil qualifies
// always): "notify", "(*Broker).notify", "time.Sleep",
// "redis.(*Client).Close".
func FuncName(fn *types.Func, from *types.Package) string {
	qual := ""
	if fn.Pkg() != nil && fn.Pkg() != from {
		qual = fn.Pkg().Name() + "."
	}
	sig := fn.Signature()
	if recv := sig.Recv(); recv != nil {
		t := recv.Type()
		ptr := ""
		if p, ok := t.(*types.Pointer); ok {
			ptr = "*"
			t = p.Elem()
		}
		name := types.TypeString(t, func(*types.Package) string { return "" })
		if n, ok := t.(*types.Named); ok {
			name = n.Obj().Name()
		}
		if types.IsInterface(t) {
			return qual + name + "." + fn.Name()
		}
		return qual + "(" + ptr + name + ")." + fn.Name()
	}
	return qual + fn.Name()
}

// FuncDisplayName names an SSA function for messages, including closures
// ("func literal in Serve").
func FuncDisplayName(fn *ssa.Function) string {
	fn = EnclosingFunc(fn) // a loop body is its function's code
	if fn.Parent() != nil {
		root := fn
		for root.Parent() != nil {
			root = root.Parent()
		}
		return "func literal in " + FuncDisplayName(root)
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		return FuncName(obj, obj.Pkg())
	}
	return fn.Name()
}

// FuncValue returns the function a function value runs and how its
// parameters and free variables relate to the values that made it: a
// function literal runs with its bindings; a method value x.M runs M with
// x as its receiver (args holds just the receiver). fn is nil when v is not
// a function known statically.
func FuncValue(v ssa.Value) (fn *ssa.Function, args, bindings []ssa.Value) {
	switch v := v.(type) {
	case *ssa.Function:
		return v, nil, nil
	case *ssa.MakeClosure:
		f, ok := v.Fn.(*ssa.Function)
		if !ok {
			return nil, nil, nil
		}
		if isBoundWrapper(f) {
			obj, _ := f.Object().(*types.Func)
			if obj == nil || len(v.Bindings) == 0 {
				return nil, nil, nil
			}
			return declared(f.Prog, obj), []ssa.Value{v.Bindings[0]}, nil
		}
		return f, nil, v.Bindings
	}
	return nil, nil, nil
}

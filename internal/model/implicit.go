package model

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/lockset"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Locks are also taken where no Lock call is written: through an alias of
// the mutex (the L of a sync.Cond made with sync.NewCond(&s.mu), the
// Locker a RWMutex's RLocker returns), inside the String or Error method
// that fmt and log call on a value they format, and inside a function value
// kept in a struct field. This file maps each to the lock it takes, so that
// the lockset sees s.mu where the code says s.cond.L, and a double lock
// where a log line formats a value whose String method locks it.

// aliasLock returns the lock that a Lock or Unlock call reaches through an
// alias, as the path of the real mutex, and whether the call is a read lock
// of it: cond.L of a Cond whose Locker is known, rw.RLocker().
func (m *Model) aliasLock(recv ssa.Value) (ssax.Path, bool, bool) {
	v := recv
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	// rw.RLocker(): a read lock of rw.
	if call, ok := v.(*ssa.Call); ok {
		if fn := call.Call.StaticCallee(); fn != nil && knowledge.ReadLocker(fullName(fn)) && len(call.Call.Args) == 1 {
			p, ok := ssax.PathOf(call.Call.Args[0])
			return p, true, ok
		}
	}
	// cond.L: the Locker the Cond was made with.
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		if fa, ok := load.X.(*ssa.FieldAddr); ok && isCondType(fa.X.Type()) {
			if p, ok := m.condLocker(fa.X); ok {
				return p, false, true
			}
		}
	}
	return ssax.Path{}, false, false
}

// formattedStringers returns the functions of this package that the
// formatting call c runs on its arguments: the String and Error methods of
// the values it formats (fmt.Printf("%v", s) calls s.String()), with the
// value as receiver.
func (m *Model) formattedStringers(c ssax.Callee) []PassedFunc {
	if c.Obj == nil || !knowledge.FormatsArgs(knowledge.Key(c.Obj)) {
		return nil
	}
	var out []PassedFunc
	for _, a := range c.Args {
		for _, v := range formattedValues(a) {
			for _, name := range []string{"String", "Error"} {
				fn := m.methodOf(v.Type(), name)
				if fn == nil {
					continue
				}
				out = append(out, PassedFunc{Fn: fn, Args: []ssa.Value{v}})
			}
		}
	}
	return out
}

// formattedValues returns the values behind a formatting argument: the
// value itself converted to an interface, or each element of a variadic
// ...any slice built at the call.
func formattedValues(a ssa.Value) []ssa.Value {
	if mi, ok := a.(*ssa.MakeInterface); ok {
		return []ssa.Value{mi.X}
	}
	sl, ok := a.(*ssa.Slice)
	if !ok {
		return nil
	}
	var out []ssa.Value
	for _, el := range ssax.SliceElems(sl) {
		if mi, ok := el.(*ssa.MakeInterface); ok {
			out = append(out, mi.X)
		}
	}
	return out
}

// methodOf returns the source method named name of type t in this package,
// or nil.
func (m *Model) methodOf(t types.Type, name string) *ssa.Function {
	named := t
	if p, ok := t.Underlying().(*types.Pointer); ok {
		named = p.Elem()
	}
	n, ok := named.(*types.Named)
	if !ok || n.Obj().Pkg() != m.Pass.Pkg {
		return nil
	}
	sel := m.Pkg.Prog.MethodSets.MethodSet(t).Lookup(m.Pass.Pkg, name)
	if sel == nil {
		return nil
	}
	obj, ok := sel.Obj().(*types.Func)
	if !ok || obj.Signature().Params().Len() != 0 {
		return nil
	}
	fn := m.Pkg.Prog.FuncValue(obj)
	if !m.inPackage(fn) {
		return nil
	}
	return fn
}

// fieldFuncs returns the functions of this package that are ever stored in
// the struct field a call's function value is loaded from
// (s.onChange = s.handle; ...; s.onChange()), each with its receiver or
// closure bound, as the caller sees them: the object holding the field is
// taken to be the object the function works on.
func (m *Model) fieldFuncs(call ssa.CallInstruction) []PassedFunc {
	common := call.Common()
	if common.IsInvoke() {
		return nil
	}
	load, ok := common.Value.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	p, _ := ssax.PathOf(fa)
	key := p.TypeKey()
	if key == "" {
		return nil
	}
	stored := m.funcFields()[key]
	var out []PassedFunc
	for _, fn := range stored {
		pf := PassedFunc{Fn: fn.fn}
		// The function closes over, or is a method of, the object
		// whose field holds it: express that object as the caller's.
		switch fn.bound {
		case boundReceiver:
			pf.Args = []ssa.Value{fa.X}
		case boundFreeVar:
			pf.Bindings = make([]ssa.Value, len(fn.fn.FreeVars))
			pf.Bindings[fn.index] = fa.X
		}
		out = append(out, pf)
	}
	return out
}

type binding uint8

const (
	boundNone binding = iota
	boundReceiver
	boundFreeVar
)

// storedFunc is a function stored into a func-typed field.
type storedFunc struct {
	fn    *ssa.Function
	bound binding
	index int // the free variable holding the object, for boundFreeVar
}

// funcFields maps each func-typed field of the package's types to the
// functions stored in it, found once.
func (m *Model) funcFields() map[string][]storedFunc {
	m.funcFieldsOnce.Do(func() {
		out := make(map[string][]storedFunc)
		for _, fn := range m.Funcs {
			for instr := range ssax.Instrs(fn) {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				if _, ok := st.Val.Type().Underlying().(*types.Signature); !ok {
					continue
				}
				p, _ := ssax.PathOf(fa)
				key := p.TypeKey()
				if key == "" {
					continue
				}
				if sf, ok := m.storedFuncOf(st.Val, fa.X); ok {
					out[key] = append(out[key], sf)
				}
			}
		}
		m.funcFieldMap = out
	})
	return m.funcFieldMap
}

// storedFuncOf describes the function value v stored into a field of the
// object owner.
func (m *Model) storedFuncOf(v, owner ssa.Value) (storedFunc, bool) {
	fn, args, bindings := ssax.FuncValue(v)
	if !m.inPackage(fn) {
		return storedFunc{}, false
	}
	same := func(x ssa.Value) bool {
		a, ok1 := ssax.PathOf(x)
		b, ok2 := ssax.PathOf(owner)
		return ok1 && ok2 && a.Key() == b.Key()
	}
	switch {
	case len(args) == 1 && same(args[0]):
		return storedFunc{fn: fn, bound: boundReceiver}, true
	case len(bindings) > 0:
		for i, b := range bindings {
			if same(b) {
				return storedFunc{fn: fn, bound: boundFreeVar, index: i}, true
			}
		}
	}
	return storedFunc{fn: fn}, true
}

// implicitEffects returns the lock effects of the functions call runs
// without naming them: String and Error methods of formatted values, and
// functions kept in the field it calls through. They take their locks and
// release them again before the call returns.
func (m *Model) implicitEffects(call ssa.CallInstruction, c ssax.Callee) []lockset.Effect {
	var effs []lockset.Effect
	add := func(pf PassedFunc, via string) {
		for _, l := range m.Summary(pf.Fn).locks() {
			if l.HeldOnReturn {
				continue
			}
			p, ok := pf.Subst(l.Lock)
			if !ok {
				p = opaque(l.Lock, via)
			}
			effs = append(effs, lockset.Effect{Kind: lockset.Transient, Lock: p, Read: l.Read, Via: via, Where: l.Pos})
		}
	}
	for _, pf := range m.formattedStringers(c) {
		add(pf, ssax.FuncDisplayName(pf.Fn))
	}
	for _, pf := range m.fieldFuncs(call) {
		add(pf, ssax.FuncDisplayName(pf.Fn))
	}
	return effs
}

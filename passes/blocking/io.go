package blocking

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// The request's own connection: the ResponseWriter, and what is made from
// it (a hijacked or upgraded connection: websocket.Upgrade(w, r, nil)).
// I/O on it ends when the client goes away, so it is bounded by the
// request.

// findOwnedParams finds the parameters and captured variables of the
// package's functions that receive the request's connection from a
// function on a request path: by a call, a go statement, or a closure.
func (c *checker) findOwnedParams() {
	c.ownedParams = make(map[ssa.Value]bool)
	mark := func(v ssa.Value) bool {
		if c.ownedParams[v] {
			return false
		}
		c.ownedParams[v] = true
		return true
	}
	for round, changed := 0, true; changed && round < 5; round++ {
		changed = false
		for _, fn := range c.paths.Funcs() {
			for instr := range ssax.Instrs(fn) {
				switch instr := instr.(type) {
				case ssa.CallInstruction:
					callee := c.m.Callee(instr)
					if callee.Fn == nil || (callee.Fn.Pkg != c.m.Pkg && callee.Fn.Parent() == nil) {
						continue
					}
					for i, a := range callee.Args {
						if i < len(callee.Fn.Params) && c.owned(a, 0) && mark(callee.Fn.Params[i]) {
							changed = true
						}
					}
				case *ssa.MakeClosure:
					body := instr.Fn.(*ssa.Function)
					for i, b := range instr.Bindings {
						if i < len(body.FreeVars) && c.owned(b, 0) && mark(body.FreeVars[i]) {
							changed = true
						}
					}
				}
			}
		}
	}
}

// owned reports whether v is the request's connection or made from it.
func (c *checker) owned(v ssa.Value, depth int) bool {
	if depth > 6 {
		return false
	}
	if knowledge.IsRequestConn(ssax.TypeString(v.Type())) {
		return true
	}
	switch x := v.(type) {
	case *ssa.Parameter, *ssa.FreeVar:
		return c.ownedParams[x]
	case *ssa.Alloc:
		// A variable captured by a closure: owned when it is assigned
		// an owned value.
		for _, ref := range *x.Referrers() {
			if st, ok := ref.(*ssa.Store); ok && st.Addr == x && c.owned(st.Val, depth+1) {
				return true
			}
		}
	case *ssa.Extract:
		return c.owned(x.Tuple, depth+1)
	case *ssa.Call:
		for _, a := range c.m.Callee(x).Args {
			if c.owned(a, depth+1) {
				return true
			}
		}
	case *ssa.MakeInterface:
		return c.owned(x.X, depth+1)
	case *ssa.ChangeInterface:
		return c.owned(x.X, depth+1)
	case *ssa.TypeAssert:
		return c.owned(x.X, depth+1)
	case *ssa.UnOp:
		if x.Op.String() == "*" {
			if fa, ok := x.X.(*ssa.FieldAddr); ok {
				return c.owned(fa.X, depth+1) // a field of an owned struct
			}
			return c.owned(x.X, depth+1) // a captured variable's cell
		}
	}
	return false
}

// touchesRequest reports whether call hands the callee the request: its
// context (any live context), a value carrying it (the *http.Request, a
// gin or echo context, a gRPC stream), or the request's connection. Such a
// callee can observe the request's cancellation itself.
func (c *checker) touchesRequest(fn *ssa.Function, call ssa.CallInstruction) bool {
	for _, a := range c.m.Callee(call).Args {
		if c.owned(a, 0) || c.carriesContext(a) {
			return true
		}
	}
	return false
}

// carriesContext reports whether v carries a live context: its type is a
// context source and it is not a fresh context or an outgoing request made
// without one.
func (c *checker) carriesContext(v ssa.Value) bool {
	if _, ok := knowledge.ContextSource(v.Type()); !ok {
		return false
	}
	for i := 0; i < 4; i++ {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.ChangeInterface:
			v = x.X
			continue
		case *ssa.Extract:
			v = x.Tuple
			continue
		}
		break
	}
	call, ok := v.(*ssa.Call)
	if !ok {
		return true
	}
	if model.IsFreshContext(call) {
		return false
	}
	callee := c.m.Callee(call)
	if entry, ok := knowledge.Lookup(callee.Obj); ok && entry.Detached() {
		return false // http.NewRequest
	}
	if knowledge.LookupDerivation(callee.Obj) != knowledge.NotDerivation && len(call.Call.Args) > 0 {
		return c.carriesContext(call.Call.Args[0])
	}
	return true
}

// hasOwnContext reports whether fn has the request's context in hand from
// its parameters or captured variables.
func hasOwnContext(fn *ssa.Function) bool {
	for _, p := range fn.Params {
		if _, ok := knowledge.ContextSource(p.Type()); ok {
			return true
		}
	}
	for _, fv := range fn.FreeVars {
		t := fv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if _, ok := knowledge.ContextSource(t); ok {
			return true
		}
	}
	return false
}

// pendingIO is context-less I/O in a function that has no context to give
// it; it is reported at the nearest caller on the request path that has
// one.
type pendingIO struct {
	trace string // "load → db.Query (store.go:40)"
}

// pendingIOIn returns the first context-less I/O that calling fn does,
// when fn has no context of its own, or nil.
func (c *checker) pendingIOIn(fn *ssa.Function) *pendingIO {
	if p, ok := c.pending[fn]; ok {
		return p
	}
	if c.visiting[fn] || hasOwnContext(fn) {
		return nil
	}
	c.visiting[fn] = true
	defer delete(c.visiting, fn)
	var found *pendingIO
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if found != nil {
				break
			}
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			if op, ok := c.m.DirectOp(instr); ok {
				if c.contextlessIO(fn, instr, op) {
					found = &pendingIO{trace: op.What + " (" + c.m.Pos(instr.Pos()) + ")"}
				}
				continue
			}
			call, ok := instr.(ssa.CallInstruction)
			if !ok || c.touchesRequest(fn, call) {
				continue
			}
			callee := c.m.Callee(call)
			name := callee.Name(c.pass.Pkg)
			if callee.Fn != nil && (callee.Fn.Pkg == c.m.Pkg || callee.Fn.Parent() != nil) {
				if p := c.pendingIOIn(callee.Fn); p != nil {
					found = &pendingIO{trace: name + " → " + p.trace}
				}
				continue
			}
			if !deepIO && contextTwin(callee.Obj) == "" {
				continue // another package's API without contexts: see checkCall
			}
			w := c.m.CalleeSummary(callee).Blocking(func(w model.Witness) bool {
				return w.Kind.IsIO() && w.Kind != knowledge.File && !w.Cancellable && !w.RequestIO
			})
			if w != nil {
				found = &pendingIO{trace: name + " → " + w.Trace()}
			}
		}
	}
	c.pending[fn] = found
	return found
}

// contextlessIO reports whether op is I/O that could take a context and
// does not: a call with a context-aware variant, a request made by
// http.NewRequest being sent, or a command made by exec.Command being run.
// HTTP calls without a timeout are reported where they are instead.
func (c *checker) contextlessIO(fn *ssa.Function, instr ssa.Instruction, op *model.Blocking) bool {
	call, ok := instr.(ssa.CallInstruction)
	if !ok || op.Cancellable || op.RequestIO || (op.Kind != knowledge.Network && op.Kind != knowledge.Process) {
		return false
	}
	if c.touchesRequest(fn, call) {
		return false
	}
	if noTimeout, _ := c.httpWithoutTimeout(call, op); noTimeout {
		return false
	}
	if op.Entry.OnClient {
		if args := c.m.Callee(call).Args; len(args) > 0 {
			if timeout, _ := c.clientTimeout(args[0]); timeout {
				return false // bounded by the client's timeout
			}
		}
	}
	switch {
	case op.Entry.Variant != "":
		return true
	case op.Entry.CtxInRequest:
		return true // the model found the request made by http.NewRequest
	case op.Kind == knowledge.Process:
		args := c.m.Callee(call).Args
		if len(args) > 0 {
			if mk, ok := args[0].(*ssa.Call); ok {
				callee := c.m.Callee(mk)
				entry, ok := knowledge.Lookup(callee.Obj)
				return ok && entry.Detached() // exec.Command, not exec.CommandContext
			}
		}
	}
	return false
}

// httpWithoutTimeout reports whether op is an HTTP call without a context
// on a client known to have no timeout, and names the client.
func (c *checker) httpWithoutTimeout(call ssa.CallInstruction, op *model.Blocking) (bool, string) {
	if op.Cancellable {
		return false, ""
	}
	if entry, ok := knowledge.LookupName(op.Op); ok && entry.DefaultClient {
		return true, "http.DefaultClient"
	}
	if !op.Entry.OnClient {
		return false, ""
	}
	callee := c.m.Callee(call)
	if len(callee.Args) == 0 {
		return false, ""
	}
	client := "the client"
	if recv := c.m.Src.Receiver(call.Pos()); recv != nil {
		client = ssax.Spell(recv)
	}
	if c.clientWithoutTimeout(callee.Args[0]) {
		return true, client
	}
	return false, ""
}

// clientWithoutTimeout reports whether the *http.Client v certainly has no
// timeout: it is http.DefaultClient, an &http.Client{} without Timeout
// made here, or a field every assignment of which in the package is such
// a client.
func (c *checker) clientWithoutTimeout(v ssa.Value) bool {
	timeout, known := c.clientTimeout(v)
	return known && !timeout
}

// clientTimeout reports whether the *http.Client v has a timeout, when
// that is known.
func (c *checker) clientTimeout(v ssa.Value) (timeout, known bool) {
	switch x := v.(type) {
	case *ssa.UnOp:
		if g, ok := x.X.(*ssa.Global); ok {
			if g.Pkg != nil && knowledge.IsClientWithoutTimeout(g.Pkg.Pkg.Path(), g.Name()) {
				return false, true
			}
			return false, false
		}
		if fa, ok := x.X.(*ssa.FieldAddr); ok {
			return c.fieldTimeout(fa)
		}
	case *ssa.Alloc:
		return setsTimeout(x), true
	}
	return false, false
}

// setsTimeout reports whether the http.Client allocated by a has its
// Timeout field set.
func setsTimeout(a *ssa.Alloc) bool {
	for _, ref := range *a.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr != a {
				continue // the client itself stored somewhere
			}
			if k, ok := ref.Val.(*ssa.Const); !ok || !k.IsNil() && k.Value != nil {
				return true // the whole struct is assigned
			}
		case *ssa.FieldAddr:
			st := ref.X.Type().(*types.Pointer).Elem().Underlying().(*types.Struct)
			if st.Field(ref.Field).Name() != "Timeout" {
				continue
			}
			for _, r := range *ref.Referrers() {
				if _, ok := r.(*ssa.Store); ok {
					return true
				}
			}
		}
	}
	return false
}

// fieldTimeout reports whether the clients the package stores into the
// field fa selects (identified by owner type and name) have a timeout,
// when all of them are known and agree.
func (c *checker) fieldTimeout(fa *ssa.FieldAddr) (timeout, known bool) {
	want, _ := ssax.PathOf(fa)
	key := want.TypeKey()
	if key == "" {
		return false, false
	}
	stores, with := 0, 0
	for _, fn := range c.m.Funcs {
		for instr := range ssax.Instrs(fn) {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			p, _ := ssax.PathOf(st.Addr)
			if p.TypeKey() != key {
				continue
			}
			t, k := c.clientTimeout(st.Val)
			if !k {
				return false, false
			}
			stores++
			if t {
				with++
			}
		}
	}
	if stores == 0 || (with > 0 && with < stores) {
		return false, false
	}
	return with == stores, true
}

// variantFix rewrites a context-less call into its context-aware variant
// when the variant is the same call with a context first: db.Query(q) →
// db.QueryContext(ctx, q), http.NewRequest(m, u, b) →
// http.NewRequestWithContext(ctx, m, u, b).
func (c *checker) variantFix(call ssa.CallInstruction, entry knowledge.Op, ctx string) (analysis.SuggestedFix, bool) {
	v := entry.Variant
	if !entry.VariantTakesCtxFirst || strings.ContainsAny(v, "( &{") {
		return analysis.SuggestedFix{}, false
	}
	expr := c.m.Src.Call(call.Pos())
	if expr == nil || expr.Ellipsis.IsValid() && len(expr.Args) == 0 {
		return analysis.SuggestedFix{}, false
	}
	sel, ok := ast.Unparen(expr.Fun).(*ast.SelectorExpr)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	if i := strings.Index(v, "."); i >= 0 {
		// A package-level variant ("http.NewRequestWithContext"): keep
		// the user's package name.
		id, ok := sel.X.(*ast.Ident)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		if _, isPkg := c.pass.TypesInfo.Uses[id].(*types.PkgName); !isPkg {
			return analysis.SuggestedFix{}, false
		}
		v = v[i+1:]
	}
	edits := []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(v)}}
	if len(expr.Args) == 0 {
		edits = append(edits, analysis.TextEdit{Pos: expr.Rparen, End: expr.Rparen, NewText: []byte(ctx)})
	} else {
		edits = append(edits, analysis.TextEdit{Pos: expr.Args[0].Pos(), End: expr.Args[0].Pos(), NewText: []byte(ctx + ", ")})
	}
	name := v
	if i := strings.LastIndex(v, "."); i >= 0 {
		name = v[i+1:]
	}
	return analysis.SuggestedFix{Message: "Use " + name + " with " + ctx, TextEdits: edits}, true
}

// twinSuffixes are the suffixes that name the context-aware variant of a
// function: Load and LoadContext, LoadCtx or LoadWithContext.
var twinSuffixes = []string{"Context", "Ctx", "WithContext"}

// contextTwin returns the name, as a caller spells it, of the variant of
// fn that takes a context as its first parameter (dep.LoadCtx for
// dep.Load, c.QueryContext for c.Query), or "".
func contextTwin(fn *types.Func) string {
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	sig := fn.Signature()
	for _, suf := range twinSuffixes {
		name := fn.Name() + suf
		var obj types.Object
		if recv := sig.Recv(); recv != nil {
			obj, _, _ = types.LookupFieldOrMethod(recv.Type(), true, fn.Pkg(), name)
		} else {
			obj = fn.Pkg().Scope().Lookup(name)
		}
		twin, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		if ps := twin.Signature().Params(); ps.Len() > 0 && model.IsContextType(ps.At(0).Type()) {
			if sig.Recv() != nil {
				return name
			}
			return fn.Pkg().Name() + "." + name
		}
	}
	return ""
}

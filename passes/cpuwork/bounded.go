package cpuwork

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
)

// This file holds the reasons a goroutine per element is bounded after
// all, by what the goroutines are rather than by a limiter: long-lived
// workers, one per component; fan-out to the endpoints of a cluster; the
// receiver's own members; and goroutines that only wait.

// maxBodyDepth bounds how deep the goroutine's body is followed into
// functions of this package.
const maxBodyDepth = 2

// longLived reports whether the goroutine serves for as long as its
// component lives: it loops until stopped (for {}, for s.running() {}) or
// ranges over a channel, directly or in a function of this package it
// calls, or it is handed a stop channel (a chan struct{}). One such goroutine per element is a
// worker per partition, shard or informer: their number is the number of
// components, fixed by the program's structure, not by a request.
func (c *checker) longLived(s spawnSite) bool {
	if c.passesStopChan(s) {
		return true
	}
	return c.servesLoop(s.body, 0)
}

// passesStopChan reports whether the goroutine is given a chan struct{}
// (as an argument of the go call, or of a call in a function literal's
// body).
func (c *checker) passesStopChan(s spawnSite) bool {
	var call *ast.CallExpr
	if len(s.path) > 0 {
		switch n := s.path[len(s.path)-1].(type) {
		case *ast.GoStmt:
			call = n.Call
		case *ast.CallExpr:
			call = n
		}
	}
	check := func(args []ast.Expr) bool {
		for _, a := range args {
			if c.isSignalChan(a) {
				return true
			}
		}
		return false
	}
	if call != nil && s.kind == spawnGo && check(call.Args) {
		return true
	}
	if s.body == nil {
		return false
	}
	found := false
	for _, st := range s.body.List {
		inspectStmt(st, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && check(call.Args) {
				found = true
			}
			return !found
		})
	}
	return found
}

// isSignalChan reports whether e is a channel of struct{}.
func (c *checker) isSignalChan(e ast.Expr) bool {
	t := c.info.TypeOf(e)
	if t == nil {
		return false
	}
	ct, ok := t.Underlying().(*types.Chan)
	if !ok {
		return false
	}
	st, ok := ct.Elem().Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}

// servesLoop reports whether body loops without end (a for without a
// condition, or with the condition true) or ranges over a channel, itself
// or in a function of this package that one of its top-level statements
// calls.
func (c *checker) servesLoop(body *ast.BlockStmt, depth int) bool {
	if body == nil || depth > maxBodyDepth {
		return false
	}
	found := false
	inspectStmt(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt:
			// for {}, for true {}, and loops until a condition that is
			// neither a counter nor an iterator (for s.running() {}).
			if n.Cond == nil || c.isConstTrue(n.Cond) {
				found = true
			} else if _, iter := iteratorCond(n.Cond); n.Post == nil && !iter {
				found = true
			}
		case *ast.RangeStmt:
			if t := c.info.TypeOf(n.X); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					found = true
				}
			}
		}
		return !found
	})
	if found {
		return true
	}
	for _, st := range body.List {
		var calls []*ast.CallExpr
		inspectStmt(st, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				calls = append(calls, call)
			}
			return true
		})
		for _, call := range calls {
			if fn := c.calleeOf(call); fn != nil {
				if d := c.decls[fn.Origin()]; d != nil && c.servesLoop(d.Body, depth+1) {
					return true
				}
			}
		}
	}
	return false
}

func (c *checker) isConstTrue(e ast.Expr) bool {
	tv, ok := c.info.Types[e]
	return ok && tv.Value != nil && tv.Value.String() == "true"
}

// onlyWaits reports whether a goroutine body does nothing but wait on
// channels and signal: selects, receives, sends, close, context and
// WaitGroup methods. Such a goroutine turns a wait into a message; it
// costs a stack, not CPU, and calls nothing downstream.
func (c *checker) onlyWaits(body *ast.BlockStmt) bool {
	if body == nil {
		return false
	}
	waits, other := false, false
	inspectStmt(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectStmt:
			waits = true
		case *ast.UnaryExpr:
			waits = waits || n.Op == token.ARROW
		case *ast.GoStmt:
			return false // starts another goroutine; judged on its own
		case *ast.CallExpr:
			if !c.signalling(n) {
				other = true
			}
		}
		return !other
	})
	return waits && !other
}

// signalling reports whether call only signals or inspects a signal: a
// built-in, a method of a context or of a sync type, or a Done or Err
// method.
func (c *checker) signalling(call *ast.CallExpr) bool {
	if tv, ok := c.info.Types[call.Fun]; ok && tv.IsType() {
		return true // a conversion
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, ok := c.info.Uses[id].(*types.Builtin); ok {
			return true
		}
	}
	fn := c.calleeOf(call)
	if fn == nil {
		return false
	}
	switch fn.Name() {
	case "Done", "Err":
		return true
	}
	if fn.Pkg() != nil && (fn.Pkg().Path() == "sync" || fn.Pkg().Path() == "context") {
		return true
	}
	return false
}

// endpointFanout reports whether the goroutine is handed a value of this
// iteration that is an endpoint (a connection, a broker, a cluster node):
// fan-out to every endpoint of a cluster is bounded by the cluster's size.
// The value must be one the iteration already has (a range variable or a
// value the loop body computes before the spawn), passed to the goroutine
// or captured by it.
func (c *checker) endpointFanout(l ast.Stmt, below []ast.Node, s spawnSite) bool {
	perIter := c.iterationValues(l, below)
	if len(perIter) == 0 {
		return false
	}
	var exprs []ast.Node
	if len(s.path) > 0 {
		switch n := s.path[len(s.path)-1].(type) {
		case *ast.GoStmt:
			exprs = append(exprs, n.Call)
		case *ast.CallExpr:
			exprs = append(exprs, n)
		}
	}
	// An operand built from a value of the iteration (b, nodes[i],
	// n.Client) whose type is an endpoint.
	found := false
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
				x := n.(ast.Expr)
				if t := c.info.TypeOf(x); t != nil && c.mentions(x, perIter) && c.isEndpoint(t) {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// mentions reports whether e uses one of the variables in objs.
func (c *checker) mentions(e ast.Expr, objs map[types.Object]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && objs[c.info.Uses[id]] {
			found = true
		}
		return !found
	})
	return found
}

// iterationValues returns the variables that differ from one iteration of
// l to the next: its range variables and those the body defines before the
// spawn site.
func (c *checker) iterationValues(l ast.Stmt, below []ast.Node) map[types.Object]bool {
	out := make(map[types.Object]bool)
	def := func(e ast.Expr) {
		if id, ok := e.(*ast.Ident); ok {
			if obj := c.info.Defs[id]; obj != nil {
				out[obj] = true
			}
		}
	}
	if r, ok := l.(*ast.RangeStmt); ok {
		if r.Key != nil {
			def(r.Key)
		}
		if r.Value != nil {
			def(r.Value)
		}
	}
	for _, st := range precedingStmts(below) {
		switch st := st.(type) {
		case *ast.AssignStmt:
			for _, lhs := range st.Lhs {
				def(lhs)
			}
		case *ast.DeclStmt:
			if gd, ok := st.Decl.(*ast.GenDecl); ok {
				for _, spec := range gd.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok {
						for _, name := range vs.Names {
							def(name)
						}
					}
				}
			}
		}
	}
	return out
}

// isEndpoint reports whether values of type t are network endpoints: they
// hold a connection or a client (through fields, elements, or what the
// methods of an interface field return), or have a method that does
// network I/O by the tables or by its summary.
func (c *checker) isEndpoint(t types.Type) bool {
	return c.holdsConn(t, 0) || c.hasNetworkMethod(t)
}

// maxHops bounds how many fields or method results holdsConn follows.
const maxHops = 5

// holdsConn reports whether a value of type t holds a connection or a
// client handle, within hops fields or interface-method results.
func (c *checker) holdsConn(t types.Type, hops int) bool {
	if knowledge.IsClientType(t) {
		return true
	}
	if hops > maxHops {
		return false
	}
	switch u := t.(type) {
	case *types.Pointer:
		return c.holdsConn(u.Elem(), hops)
	case *types.Slice:
		return c.holdsConn(u.Elem(), hops)
	case *types.Array:
		return c.holdsConn(u.Elem(), hops)
	case *types.Map:
		return c.holdsConn(u.Elem(), hops)
	case *types.Named:
		if pkg := u.Obj().Pkg(); pkg == nil || c.isStd(pkg.Path()) {
			return false // the standard library's handles are in the table
		}
	default:
		return false
	}
	key := types.TypeString(t, nil)
	if v, ok := c.endpoints[key]; ok {
		return v
	}
	c.endpoints[key] = false // cycles
	v := false
	switch under := t.Underlying().(type) {
	case *types.Struct:
		for i := 0; i < under.NumFields() && !v; i++ {
			v = c.holdsConn(under.Field(i).Type(), hops+1)
		}
		// A connection kept where its type is erased (an atomic.Value)
		// still shows in an accessor: func (c *Conn) NetConn() net.Conn.
		ms := c.msets.MethodSet(types.NewPointer(t))
		for i := 0; i < ms.Len() && !v; i++ {
			sig, ok := ms.At(i).Type().(*types.Signature)
			if !ok || sig.Params().Len() != 0 {
				continue
			}
			for j := 0; j < sig.Results().Len() && !v; j++ {
				v = knowledge.IsClientType(sig.Results().At(j).Type())
			}
		}
	case *types.Interface:
		for i := 0; i < under.NumMethods() && !v; i++ {
			res := under.Method(i).Signature().Results()
			for j := 0; j < res.Len() && !v; j++ {
				v = c.holdsConn(res.At(j).Type(), hops+1)
			}
		}
	default:
		v = c.holdsConn(under, hops)
	}
	c.endpoints[key] = v
	return v
}

// isStd reports whether an import path is a standard-library package.
func (c *checker) isStd(path string) bool {
	if v, ok := c.std[path]; ok {
		return v
	}
	first, _, _ := strings.Cut(path, "/")
	v := false
	if !strings.Contains(first, ".") {
		p, err := build.Default.Import(path, "", build.FindOnly)
		v = err == nil && p.Goroot
	}
	c.std[path] = v
	return v
}

// maxMethods bounds how many methods of a type are inspected.
const maxMethods = 2000

func (c *checker) hasNetworkMethod(t types.Type) bool {
	if knowledge.IsNetworkType(t) {
		return true
	}
	if _, isPtr := t.(*types.Pointer); !isPtr && !types.IsInterface(t) {
		if _, named := t.(*types.Named); named {
			t = types.NewPointer(t)
		}
	}
	ms := c.msets.MethodSet(t)
	for i := 0; i < ms.Len() && i < maxMethods; i++ {
		fn, ok := ms.At(i).Obj().(*types.Func)
		if !ok {
			continue
		}
		if op, ok := knowledge.Lookup(fn); ok && op.Kind == knowledge.Network && !op.RequestIO {
			return true
		}
		if types.IsInterface(t) {
			continue
		}
		s := c.summaryOf(fn)
		if s.Blocking(func(w model.Witness) bool { return w.Kind == knowledge.Network && !w.RequestIO }) != nil {
			return true
		}
	}
	return false
}

func deref(t types.Type) types.Type {
	if p, ok := t.(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// ownMembers reports whether the loop ranges over the receiver's own
// state (s.nodes, c.Endpoints(), f.informers): fan-out over the members of
// an object is bounded by how the object was built and configured, not by
// a caller's request, which arrives through parameters.
func (c *checker) ownMembers(d ast.Decl, l ast.Stmt) bool {
	fd, ok := d.(*ast.FuncDecl)
	if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 || len(fd.Recv.List[0].Names) == 0 {
		return false
	}
	recv := c.info.Defs[fd.Recv.List[0].Names[0]]
	if recv == nil {
		return false
	}
	var x ast.Expr
	switch l := l.(type) {
	case *ast.RangeStmt:
		x = l.X
	case *ast.ForStmt:
		bound, ok := c.counterBound(l)
		if !ok {
			return false
		}
		x = bound
	}
	return c.rootedAt(d, x, recv, 0)
}

// rootedAt reports whether e is computed from obj alone: a field of it, a
// call of its methods, an element of those, or a local holding one.
func (c *checker) rootedAt(d ast.Decl, e ast.Expr, obj types.Object, depth int) bool {
	if depth > maxFollow || e == nil {
		return false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		o := c.info.Uses[e]
		if o == obj {
			return true
		}
		if v, ok := o.(*types.Var); ok && !v.IsField() && v.Parent() != v.Pkg().Scope() {
			return c.rootedAt(d, c.singleDef(d, v), obj, depth+1)
		}
	case *ast.SelectorExpr:
		return c.rootedAt(d, e.X, obj, depth+1)
	case *ast.CallExpr:
		if isBuiltin(c.info, e, "len") && len(e.Args) == 1 {
			return c.rootedAt(d, e.Args[0], obj, depth+1)
		}
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && c.info.Selections[sel] != nil {
			return c.rootedAt(d, sel.X, obj, depth+1)
		}
	case *ast.IndexExpr:
		return c.rootedAt(d, e.X, obj, depth+1)
	case *ast.SliceExpr:
		return c.rootedAt(d, e.X, obj, depth+1)
	case *ast.StarExpr:
		return c.rootedAt(d, e.X, obj, depth+1)
	}
	return false
}

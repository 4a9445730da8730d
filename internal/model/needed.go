package model

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/knowledge"
)

// Building SSA is most of what the model costs, and in a large package
// most functions have nothing concurrent in them: generated marshalling
// code, getters, formatting, test assertions. Their summaries would be
// empty and no pass reports in them. neededDecls finds, from syntax and
// types alone, the function declarations whose SSA can matter, so that
// build gives the others to the SSA builder without their bodies.
//
// A function is concurrent when its body (closures included) has a
// goroutine, a channel, a select, a value of a type the passes or tables
// know (a mutex, a context, a connection, an HTTP client), a call of a
// function value or of an interface method of this package, or a call to
// another package that a table describes or that carries a summary fact.
// Every function that refers to a concurrent one, by calling it or taking
// it as a value, is concurrent too: its summary may be non-empty.
//
// A function can also matter without being concurrent: one that may never
// return (it panics, exits, calls t.Fatal, or loops without a condition)
// tells its callers so through its summary. Such functions are built when
// a built function refers to them, and when they are exported (their fact
// is for other packages). What a built function refers to is built too, so
// that every summary a built function reads is the one it always had.

// concurrentStd lists the standard packages whose functions and types the
// model and the passes recognise by name beyond the tables (sync.Cond,
// context.WithCancel, time.Timer, net/http.Client, os/exec.Command); any
// use of them makes a function concurrent.
var concurrentStd = map[string]bool{
	"context": true, "net": true, "os/exec": true, "os/signal": true,
	"runtime": true, "sync": true, "sync/atomic": true, "time": true,
}

// isConcurrentStd reports whether the standard package path is in
// concurrentStd or under net/.
func isConcurrentStd(path string) bool {
	return concurrentStd[path] || strings.HasPrefix(path, "net/")
}

// keepers name functions to build whatever is in them, registered at
// start-up by the finders of entry points by name (reqpath's -roots
// flags), so that such an entry point is found even when nothing on its
// path is concurrent.
var (
	keepersMu sync.Mutex
	keepers   []func(*types.Func) bool
)

// KeepFuncs registers match: the functions it accepts are always built.
// It is meant for start-up (flag registration), before analysis runs.
func KeepFuncs(match func(*types.Func) bool) {
	keepersMu.Lock()
	defer keepersMu.Unlock()
	keepers = append(keepers, match)
}

// kept reports whether a registered keeper accepts obj.
func kept(obj *types.Func) bool {
	keepersMu.Lock()
	ks := keepers
	keepersMu.Unlock()
	for _, k := range ks {
		if k(obj) {
			return true
		}
	}
	return false
}

// grpcMethods returns the methods of this package's types that implement
// a gRPC service interface (see knowledge.GRPCServices): request-path
// entry points, built whatever is in them.
func grpcMethods(pkg *types.Package) map[*types.Func]bool {
	services := knowledge.GRPCServices(pkg)
	if len(services) == 0 {
		return nil
	}
	out := make(map[*types.Func]bool)
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		ptr := types.NewPointer(tn.Type())
		for _, svc := range services {
			iface := svc.Underlying().(*types.Interface)
			if !types.Implements(ptr, iface) {
				continue
			}
			for i := 0; i < iface.NumMethods(); i++ {
				obj, _, _ := types.LookupFieldOrMethod(ptr, true, pkg, iface.Method(i).Name())
				if fn, ok := obj.(*types.Func); ok && fn.Pkg() == pkg {
					out[fn] = true
				}
			}
		}
	}
	return out
}

// declNeed is what neededDecls learns about one function declaration.
type declNeed struct {
	concurrent bool
	noReturn   bool // may never return
	exported   bool // callable from other packages, so it may need a fact
	refs       []*types.Func
	referrers  []*types.Func
}

// neededDecls returns the function declarations of the package whose SSA
// need not be built. It returns nil when every function is needed.
func (m *Model) neededDecls() (skip map[*ast.FuncDecl]bool) {
	pass := m.Pass
	s := &needScanner{pass: pass, types: make(map[types.Type]bool)}
	decls := make(map[*types.Func]*ast.FuncDecl)
	needs := make(map[*types.Func]*declNeed)
	var order []*types.Func
	// The package initialiser (variable initialisers, closures among
	// them) is always built; it is the scan of a nil function.
	initNeed := new(declNeed)
	for _, f := range pass.Files {
		testFile := strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go")
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.GenDecl:
				if decl.Tok == token.VAR {
					s.scan(decl, initNeed)
				}
			case *ast.FuncDecl:
				obj, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func)
				if !ok || decl.Body == nil {
					continue
				}
				n := &declNeed{exported: obj.Exported() && !(testFile && isTestEntry(decl))}
				s.scan(decl.Type, n)
				if decl.Recv != nil {
					s.scan(decl.Recv, n)
				}
				s.scan(decl.Body, n)
				decls[obj], needs[obj] = decl, n
				order = append(order, obj)
			}
		}
	}

	// Concurrency spreads from callees to the functions that refer to
	// them.
	var work []*types.Func
	for _, obj := range order {
		for _, r := range needs[obj].refs {
			if rn := needs[r]; rn != nil {
				rn.referrers = append(rn.referrers, obj)
			}
		}
		if needs[obj].concurrent {
			work = append(work, obj)
		}
	}
	for len(work) > 0 {
		obj := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range needs[obj].referrers {
			if n := needs[r]; !n.concurrent {
				n.concurrent = true
				work = append(work, r)
			}
		}
	}

	// Built: the concurrent functions, the exported ones that may not
	// return, the initialiser's references, and everything they refer
	// to.
	built := make(map[*types.Func]bool)
	var visit func(obj *types.Func)
	visit = func(obj *types.Func) {
		n := needs[obj]
		if n == nil || built[obj] {
			return
		}
		built[obj] = true
		for _, r := range n.refs {
			visit(r)
		}
	}
	for _, r := range initNeed.refs {
		visit(r)
	}
	entries := grpcMethods(pass.Pkg)
	for _, obj := range order {
		if n := needs[obj]; n.concurrent || n.noReturn && n.exported || entries[obj] || kept(obj) {
			visit(obj)
		}
	}
	for _, obj := range order {
		if !built[obj] {
			if skip == nil {
				skip = make(map[*ast.FuncDecl]bool)
			}
			skip[decls[obj]] = true
		}
	}
	return skip
}

// isTestEntry reports whether decl is a test, benchmark, fuzz target or
// example, which only the test binary calls.
func isTestEntry(decl *ast.FuncDecl) bool {
	if decl.Recv != nil {
		return false
	}
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if strings.HasPrefix(decl.Name.Name, prefix) {
			return true
		}
	}
	return false
}

// needScanner classifies the syntax of functions for neededDecls.
type needScanner struct {
	pass  *analysis.Pass
	types map[types.Type]bool // memo of concurrentType
}

// scan records in n what node's syntax does.
func (s *needScanner) scan(node ast.Node, n *declNeed) {
	info := s.pass.TypesInfo
	ast.Inspect(node, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.GoStmt, *ast.SendStmt, *ast.SelectStmt, *ast.ChanType:
			n.concurrent = true
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				n.concurrent = true
			}
		case *ast.ForStmt:
			if x.Cond == nil {
				n.noReturn = true
			}
		case *ast.BranchStmt:
			if x.Tok == token.GOTO {
				n.noReturn = true
			}
		case *ast.Ident:
			switch obj := info.Uses[x].(type) {
			case *types.Func:
				if obj.Pkg() == s.pass.Pkg {
					if isInterfaceMethod(obj) {
						n.concurrent = true // dispatched to this package's implementations
					} else {
						n.refs = append(n.refs, obj.Origin())
					}
				}
			case *types.Var:
				if s.concurrentType(obj.Type()) {
					n.concurrent = true
				}
			}
			if obj, ok := info.Defs[x].(*types.Var); ok && s.concurrentType(obj.Type()) {
				n.concurrent = true
			}
		case *ast.CompositeLit:
			if s.concurrentType(info.TypeOf(x)) {
				n.concurrent = true
			}
		case *ast.CallExpr:
			s.call(x, n)
		}
		return true
	})
}

// call classifies a call expression.
func (s *needScanner) call(call *ast.CallExpr, n *declNeed) {
	info := s.pass.TypesInfo
	if s.concurrentType(info.TypeOf(call)) {
		n.concurrent = true
		return
	}
	if tv, ok := info.Types[ast.Unparen(call.Fun)]; ok && tv.IsType() {
		return // a conversion
	}
	switch callee := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		switch callee.Name() {
		case "panic":
			n.noReturn = true
		case "close":
			n.concurrent = true
		}
	case *types.Func:
		s.funcCall(callee, n)
	case nil:
		if _, lit := ast.Unparen(call.Fun).(*ast.FuncLit); !lit {
			n.concurrent = true // a call of a function value
		}
	default:
		n.concurrent = true // a call of a function value
	}
}

// funcCall classifies a call of a function or method.
func (s *needScanner) funcCall(fn *types.Func, n *declNeed) {
	pkg := fn.Pkg()
	switch {
	case pkg == nil || pkg == s.pass.Pkg:
		// error.Error, or a function of this package (a reference,
		// recorded with its identifier).
	case knowledge.NoReturn(fn):
		n.noReturn = true
	case knowledge.Mentions(fn), isStdPath(pkg.Path()) && isConcurrentStd(pkg.Path()):
		n.concurrent = true
	default:
		// A summary fact, from a package outside the standard
		// library (whose path may still look like a standard one, as
		// module paths without a dot do).
		var f FuncFact
		if s.pass.ImportObjectFact != nil && s.pass.ImportObjectFact(fn.Origin(), &f) {
			n.concurrent = true
		}
	}
}

// concurrentType reports whether values of type t make a function
// concurrent: channels, and types of concurrentStd packages or of the
// tables, directly or as the elements of pointers, slices, arrays and
// maps.
func (s *needScanner) concurrentType(t types.Type) bool {
	if t == nil {
		return false
	}
	if v, ok := s.types[t]; ok {
		return v
	}
	v := false
	switch x := types.Unalias(t).(type) {
	case *types.Chan:
		v = true
	case *types.Pointer:
		v = s.concurrentType(x.Elem())
	case *types.Slice:
		v = s.concurrentType(x.Elem())
	case *types.Array:
		v = s.concurrentType(x.Elem())
	case *types.Map:
		v = s.concurrentType(x.Key()) || s.concurrentType(x.Elem())
	case *types.Named:
		if pkg := x.Obj().Pkg(); pkg != nil && isStdPath(pkg.Path()) && isConcurrentStd(pkg.Path()) {
			v = true
		} else if knowledge.MentionsType(x) {
			v = true
		} else if _, isChan := x.Underlying().(*types.Chan); isChan {
			v = true
		}
	}
	s.types[t] = v
	return v
}

// isInterfaceMethod reports whether fn is an abstract method.
func isInterfaceMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	return recv != nil && types.IsInterface(recv.Type())
}

package model

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

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
// a gRPC service interface (see knowledge.GRPCMethods): request-path
// entry points, built whatever is in them.
func grpcMethods(pkg *types.Package) map[*types.Func]bool {
	var out map[*types.Func]bool
	for _, fn := range knowledge.GRPCMethods(pkg) {
		if out == nil {
			out = make(map[*types.Func]bool)
		}
		out[fn] = true
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
//
// What a declaration's identifiers denote is read in one pass over the
// package's Uses map, each identifier attributed to the declaration
// around it by position; the syntax walk looks only at statement and
// expression shapes. Looking every identifier up in the map instead
// cost as much as a tenth of building the SSA.
func (m *Model) neededDecls() (skip map[*ast.FuncDecl]bool) {
	pass := m.Pass
	s := &needScanner{pass: pass, types: make(map[types.Type]bool), funcs: make(map[*types.Func]funcClass)}
	decls := make(map[*types.Func]*ast.FuncDecl)
	needs := make(map[*types.Func]*declNeed)
	var order []*types.Func
	// The package initialiser (variable initialisers, closures among
	// them) is always built.
	initNeed := new(declNeed)
	var spans []span
	for _, f := range pass.Files {
		testFile := strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go")
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.GenDecl:
				if decl.Tok == token.VAR {
					s.walk(decl, initNeed)
					spans = append(spans, span{decl.Pos(), decl.End(), initNeed})
				}
			case *ast.FuncDecl:
				obj, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func)
				if !ok || decl.Body == nil {
					continue
				}
				n := &declNeed{exported: obj.Exported() && !(testFile && isTestEntry(decl))}
				sig := obj.Signature()
				if sig.Recv() != nil && s.concurrentType(sig.Recv().Type()) || s.concurrentTuple(sig.Params()) || s.concurrentTuple(sig.Results()) {
					n.concurrent = true
				}
				s.walk(decl.Body, n)
				spans = append(spans, span{decl.Pos(), decl.End(), n})
				decls[obj], needs[obj] = decl, n
				order = append(order, obj)
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return int(a.pos - b.pos) })
	for id, obj := range pass.TypesInfo.Uses {
		i, found := slices.BinarySearchFunc(spans, id.Pos(), func(sp span, p token.Pos) int {
			switch {
			case p < sp.pos:
				return 1
			case p >= sp.end:
				return -1
			}
			return 0
		})
		if found {
			s.use(obj, spans[i].need)
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

// span is the extent of a declaration.
type span struct {
	pos, end token.Pos
	need     *declNeed
}

// funcClass is what calling a function of another package can do to its
// caller's summary.
type funcClass uint8

const (
	pureFunc funcClass = iota + 1
	noReturnFunc
	concurrentFunc
)

// needScanner classifies the syntax of functions for neededDecls.
type needScanner struct {
	pass  *analysis.Pass
	types map[types.Type]bool       // memo of concurrentType
	funcs map[*types.Func]funcClass // memo of classify
}

// walk records in n what the shapes of node's statements and
// expressions say: goroutines, channel operations, selects, loops without
// a condition (which may never end), and calls of function values that
// are not named by an identifier.
func (s *needScanner) walk(node ast.Node, n *declNeed) {
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
		case *ast.CallExpr:
			switch fun := ast.Unparen(x.Fun).(type) {
			case *ast.Ident, *ast.SelectorExpr, *ast.FuncLit, *ast.ArrayType,
				*ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType,
				*ast.StructType, *ast.StarExpr:
				// A named function, method, builtin, variable or
				// type (see use), a literal called in place, or a
				// conversion.
			case *ast.IndexExpr, *ast.IndexListExpr:
				// An instantiation f[T](...), or an element of a
				// slice or map of functions.
				if tv, ok := s.pass.TypesInfo.Types[fun]; !ok || !tv.IsType() && !isInstance(s.pass.TypesInfo, fun) {
					n.concurrent = true
				}
			default:
				n.concurrent = true // f()(), a call of a computed function
			}
		}
		return true
	})
}

// isInstance reports whether fun, an index expression, instantiates a
// generic function.
func isInstance(info *types.Info, fun ast.Expr) bool {
	var x ast.Expr
	switch fun := fun.(type) {
	case *ast.IndexExpr:
		x = fun.X
	case *ast.IndexListExpr:
		x = fun.X
	}
	var id *ast.Ident
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	}
	if id == nil {
		return false
	}
	_, ok := info.Instances[id]
	return ok
}

// use records in n what an identifier's object says: a reference to a
// function of this package, a call or reference to another package's
// function, a variable or type that is concurrent, a variable of function
// type (a callback), a panic or close.
func (s *needScanner) use(obj types.Object, n *declNeed) {
	switch obj := obj.(type) {
	case *types.Func:
		if obj.Pkg() == s.pass.Pkg {
			if isInterfaceMethod(obj) {
				n.concurrent = true // dispatched to this package's implementations
			} else {
				n.refs = append(n.refs, obj.Origin())
			}
			return
		}
		switch s.classify(obj) {
		case noReturnFunc:
			n.noReturn = true
		case concurrentFunc:
			n.concurrent = true
		}
	case *types.Var:
		if _, isFunc := obj.Type().Underlying().(*types.Signature); isFunc || s.concurrentType(obj.Type()) {
			n.concurrent = true
		}
	case *types.TypeName:
		if s.concurrentType(obj.Type()) {
			n.concurrent = true
		}
	case *types.Builtin:
		switch obj.Name() {
		case "panic":
			n.noReturn = true
		case "close":
			n.concurrent = true
		}
	}
}

// classify says what a call of fn, a function of another package, can do.
func (s *needScanner) classify(fn *types.Func) funcClass {
	if c, ok := s.funcs[fn]; ok {
		return c
	}
	c := pureFunc
	pkg := fn.Pkg()
	sig := fn.Signature()
	switch {
	case pkg == nil:
		// error.Error
	case knowledge.NoReturn(fn):
		c = noReturnFunc
	case knowledge.Mentions(fn), isStdPath(pkg.Path()) && knowledge.IsConcurrentStd(pkg.Path()),
		s.concurrentTuple(sig.Results()):
		c = concurrentFunc
	default:
		// A summary fact, from a package outside the standard
		// library (whose path may still look like a standard one, as
		// module paths without a dot do).
		var f FuncFact
		if s.pass.ImportObjectFact != nil && s.pass.ImportObjectFact(fn.Origin(), &f) {
			c = concurrentFunc
		}
	}
	s.funcs[fn] = c
	return c
}

// concurrentTuple reports whether a parameter or result list has a
// concurrent type.
func (s *needScanner) concurrentTuple(t *types.Tuple) bool {
	for i := range t.Len() {
		if s.concurrentType(t.At(i).Type()) {
			return true
		}
	}
	return false
}

// concurrentType reports whether values of type t make a function
// concurrent: channels, and types of the concurrent standard packages
// (knowledge.IsConcurrentStd) or of the tables, directly or as the
// elements of pointers, slices, arrays and maps.
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
		if pkg := x.Obj().Pkg(); pkg != nil && isStdPath(pkg.Path()) && knowledge.IsConcurrentStd(pkg.Path()) {
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

package model

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/knowledge"
)

// Many packages have nothing concurrent in them: generated API types and
// their builders, pure helpers. Building their SSA is most of what
// analysing them costs, and its result would be empty summaries (which are
// not exported) and no findings. inert recognises such a package from its
// syntax and types before building anything: no goroutine, no channel, no
// panic (a function that always panics is a fact its callers need), no call
// of a function value (a callback summary), and every call to another
// package goes to a pure standard package or to a function with no
// summary fact. A package that fails any test is analysed as usual.

// inert reports whether the package can be skipped.
func inert(pass *analysis.Pass) bool {
	info := pass.TypesInfo
	ok := true
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if !ok {
				return false
			}
			switch n := n.(type) {
			case *ast.GoStmt, *ast.SendStmt, *ast.SelectStmt, *ast.ChanType:
				ok = false
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					ok = false
				}
			case *ast.RangeStmt:
				if t, isChan := info.TypeOf(n.X).(*types.Chan); isChan && t != nil {
					ok = false
				}
			case *ast.CallExpr:
				ok = pureCall(pass, n)
			}
			return ok
		})
		if !ok {
			return false
		}
	}
	return true
}

// pureCall reports whether a call cannot make its caller's summary
// non-empty.
func pureCall(pass *analysis.Pass, call *ast.CallExpr) bool {
	info := pass.TypesInfo
	fun := ast.Unparen(call.Fun)
	if tv, ok := info.Types[fun]; ok && tv.IsType() {
		return true // a conversion
	}
	var obj types.Object
	switch f := fun.(type) {
	case *ast.Ident:
		obj = info.Uses[f]
	case *ast.SelectorExpr:
		obj = info.Uses[f.Sel]
	case *ast.IndexExpr: // an instantiation f[T](...)
		if id, ok := ast.Unparen(f.X).(*ast.Ident); ok {
			obj = info.Uses[id]
		} else if sel, ok := ast.Unparen(f.X).(*ast.SelectorExpr); ok {
			obj = info.Uses[sel.Sel]
		}
	}
	switch obj := obj.(type) {
	case *types.Builtin:
		return obj.Name() != "panic" && obj.Name() != "close"
	case *types.Func:
		pkg := obj.Pkg()
		if pkg == nil || pkg == pass.Pkg {
			return true // its body is in these files
		}
		if knowledge.IsPureStd(pkg.Path()) {
			return true
		}
		if isStdPath(pkg.Path()) {
			return false
		}
		var f FuncFact
		return !pass.ImportObjectFact(obj.Origin(), &f)
	}
	return false // a function value: a callback, or unknown
}

// isStdPath reports whether an import path belongs to the standard library
// (no dot in its first element).
func isStdPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

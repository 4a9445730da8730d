package analysisutil

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// IsGenerated reports whether f, a file of a package under analysis, is
// generated code, whose findings are dropped by default.
//
// A file that imports "C" reaches the passes as cmd/cgo's copy of it,
// which carries cmd/cgo's "Code generated ... DO NOT EDIT." header and
// //line directives pointing back at the user's file: it is the user's code
// all the same, and it is generated only when the user's file is.
func IsGenerated(fset *token.FileSet, f *ast.File) bool {
	if !ast.IsGenerated(f) {
		return false
	}
	orig, ok := CgoOriginal(fset, f)
	if !ok {
		return true
	}
	of, err := parser.ParseFile(token.NewFileSet(), orig, nil, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil {
		return true
	}
	return ast.IsGenerated(of)
}

// CgoOriginal returns the name of the user's file of which f is a copy made
// by cmd/cgo, as its //line directives say; ok is false when f is not such
// a copy.
func CgoOriginal(fset *token.FileSet, f *ast.File) (name string, ok bool) {
	tf := fset.File(f.Package)
	if tf == nil {
		return "", false
	}
	adjusted := fset.Position(f.Package).Filename
	if adjusted == "" || adjusted == tf.Name() {
		return "", false
	}
	return adjusted, true
}

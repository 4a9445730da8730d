// Package drivertest provides small analyzers for testing the driver
// without depending on the real passes: badcall reports calls of a function
// named bad (with a category, related information and a fix), and panics
// on a call of a function named panicky; second reports functions named
// Second, and those named by the -shared.roots flag of an analyzer it
// requires (as the passes share the request paths of reqpath).
package drivertest

import (
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// BadCall reports calls of the function named by its -name flag.
var BadCall = &analysis.Analyzer{
	Name: "badcall",
	Doc: `badcall: report calls of functions named bad

Calls of bad are bad. Categories:

  - bad-call: a call of bad.`,
	URL: "https://github.com/concurlint/concurlint#badcall",
	Run: runBadCall,
}

var name = "bad"

func init() {
	BadCall.Flags.StringVar(&name, "name", name, "the `name` of the function whose calls are reported")
}

func runBadCall(pass *analysis.Pass) (any, error) {
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok {
				return true
			}
			switch id.Name {
			case "panicky":
				panic("badcall: cannot cope with panicky")
			case name:
				d := analysis.Diagnostic{
					Pos: call.Pos(), End: call.End(), Category: "bad-call",
					Message: "call of " + name,
					SuggestedFixes: []analysis.SuggestedFix{{
						Message:   "Call good instead",
						TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte("good")}},
					}},
				}
				if obj := pass.TypesInfo.Uses[id]; obj != nil && obj.Pos().IsValid() {
					d.Message += fmt.Sprintf(" (declared at %s)", short(pass.Fset, obj.Pos()))
					d.Related = []analysis.RelatedInformation{{Pos: obj.Pos(), Message: name + " declared here"}}
				}
				pass.Report(d)
			}
			return true
		})
	}
	return nil, nil
}

func short(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// Shared is required by second and is not a pass of the suite; its flag
// -shared.roots (comma-separated function names) has the name of the
// configuration file's roots key, so that the file reaches it too.
var Shared = &analysis.Analyzer{
	Name:       "shared",
	Doc:        "shared: name more functions for second to report",
	ResultType: reflect.TypeFor[[]string](),
	Run: func(*analysis.Pass) (any, error) {
		if sharedRoots == "" {
			return []string(nil), nil
		}
		return strings.Split(sharedRoots, ","), nil
	},
}

var sharedRoots string

func init() {
	Shared.Flags.StringVar(&sharedRoots, "roots", "", "more function `names` for second to report")
}

// Second reports functions named Second, or named by -shared.roots.
var Second = &analysis.Analyzer{
	Name:     "second",
	Doc:      "second: report functions named Second",
	Requires: []*analysis.Analyzer{Shared},
	Run: func(pass *analysis.Pass) (any, error) {
		more := pass.ResultOf[Shared].([]string)
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && (fd.Name.Name == "Second" || slices.Contains(more, fd.Name.Name)) {
					pass.Reportf(fd.Name.Pos(), "function named %s", fd.Name.Name)
				}
			}
		}
		return nil, nil
	},
}

// Suite is the test suite.
var Suite = []*analysis.Analyzer{BadCall, Second}

package testutil

import (
	"fmt"
	"go/ast"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/passdoc"
)

var probeCategories = passdoc.New("catprobe")

func init() {
	probeCategories.Add("known-cat", passdoc.Warning, "a call of known_cat")
	probeCategories.Add("other-cat", passdoc.Warning, "a call of other_cat")
}

// probe reports every call of a function, with the function's name (with
// dashes for underscores) as the category.
var probe = &analysis.Analyzer{
	Name: "catprobe",
	Doc:  "catprobe: report calls with a category named by the callee",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok {
						pass.Report(analysis.Diagnostic{Pos: call.Pos(), Category: strings.ReplaceAll(id.Name, "_", "-"), Message: "call of " + id.Name})
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

type recorder struct{ errs []string }

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestCheckCategories(t *testing.T) {
	results := analysistest.Run(new(recorder), TestData(), probe, "testutil/notes")
	rec := new(recorder)
	CheckCategories(rec, results)
	for _, want := range []string{
		`notes.go:12: catprobe reported category "other-cat", the note says [known-cat]`,
		`notes.go:12: the note says catprobe reports "known-cat" here, but it reports [other-cat]`,
		`notes.go:13: catprobe reported category "undeclared", which it does not declare`,
		`notes.go:17: the note says catprobe reports [known-cat] here, but it reports nothing`,
	} {
		if !slices.ContainsFunc(rec.errs, func(e string) bool { return strings.Contains(e, want) }) {
			t.Errorf("no complaint %q; got:\n%s", want, strings.Join(rec.errs, "\n"))
		}
	}
	if len(rec.errs) != 4 {
		t.Errorf("want 4 complaints (lines 11 and 14 are right), got:\n%s", strings.Join(rec.errs, "\n"))
	}
}

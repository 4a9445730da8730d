package testutil

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/passdoc"
)

// Testing is the part of *testing.T that CheckCategories uses.
type Testing interface {
	Helper()
	Errorf(format string, args ...any)
}

// Run runs analysistest.Run on the shared test data and then checks the
// categories of the diagnostics (see CheckCategories).
func Run(t *testing.T, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	results := analysistest.Run(t, TestData(), a, pkgs...)
	CheckCategories(t, results)
	return results
}

// RunWithSuggestedFixes is Run with analysistest.RunWithSuggestedFixes.
func RunWithSuggestedFixes(t *testing.T, a *analysis.Analyzer, pkgs ...string) []*analysistest.Result {
	t.Helper()
	results := analysistest.RunWithSuggestedFixes(t, TestData(), a, pkgs...)
	CheckCategories(t, results)
	return results
}

// categoryNote is the note a fixture puts before a want comment to say
// which categories the diagnostics of its line carry:
//
//	b.events <- v // [send-under-lock] // want `held across send`
//
// analysistest reads a comment "//...// want ..." from its want.
var categoryNote = regexp.MustCompile(`^\[([a-z]+(?:-[a-z]+)*(?: [a-z]+(?:-[a-z]+)*)*)\]$`)

// CheckCategories checks that every diagnostic of the results carries a
// category its analyzer declares (or a shared one, package passdoc), and
// that on each line whose want comment is preceded by a category note the
// diagnostics carry exactly the categories the note lists. A note on a
// line without diagnostics is an error too, so that notes do not go stale.
func CheckCategories(t Testing, results []*analysistest.Result) {
	t.Helper()
	for _, r := range results {
		act := r.Action
		if act == nil || act.Package == nil {
			continue
		}
		name := act.Analyzer.Name
		got := make(map[string][]string) // "file:line" -> categories
		for _, d := range act.Diagnostics {
			posn := act.Package.Fset.Position(d.Pos)
			where := fmt.Sprintf("%s:%d", posn.Filename, posn.Line)
			if _, _, ok := passdoc.Find(name, d.Category); !ok {
				t.Errorf("%s: %s reported category %q, which it does not declare: %s", where, name, d.Category, d.Message)
			}
			got[where] = append(got[where], d.Category)
		}
		for _, f := range act.Package.Syntax {
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					text, ok := strings.CutPrefix(c.Text, "//")
					if !ok {
						continue
					}
					note, _, ok := strings.Cut(text, "// want")
					if !ok {
						continue
					}
					m := categoryNote.FindStringSubmatch(strings.TrimSpace(note))
					if m == nil {
						continue
					}
					posn := act.Package.Fset.Position(c.Pos())
					where := fmt.Sprintf("%s:%d", posn.Filename, posn.Line)
					want := strings.Fields(m[1])
					have := got[where]
					if len(have) == 0 {
						t.Errorf("%s: the note says %s reports %v here, but it reports nothing", where, name, want)
						continue
					}
					for _, c := range have {
						if !slices.Contains(want, c) {
							t.Errorf("%s: %s reported category %q, the note says %v", where, name, c, want)
						}
					}
					for _, w := range want {
						if !slices.Contains(have, w) {
							t.Errorf("%s: the note says %s reports %q here, but it reports %v", where, name, w, have)
						}
					}
				}
			}
		}
	}
}

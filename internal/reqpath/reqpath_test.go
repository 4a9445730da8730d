package reqpath_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/reqpath"
	"github.com/concurlint/concurlint/internal/testutil"
)

// show reports every root with its reason and every other function on a
// request path with its chain, so that fixtures can state both.
var show = &analysis.Analyzer{
	Name:     "showreqpath",
	Doc:      "showreqpath: report request-path roots and reached functions, for tests",
	Requires: []*analysis.Analyzer{reqpath.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		paths := pass.ResultOf[reqpath.Analyzer].(*reqpath.Paths)
		for _, fn := range paths.Funcs() {
			r := paths.Reach(fn)
			if r.Root.Fn == fn {
				pass.Reportf(fn.Pos(), "root: %s", r.Root.Why)
			} else {
				pass.Reportf(fn.Pos(), "reached: %s", r.Chain())
			}
		}
		return nil, nil
	},
}

func TestRoots(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), show, "reqpath/roots", "reqpath/grpcsvc", "reqpath/routers", "reqpath/shapes", "reqpath/testsupport")
}

func TestNamedRoots(t *testing.T) {
	if err := reqpath.Analyzer.Flags.Set("roots", "named.Worker.*, example.com/x/named.Nothing,(*named.Worker).Handle,named.Process"); err != nil {
		t.Fatal(err)
	}
	defer reqpath.Analyzer.Flags.Set("roots", "")
	analysistest.Run(t, testutil.TestData(), show, "reqpath/named")
}

func TestNamesFlag(t *testing.T) {
	var n reqpath.Names
	if err := n.Set("Handle"); err == nil {
		t.Errorf("Set(%q) accepted a name without a package", "Handle")
	}
	if err := n.Set("a/b.F, (*a/b.T).M"); err != nil {
		t.Fatal(err)
	}
	if got, want := n.String(), "a/b.F,(*a/b.T).M"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

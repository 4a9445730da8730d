package reqpath_test

import (
	"strings"
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
	// Every documented shape is accepted; a mistyped one is an error,
	// not a root that silently matches nothing.
	for _, good := range []string{"p.F", "a/b.F", "example.com/x/p.T.M", "p.T.*", "(*p.T).M", "(p.T).M", "(*example.com/x/p.T).M", "example.com/x/p.T.*"} {
		if err := n.Set(good); err != nil {
			t.Errorf("Set(%q): %v", good, err)
		}
	}
	for _, bad := range []string{"(*p.T", "(*p.T.M", "p.T).M", "p.", ".F", "p..F", "p.*", "p.T*", "(*p.T).M.N", "(**p.T).M", "a//b.F", "a/.F", "p.F x", "p.*.M"} {
		if err := n.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted a mistyped root", bad)
		} else if !strings.Contains(err.Error(), "want pkg.Func, (*pkg.Type).Method, pkg.Type.Method or pkg.Type.*") {
			t.Errorf("Set(%q): %v", bad, err)
		}
	}
}

package concurlint_test

// Tests of the whole suite on the whole fixture tree: every pass, default
// flags, test files included, through both in-process engines (the x/tools
// checker and concurlint's own dependency-ordered driver). The findings
// must be the same from both, and the same as testdata/findings.golden, so
// that a change meant to make the analysis cheaper cannot change what it
// finds without the golden file changing in the same commit. Run
//
//	go test -run TestSuiteFindings -update
//
// to rewrite the golden file after an intended change of findings.

import (
	"flag"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/stream"
	"github.com/concurlint/concurlint/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite testdata/findings.golden")

const goldenFile = "testdata/findings.golden"

// fixtureConfig loads the fixture tree, a GOPATH, with its test files.
func fixtureConfig(mode packages.LoadMode) *packages.Config {
	root := testutil.TestData()
	return &packages.Config{
		Mode:  mode,
		Dir:   filepath.Join(root, "src"),
		Tests: true,
		Env:   append(os.Environ(), "GOPATH="+root, "GO111MODULE=off", "GOFLAGS=", "GOWORK=off"),
	}
}

// fixtureRoots drops the packages whose files are analysed in another
// package (p when "p [p.test]" exists) and the generated test mains, as
// the concurlint command does.
func fixtureRoots(pkgs []*packages.Package) []*packages.Package {
	variant := make(map[string]bool)
	for _, p := range pkgs {
		if p.ForTest != "" && p.PkgPath == p.ForTest {
			variant[p.PkgPath] = true
		}
	}
	var roots []*packages.Package
	for _, p := range pkgs {
		if p.ForTest == "" && variant[p.PkgPath] || strings.HasSuffix(p.ID, ".test") {
			continue
		}
		roots = append(roots, p)
	}
	return roots
}

// findingLine renders a diagnostic with its position relative to the
// fixture tree.
func findingLine(fset *token.FileSet, a *analysis.Analyzer, d analysis.Diagnostic) string {
	pos := fset.Position(d.Pos)
	name, err := filepath.Rel(filepath.Join(testutil.TestData(), "src"), pos.Filename)
	if err != nil {
		name = pos.Filename
	}
	return fmt.Sprintf("%s:%d:%d: %s/%s: %s", filepath.ToSlash(name), pos.Line, pos.Column, a.Name, d.Category, d.Message)
}

func TestSuiteFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses the whole fixture tree")
	}
	suite := concurlint.Analyzers

	// The x/tools checker, from go/packages' syntax and types.
	fromChecker := checkerFindings(t, suite)

	// concurlint's driver, which parses and type-checks by itself.
	pkgs, err := packages.Load(fixtureConfig(stream.LoadMode), "./...")
	if err != nil {
		t.Fatal(err)
	}
	var fromStream []string
	err = stream.Run(suite, fixtureRoots(pkgs), stream.Options{
		Report: func(fset *token.FileSet, r stream.Result) {
			for _, d := range r.Diagnostics {
				fromStream = append(fromStream, findingLine(fset, r.Analyzer, d))
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}

	slices.Sort(fromStream)
	if len(fromChecker) == 0 {
		t.Fatal("no findings on the fixture tree")
	}
	if !slices.Equal(fromChecker, fromStream) {
		t.Errorf("the checker and the driver disagree:\n%s", lineDiff(fromChecker, fromStream))
	}

	if *update {
		if err := os.WriteFile(goldenFile, []byte(strings.Join(fromChecker, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want := golden(t); !slices.Equal(want, fromChecker) {
		t.Errorf("findings differ from %s (-want +got):\n%s", goldenFile, lineDiff(want, fromChecker))
	}
}

// TestSuiteFindingsNoLateFactImports runs the suite as golangci-lint
// does: once an analyzer's Run has returned, its Pass can no longer
// import facts (x/tools documents such calls as forbidden, and
// golangci-lint sets ImportObjectFact to nil). The passes ask the shared
// model for callee summaries after the model's Run, so the model must
// have imported every fact they need while it ran; if it had not, a
// nil check would turn this into findings silently lost across packages.
func TestSuiteFindingsNoLateFactImports(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses the whole fixture tree")
	}
	var (
		mu   sync.Mutex
		lost []string // facts that exist but were asked for after Run
	)
	run := model.Analyzer.Run
	defer func() { model.Analyzer.Run = run }()
	model.Analyzer.Run = func(pass *analysis.Pass) (any, error) {
		res, err := run(pass)
		// After Run the import fails, as golangci-lint's nil does;
		// a fact that was there to be imported is recorded.
		imp := pass.ImportObjectFact
		pass.ImportObjectFact = func(obj types.Object, fact analysis.Fact) bool {
			if imp(obj, fact) {
				mu.Lock()
				lost = append(lost, fmt.Sprintf("%T of %s", fact, obj))
				mu.Unlock()
			}
			return false
		}
		pass.ImportPackageFact = nil
		pass.AllObjectFacts = nil
		pass.AllPackageFacts = nil
		return res, err
	}
	if want, got := golden(t), checkerFindings(t, concurlint.Analyzers); !slices.Equal(want, got) {
		t.Errorf("findings differ from %s when the model's facts cannot be imported after its Run (-want +got):\n%s", goldenFile, lineDiff(want, got))
	}
	slices.Sort(lost)
	if lost = slices.Compact(lost); len(lost) > 0 {
		t.Errorf("facts imported after the model's Run, which golangci-lint would lose; import them while it runs:\n%s", strings.Join(lost, "\n"))
	}
}

// checkerFindings runs the suite on the fixture tree with the x/tools
// checker and returns its findings, sorted: the roots' diagnostics, and
// those of the analyzers they require on the same packages (the shared
// model reports directives that name no pass), as the driver reports
// them.
func checkerFindings(t *testing.T, suite []*analysis.Analyzer) []string {
	t.Helper()
	pkgs, err := packages.Load(fixtureConfig(packages.LoadAllSyntax|packages.NeedForTest), "./...")
	if err != nil {
		t.Fatal(err)
	}
	// Facts go through gob between packages, as under go vet and in
	// analysistest: a fact's unexported fields must not reach importers.
	graph, err := checker.Analyze(suite, fixtureRoots(pkgs), &checker.Options{SanityCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	rootPkgs := make(map[*packages.Package]bool)
	for _, act := range graph.Roots {
		rootPkgs[act.Package] = true
	}
	for act := range graph.All() {
		if !rootPkgs[act.Package] {
			continue
		}
		for _, d := range act.Diagnostics {
			out = append(out, findingLine(act.Package.Fset, act.Analyzer, d))
		}
	}
	slices.Sort(out)
	return out
}

// golden returns the lines of testdata/findings.golden.
func golden(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// lineDiff lists the lines only in a (-) and only in b (+), both sorted.
func lineDiff(a, b []string) string {
	var out strings.Builder
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			fmt.Fprintf(&out, "-%s\n", a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			fmt.Fprintf(&out, "+%s\n", b[j])
			j++
		default:
			i++
			j++
		}
	}
	return out.String()
}

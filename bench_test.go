package concurlint_test

// Benchmarks of the shared model and of the whole suite on a fixed set of
// fixture packages, so that a change that makes the analysis slower or
// hungrier shows in review:
//
//	go test -run '^$' -bench . -benchmem -count 6 . > new.txt
//	benchstat old.txt new.txt
//
// Benchmarks do not run under a plain `go test ./...`.
//
// BenchmarkModel and BenchmarkSuite measure the analysis alone: the
// packages (and their dependencies, the standard library included) are
// loaded, parsed and type-checked once, outside the timer, and each
// iteration runs the analyzers afresh on them with the x/tools checker,
// facts of the fixture dependencies included. Parsing and type-checking
// the standard library would otherwise be most of the time (it is in
// BenchmarkStream) and hide a regression of the model.
//
// BenchmarkStream measures one run of concurlint's own driver
// (internal/stream) as the command does it: parse, type-check and analyse
// everything from source; only go list runs once, outside the timer.

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/stream"
)

// benchPatterns is the fixed set of fixture packages the benchmarks run
// on: the packages of each pass that use facts across packages, generics,
// closures and interfaces, the request-path fixtures with their framework
// stubs, and the model's own fixtures. Change it only together with the
// benchmark's name, so that figures before and after stay comparable.
var benchPatterns = []string{
	"blocking/basic", "blocking/crosspkg", "blocking/deepio", "blocking/named", "blocking/waits",
	"lockawait/basic", "lockawait/crosspkg", "lockawait/callbacks", "lockawait/large", "lockawait/order", "lockawait/shapes",
	"cpuwork/fanout", "cpuwork/shapes", "cpuwork/crosspkg",
	"leak/chans", "leak/crosspkg", "leak/engine", "leak/fields", "leak/futures", "leak/noanswer", "leak/cycle",
	"reqpath/routers", "reqpath/shapes", "reqpath/grpcsvc",
	"modelfacts/answers", "modelfacts/chanwaits", "modelfacts/futures",
}

// loadBench loads the benchmark packages with their tests, in mode.
func loadBench(b *testing.B, mode packages.LoadMode) []*packages.Package {
	b.Helper()
	patterns := make([]string, len(benchPatterns))
	for i, p := range benchPatterns {
		patterns[i] = "./" + p
	}
	pkgs, err := packages.Load(fixtureConfig(mode), patterns...)
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("the benchmark packages do not load")
	}
	roots := fixtureRoots(pkgs)
	if len(roots) < len(benchPatterns) {
		b.Fatalf("loaded %d packages for %d patterns", len(roots), len(benchPatterns))
	}
	return roots
}

// analyseBench runs analyzers on roots, loaded with syntax, b.N times
// with the x/tools checker. It fails if an analyzer fails, or if a run of
// the suite reports nothing at all, so that a benchmark of a broken
// analysis cannot look fast.
func analyseBench(b *testing.B, analyzers []*analysis.Analyzer, wantFindings bool) {
	roots := loadBench(b, packages.LoadAllSyntax|packages.NeedForTest)
	b.ReportAllocs()
	for b.Loop() {
		graph, err := checker.Analyze(analyzers, roots, nil)
		if err != nil {
			b.Fatal(err)
		}
		findings := 0
		for act := range graph.All() {
			if act.Err != nil {
				b.Fatalf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
			}
			findings += len(act.Diagnostics)
		}
		if wantFindings && findings == 0 {
			b.Fatal("no findings on the benchmark packages")
		}
	}
}

// BenchmarkModel measures the shared model alone (with the analyzers it
// requires) on the benchmark packages and their fixture dependencies: SSA
// for the functions that matter, summaries, locksets, answerers and facts.
func BenchmarkModel(b *testing.B) {
	analyseBench(b, []*analysis.Analyzer{model.Analyzer}, false)
}

// BenchmarkSuite measures the four passes with default flags (and the
// model they share) on the benchmark packages.
func BenchmarkSuite(b *testing.B) {
	analyseBench(b, concurlint.Analyzers, true)
}

// BenchmarkStream measures one run of the suite through concurlint's own
// driver, parsing and type-checking included, as the command runs it.
func BenchmarkStream(b *testing.B) {
	roots := loadBench(b, stream.LoadMode)
	b.ReportAllocs()
	for b.Loop() {
		findings := 0
		err := stream.Run(concurlint.Analyzers, roots, stream.Options{
			Report: func(_ *token.FileSet, r stream.Result) {
				if r.Err != nil {
					b.Errorf("%s on %s: %v", r.Analyzer.Name, r.Package.PkgPath, r.Err)
				}
				findings += len(r.Diagnostics)
			},
		})
		if err != nil {
			b.Fatal(err)
		}
		if findings == 0 {
			b.Fatal("no findings on the benchmark packages")
		}
	}
}

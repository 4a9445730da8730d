package concurlint_test

// Benchmarks of the shared model and of the whole suite on a fixed set of
// fixture packages, through concurlint's own driver (internal/stream), so
// that a change that makes the analysis slower or hungrier shows in review:
//
//	go test -run '^$' -bench . -benchmem -count 6 . > new.txt
//	benchstat old.txt new.txt
//
// Benchmarks do not run under a plain `go test ./...`. Each iteration
// parses, type-checks and analyses the packages and their fixture
// dependencies from scratch, as one run of the command does; loading the
// package graph (go list) happens once, outside the timer.

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"
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

// loadBench loads the benchmark packages' metadata, with their tests.
func loadBench(b *testing.B) []*packages.Package {
	b.Helper()
	patterns := make([]string, len(benchPatterns))
	for i, p := range benchPatterns {
		patterns[i] = "./" + p
	}
	pkgs, err := packages.Load(fixtureConfig(stream.LoadMode), patterns...)
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

// runBench runs analyzers on roots b.N times and fails if a run reports
// nothing at all or an analyzer fails, so that a benchmark of a broken
// analysis cannot look fast.
func runBench(b *testing.B, analyzers []*analysis.Analyzer, roots []*packages.Package, wantFindings bool) {
	b.ReportAllocs()
	for b.Loop() {
		findings := 0
		err := stream.Run(analyzers, roots, stream.Options{
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
		if wantFindings && findings == 0 {
			b.Fatal("no findings on the benchmark packages")
		}
	}
}

// BenchmarkModel measures the shared model alone (with the analyzers it
// requires) on the benchmark packages: SSA for the functions that matter,
// summaries, locksets, answerers and facts.
func BenchmarkModel(b *testing.B) {
	roots := loadBench(b)
	runBench(b, []*analysis.Analyzer{model.Analyzer}, roots, false)
}

// BenchmarkSuite measures the four passes with default flags on the
// benchmark packages, as `concurlint` runs them.
func BenchmarkSuite(b *testing.B) {
	roots := loadBench(b)
	runBench(b, concurlint.Analyzers, roots, true)
}

package driver

import (
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint/internal/finding"
)

// inProcess loads the packages matching patterns and runs the passes on
// them in this process.
func inProcess(passes []*analysis.Analyzer, patterns []string, o *options, env goEnv) (*results, error) {
	mode := packages.LoadSyntax | packages.NeedModule | packages.NeedForTest
	if needFacts(passes) {
		// Facts flow from dependencies, so every dependency must be
		// analysed, from source.
		mode = packages.LoadAllSyntax | packages.NeedModule | packages.NeedForTest
	}
	cfg := &packages.Config{Mode: mode, Tests: o.test}
	if o.tags != "" {
		cfg.BuildFlags = []string{"-tags=" + o.tags}
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, cleanLoadError(err)
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	roots := analysisRoots(pkgs)
	res := new(results)

	// Load and type errors, once each, in dependency order: a broken
	// package is reported, and analysed as far as its passes allow, but
	// it does not stop the analysis of the others.
	seen := make(map[string]bool)
	res.notices = cgoSkipped(roots, env, o.tags)
	packages.Visit(roots, nil, func(p *packages.Package) {
		precise := false
		for _, e := range p.Errors {
			precise = precise || e.Kind != packages.ListError
		}
		for _, e := range p.Errors {
			if precise && e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# ") {
				// The build's report of the same errors, which
				// the parser or type checker gave precisely.
				continue
			}
			msg := e.Error()
			if strings.HasSuffix(msg, noCgoMetadata) {
				if inGOROOT(msg, env) {
					continue // runtime/cgo: said for the user's package
				}
				msg += ": " + cgoCause(env)
			}
			if !seen[msg] {
				seen[msg] = true
				res.messages = append(res.messages, msg)
			}
		}
	})

	graph, err := checker.Analyze(passes, roots, nil)
	if err != nil {
		return nil, err
	}
	for _, act := range graph.Roots {
		id := act.Package.ID
		if act.Err != nil {
			msg := act.Err.Error()
			if act.Package.IllTyped && (strings.Contains(msg, "analysis skipped due to errors") || strings.HasPrefix(msg, "failed prerequisites")) {
				msg = "not analysed: the package or one of its dependencies has errors"
			}
			res.errors = append(res.errors, finding.Error{Package: id, Pass: act.Analyzer.Name, Message: msg})
		}
		for _, d := range act.Diagnostics {
			res.findings = append(res.findings, finding.FromDiagnostic(act.Package.Fset, id, act.Analyzer.Name, d))
		}
	}
	// The diagnostics of the analyzers the passes require, on the root
	// packages: the shared model reports //concurlint:ignore directives
	// that name no pass there, whichever passes run.
	isRoot := make(map[*packages.Package]bool)
	for _, p := range roots {
		isRoot[p] = true
	}
	for act := range graph.All() {
		if act.IsRoot || !isRoot[act.Package] {
			continue
		}
		for _, d := range act.Diagnostics {
			res.findings = append(res.findings, finding.FromDiagnostic(act.Package.Fset, act.Package.ID, act.Analyzer.Name, d))
		}
	}
	return res, nil
}

// inGOROOT reports whether the error message is about a file of the
// standard library.
func inGOROOT(msg string, env goEnv) bool {
	return env.GOROOT != "" && strings.HasPrefix(msg, filepath.Join(env.GOROOT, "src")+string(filepath.Separator))
}

// analysisRoots drops packages whose files are analysed elsewhere: with
// tests, go/packages returns both p and its test variant "p [p.test]",
// which has all of p's files, and the generated test main "p.test". This
// is the choice go vet makes too. But when the test variant does not
// type-check (a compile error in a _test.go file) p is kept: its own files
// are sound, and their findings must not be lost.
func analysisRoots(pkgs []*packages.Package) []*packages.Package {
	hasTestVariant := make(map[string]bool)
	for _, p := range pkgs {
		if p.ForTest != "" && p.PkgPath == p.ForTest && !p.IllTyped {
			hasTestVariant[p.PkgPath] = true
		}
	}
	var roots []*packages.Package
	for _, p := range pkgs {
		if p.ForTest == "" && hasTestVariant[p.PkgPath] {
			continue
		}
		if p.Name == "main" && strings.HasSuffix(p.ID, ".test") && p.ForTest == "" {
			continue // the generated test main
		}
		roots = append(roots, p)
	}
	return roots
}

// needFacts reports whether any of the analyzers, or any they require, uses
// facts.
func needFacts(as []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer) bool
	visit = func(as []*analysis.Analyzer) bool {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			if len(a.FactTypes) > 0 || visit(a.Requires) {
				return true
			}
		}
		return false
	}
	return visit(as)
}

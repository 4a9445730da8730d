package driver

import (
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint/internal/finding"
	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
	"github.com/concurlint/concurlint/internal/stream"
)

// inProcess loads the packages matching patterns and runs the passes on
// them in this process, in dependency order, keeping of each package only
// its types and facts once it is analysed (see package stream).
func inProcess(passes []*analysis.Analyzer, patterns []string, o *options, env goEnv) (*results, error) {
	cfg := &packages.Config{Mode: stream.LoadMode, Tests: o.test}
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

	errs := make(map[*packages.Package][]packages.Error)
	type outcome struct {
		diags []finding.Finding
		err   error
	}
	outcomes := make(map[*packages.Package]map[*analysis.Analyzer]outcome)
	opts := stream.Options{
		Errors: func(p *packages.Package, es []packages.Error) { errs[p] = es },
		// The caches of table keys and type spellings hold types of the
		// packages they were filled for; emptied after each package,
		// they keep none that the run has done with.
		AfterPackage: func() {
			knowledge.ForgetKeys()
			ssax.ForgetTypeStrings()
		},
		Report: func(fset *token.FileSet, r stream.Result) {
			o := outcome{err: r.Err}
			for _, d := range r.Diagnostics {
				o.diags = append(o.diags, finding.FromDiagnostic(fset, r.Package.ID, r.Analyzer.Name, d))
			}
			if outcomes[r.Package] == nil {
				outcomes[r.Package] = make(map[*analysis.Analyzer]outcome)
			}
			outcomes[r.Package][r.Analyzer] = o
		},
	}
	if err := stream.Run(passes, roots, opts); err != nil {
		return nil, err
	}
	// A test variant that does not type-check because of its _test.go
	// files stands for the package's own files too: analyse those without
	// their tests, so that their findings are not lost.
	if extra := withoutBrokenTests(pkgs, roots, errs); len(extra) > 0 {
		if err := stream.Run(passes, extra, opts); err != nil {
			return nil, err
		}
		roots = append(roots, extra...)
	}

	// Load and type errors, once each, in dependency order: a broken
	// package is reported, and analysed as far as its passes allow, but
	// it does not stop the analysis of the others.
	seen := make(map[string]bool)
	res.notices = cgoSkipped(roots, env, o.tags)
	packages.Visit(roots, nil, func(p *packages.Package) {
		es := p.Errors
		if got, ok := errs[p]; ok {
			es = got
		}
		precise := false
		for _, e := range es {
			precise = precise || e.Kind != packages.ListError
		}
		for _, e := range es {
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

	for _, a := range passes {
		for _, p := range roots {
			o, ok := outcomes[p][a]
			if !ok {
				continue
			}
			if o.err != nil {
				msg := o.err.Error()
				if strings.Contains(msg, "analysis skipped due to errors") || (len(errs[p]) > 0 || len(p.Errors) > 0) && strings.HasPrefix(msg, "failed prerequisites") {
					msg = "not analysed: the package or one of its dependencies has errors"
				}
				res.errors = append(res.errors, finding.Error{Package: p.ID, Pass: a.Name, Message: msg})
			}
			res.findings = append(res.findings, o.diags...)
		}
	}
	// The diagnostics of the analyzers the passes require, on the root
	// packages: the shared model reports //concurlint:ignore directives
	// that name no pass there, whichever passes run.
	for _, p := range roots {
		for a, o := range outcomes[p] {
			if !slices.Contains(passes, a) {
				res.findings = append(res.findings, o.diags...)
			}
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
// is the choice go vet makes too. (Packages are type-checked only during
// the analysis; when the test variant then turns out not to type-check,
// withoutBrokenTests brings p back.)
func analysisRoots(pkgs []*packages.Package) []*packages.Package {
	hasTestVariant := make(map[string]bool)
	for _, p := range pkgs {
		if p.ForTest != "" && p.PkgPath == p.ForTest {
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

// withoutBrokenTests returns, for each test variant among roots whose
// errors are all in its _test.go files, the package without its tests,
// which analysisRoots left out: its own files are sound, and their
// findings must not be lost to a compile error in a test. A variant with
// an error in another file is left alone: the package has it too.
func withoutBrokenTests(pkgs, roots []*packages.Package, errs map[*packages.Package][]packages.Error) []*packages.Package {
	plain := make(map[string]*packages.Package)
	for _, p := range pkgs {
		if p.ForTest == "" && !strings.HasSuffix(p.ID, ".test") {
			plain[p.PkgPath] = p
		}
	}
	var out []*packages.Package
	for _, v := range roots {
		es := errs[v]
		if v.ForTest == "" || v.PkgPath != v.ForTest || len(es) == 0 || plain[v.PkgPath] == nil {
			continue
		}
		inTests := true
		for _, e := range es {
			inTests = inTests && strings.HasSuffix(posFile(e.Pos), "_test.go")
		}
		if inTests {
			out = append(out, plain[v.PkgPath])
		}
	}
	return out
}

// posFile returns the file of a go/packages error position, "file:line:col"
// or "file:line" (the file name may itself hold colons).
func posFile(pos string) string {
	for range 2 {
		i := strings.LastIndex(pos, ":")
		if i < 0 || strings.Trim(pos[i+1:], "0123456789") != "" {
			break
		}
		pos = pos[:i]
	}
	return pos
}

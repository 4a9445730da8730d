package driver

import (
	"fmt"
	"go/token"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/analysisutil"
	"github.com/concurlint/concurlint/internal/config"
	reportpkg "github.com/concurlint/concurlint/internal/report"
)

// A policy says which passes run and which findings are kept. It is set
// once per run, before any analysis, and read by the wrapped Run functions,
// which are shared by every driver in the process.
type policy struct {
	cfg *config.Config
	// disabled passes are turned off by the configuration file. They are
	// not removed from the suite, because under go vet their flags must
	// still be declared.
	disabled map[*analysis.Analyzer]bool
}

var active atomic.Pointer[policy]

func setPolicy(p *policy) { active.Store(p) }

var (
	wrapMu  sync.Mutex
	wrapped = make(map[*analysis.Analyzer]bool)
)

// prepare wraps the Run function of every analyzer of the suite, and of
// those they require, exactly once per process, so that
//
//   - a panic that escapes a pass becomes an error of that pass on that
//     package, naming the function that panicked, instead of crashing the
//     whole run (the checker runs passes on goroutines with no recover);
//   - a pass disabled by the configuration file does nothing;
//   - diagnostics in files the configuration excludes, or in generated
//     files, are dropped as they are reported, which works the same in
//     every mode, go vet's included.
//
// The analyzers are modified in place rather than copied because the
// passes find their prerequisites' results by analyzer pointer
// (pass.ResultOf[model.Analyzer]).
func prepare(suite []*analysis.Analyzer) {
	wrapMu.Lock()
	defer wrapMu.Unlock()
	var visit func(as []*analysis.Analyzer)
	visit = func(as []*analysis.Analyzer) {
		for _, a := range as {
			if wrapped[a] {
				continue
			}
			wrapped[a] = true
			wrap(a)
			visit(a.Requires)
		}
	}
	visit(suite)
}

func wrap(a *analysis.Analyzer) {
	run := a.Run
	a.Run = func(pass *analysis.Pass) (result any, err error) {
		p := active.Load()
		if p != nil && p.disabled[a] {
			return zero(a.ResultType), nil
		}
		defer func() {
			if r := recover(); r != nil {
				result = zero(a.ResultType)
				err = panicError(a.Name, pass.Pkg.Path(), r, debug.Stack())
			}
		}()
		if p != nil && p.cfg != nil {
			report := pass.Report
			// A concurlint pass drops findings in generated files
			// itself, as its -generated flag (which the file sets)
			// says; others are filtered here.
			ownGenerated := a.Flags.Lookup(reportpkg.GeneratedFlag) != nil
			keep := newFilter(p.cfg, pass, !ownGenerated)
			pass.Report = func(d analysis.Diagnostic) {
				if keep(d.Pos) {
					report(d)
				}
			}
		}
		return run(pass)
	}
}

// zero returns the zero value of a pass's result type, which the drivers
// accept as a result.
func zero(t reflect.Type) any {
	if t == nil {
		return nil
	}
	return reflect.Zero(t).Interface()
}

// panicError describes a panic in pass on package pkg, naming the function
// in which it happened, taken from the stack.
func panicError(pass, pkg string, r any, stack []byte) error {
	where := panickingFunc(string(stack))
	if where != "" {
		where = " in " + where
	}
	return fmt.Errorf("internal error: pass %s panicked on package %s%s: %v\n%s", pass, pkg, where, r, stack)
}

// panickingFunc returns the function that called panic, from a stack trace
// taken in a deferred function: the frame after the one for panic itself.
func panickingFunc(stack string) string {
	lines := strings.Split(stack, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") && i+2 < len(lines) {
			fn := lines[i+2]
			// The panic may come from the runtime (a nil dereference,
			// an index out of range): skip its frames.
			for j := i + 2; j+2 < len(lines) && strings.HasPrefix(lines[j], "runtime."); j += 2 {
				fn = lines[j+2]
			}
			if k := strings.LastIndexByte(fn, '('); k > 0 {
				fn = fn[:k]
			}
			return fn
		}
	}
	return ""
}

// newFilter returns a function that says whether a diagnostic at pos in the
// package of pass is kept by the configuration: not in an excluded file,
// and, if generated is set, not in a generated file unless the file says
// to report those.
func newFilter(cfg *config.Config, pass *analysis.Pass, generatedToo bool) func(token.Pos) bool {
	generated := make(map[*token.File]bool)
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.FileStart); tf != nil {
			generated[tf] = analysisutil.IsGenerated(pass.Fset, f)
		}
	}
	return func(pos token.Pos) bool {
		tf := pass.Fset.File(pos)
		if tf == nil {
			return true
		}
		if generatedToo && cfg.Generated != config.GeneratedReport && generated[tf] {
			return false
		}
		return !cfg.Excluded(tf.Name())
	}
}

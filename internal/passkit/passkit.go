// Package passkit is what each of concurlint's passes is built from, so
// that a pass's files hold its rules and nothing every pass repeats.
//
// A pass declares its categories (passdoc) and its doc.go, and hands New
// the body of its Run. New makes the analyzer: its name and URL are the
// categories', it requires the shared model, and the reporter's options
// (-PASS.generated) are among its flags. Its Run fetches the model, turns
// a panic into an error naming the function being analysed, makes the
// reporter that applies //concurlint:ignore directives and finishes it,
// and skips packages the model skipped; only then does it call the body.
package passkit

import (
	"iter"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analysisutil"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/passdoc"
	"github.com/concurlint/concurlint/internal/report"
)

// A Pass is what the body of a pass's Run works with.
type Pass struct {
	*analysis.Pass
	// Model is the shared concurrency model of the package.
	Model *model.Model
	// Report reports the pass's findings through the package's
	// directives.
	Report *report.Reporter
	// Track names the function being analysed, for the error a panic
	// becomes.
	Track *analysisutil.Tracker
}

// Each yields fns in order, naming each for the error a panic while it is
// analysed becomes.
func (p *Pass) Each(fns []*ssa.Function) iter.Seq[*ssa.Function] {
	return func(yield func(*ssa.Function) bool) {
		defer p.Track.Enter("")
		for _, fn := range fns {
			p.Track.Enter(fn.String())
			if !yield(fn) {
				return
			}
		}
	}
}

// A Spec describes a pass to New.
type Spec struct {
	// Categories are the pass's declared categories; their name is the
	// analyzer's.
	Categories *passdoc.Pass
	// Requires lists the analyzers the pass needs besides the model.
	Requires []*analysis.Analyzer
	// Tests, when not nil, is the pass's -tests flag: while it is
	// false the pass does not look at _test.go files, so a directive
	// there is for runs that do and is not reported as unused.
	Tests *bool
	// Run is the body of the analyzer's Run, called for packages the
	// model did not skip.
	Run func(*Pass) error
}

// New returns the analyzer of the pass spec describes. Its Doc is set by
// Document, once every category is declared.
func New(spec Spec) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     spec.Categories.Name(),
		URL:      spec.Categories.URL(),
		Requires: append([]*analysis.Analyzer{model.Analyzer}, spec.Requires...),
	}
	a.Run = func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		return analysisutil.Guard(pass, func(t *analysisutil.Tracker) (any, error) {
			r := report.New(pass)
			r.SkipsTests = spec.Tests != nil && !*spec.Tests
			defer r.Finish()
			if m.Skipped() {
				return nil, nil
			}
			return nil, spec.Run(&Pass{Pass: pass, Model: m, Report: r, Track: t})
		})
	}
	report.RegisterFlags(&a.Flags)
	return a
}

// Document sets the analyzer's Doc: the section of the pass's doc.go (the
// text of the file) headed "# Analyzer NAME", followed by the declared
// categories. A pass calls it from an init function, which runs once every
// package-level category variable is set.
func Document(a *analysis.Analyzer, cats *passdoc.Pass, doc string) {
	a.Doc = cats.Doc(analysisutil.MustExtractDoc(doc, a.Name))
}

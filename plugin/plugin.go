// Package plugin registers concurlint as a golangci-lint v2 module plugin
// under the name "concurlint".
//
// A custom golangci-lint binary that imports this package (built by
// "golangci-lint custom" from a .custom-gcl.yml naming it) runs the
// concurlint suite as one linter. Its settings, under
// linters.settings.custom.concurlint.settings in .golangci.yml, use the
// keys of .concurlint.yml (see Settings); they are turned into a
// config.Config and applied to the analyzers' flags by the same code that
// applies the configuration file, so a setting means the same thing in
// every driver.
package plugin

import (
	"sync"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint"
	"github.com/concurlint/concurlint/internal/config"
	"github.com/concurlint/concurlint/internal/model"
)

// Name is the name the plugin registers, which is the key of its settings
// (linters.settings.custom.concurlint) and the linter name in
// linters.enable and //nolint comments.
const Name = "concurlint"

func init() {
	register.Plugin(Name, New)
}

// Plugin is the golangci-lint linter built from one set of settings.
type Plugin struct {
	cfg *config.Config
}

// New decodes the plugin's settings and configures the analyzers. Decoding
// is strict: a key the plugin does not know, a pass or option concurlint
// does not have, or a value of the wrong type is an error naming the key.
//
// The analyzers, their flags and concurlint's knowledge tables are
// process-wide, as in every driver; New resets the flags to their
// defaults first, so that the settings are the whole configuration.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, decodeError(err)
	}
	cfg, err := s.config()
	if err != nil {
		return nil, err
	}
	suite := concurlint.Analyzers
	if err := resetFlags(suite); err != nil {
		return nil, err
	}
	if err := cfg.Apply(suite); err != nil {
		return nil, err
	}
	dropRelatedOnce.Do(func() { dropRelated(suite) })
	return &Plugin{cfg: cfg}, nil
}

// BuildAnalyzers returns the passes of the suite that the settings leave
// on, and the shared model analyzer they require: golangci-lint reports
// only the diagnostics of the analyzers it is given, and the model reports
// //concurlint:ignore directives that name no pass. When every pass is
// turned off the list is empty and the linter reports nothing.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	var out []*analysis.Analyzer
	for _, a := range concurlint.Analyzers {
		if on, set := p.cfg.Enabled(a.Name); set && !on {
			continue
		}
		out = append(out, a)
	}
	if len(out) > 0 {
		out = append(out, model.Analyzer)
	}
	return out, nil
}

// GetLoadMode asks golangci-lint for type information: the passes build SSA
// from the typed syntax tree.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

var dropRelatedOnce sync.Once

// dropRelated makes the passes report their findings without related
// positions. golangci-lint turns each related position into an issue of
// its own, on its own line: a //nolint:concurlint comment on the finding
// then leaves its "s.mu locked here" issue standing (and failing the run),
// and identical related messages count against issues.max-same-issues.
// The messages already name the other position ("locked at store.go:26"),
// so nothing is lost.
//
// The analyzers are changed in place, as golangci-lint runs the very
// analyzers BuildAnalyzers returns and the passes find the shared model's
// result by analyzer pointer.
func dropRelated(suite []*analysis.Analyzer) {
	for _, a := range suite {
		run := a.Run
		a.Run = func(pass *analysis.Pass) (any, error) {
			report := pass.Report
			pass.Report = func(d analysis.Diagnostic) {
				d.Related = nil
				report(d)
			}
			return run(pass)
		}
	}
}

// resetFlags sets every flag of the suite, and of the analyzers it requires,
// back to its default.
func resetFlags(suite []*analysis.Analyzer) error {
	var err error
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer)
	visit = func(as []*analysis.Analyzer) {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			for name, def := range flagDefaults(a) {
				if e := a.Flags.Set(name, def); e != nil && err == nil {
					err = e
				}
			}
			visit(a.Requires)
		}
	}
	visit(suite)
	return err
}

// Package concurlint exports the suite of concurlint analyzers, so that every
// driver — the concurlint command, go vet -vettool, golangci-lint's module
// plugin, Bazel's nogo, a custom multichecker — runs the same list. Every
// option is a flag of one of these analyzers.
//
// The passes require the shared model analyzer (internal/model), which also
// reports //concurlint:ignore directives that name no pass. Drivers show a
// required analyzer's diagnostics only when it is run as a root; the
// concurlint command and the golangci-lint plugin do so, a multichecker of
// one's own may add it (it comes with any pass's Requires).
package concurlint

import (
	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/passes/blocking"
	"github.com/concurlint/concurlint/passes/cpuwork"
	"github.com/concurlint/concurlint/passes/leak"
	"github.com/concurlint/concurlint/passes/lockawait"
)

// Analyzers is the concurlint suite, in the order the passes are documented.
var Analyzers = []*analysis.Analyzer{
	lockawait.Analyzer,
	blocking.Analyzer,
	cpuwork.Analyzer,
	leak.Analyzer,
}

// Package concurlint exports the suite of concurlint analyzers, so that every
// driver — the concurlint command, go vet -vettool, golangci-lint's module
// plugin, Bazel's nogo, a custom multichecker — runs the same list.
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

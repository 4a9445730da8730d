package cpuwork_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/testutil"
	"github.com/concurlint/concurlint/passes/cpuwork"
)

// TestRobust covers inputs real code has that once lost findings silently:
//
//	rangefunc constant work in the bodies of range-over-func loops, which
//	          go/ssa builds as synthetic closures
func TestRobust(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), cpuwork.Analyzer, "cpuwork/rangefunc")
}

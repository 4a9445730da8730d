package blocking_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/testutil"
	"github.com/concurlint/concurlint/passes/blocking"
)

// TestRobust covers inputs real code has that once lost findings silently:
//
//	rangefunc waits in the bodies of range-over-func loops on request
//	          paths; go/ssa builds each body as a synthetic closure
//	deadcode  waits in code a false constant turns off (if debug {...})
func TestRobust(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), blocking.Analyzer, "blocking/rangefunc", "blocking/deadcode")
}

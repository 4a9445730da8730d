package lockawait_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/testutil"
	"github.com/concurlint/concurlint/passes/lockawait"
)

// TestRobust covers inputs real code has that once lost findings silently:
//
//	large     functions with more branches than a fixed number of rounds
//	          of the lockset analysis covers
//	rangefunc locks held around range-over-func loops, whose bodies are
//	          synthetic closures in go/ssa
//	lockshapes shards locked in one loop and unlocked in another, locks
//	          reached through type parameters with union constraints, and
//	          code under a false constant (if debug {...})
func TestRobust(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), lockawait.Analyzer, "lockawait/large", "lockawait/rangefunc", "lockawait/lockshapes")
}

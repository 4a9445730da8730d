package leak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/testutil"
	"github.com/concurlint/concurlint/passes/leak"
)

func TestChannels(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testutil.TestData(), leak.Analyzer, "leak/chans", "leak/crosspkg")
}

func TestNoExit(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), leak.Analyzer, "leak/noexit", "leak/noexitmain")
}

func TestTimers(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testutil.TestData(), leak.Analyzer, "leak/timers", "leak/timersnew")
}

func TestContextsAndSync(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), leak.Analyzer, "leak/ctx", "leak/syncwait")
}

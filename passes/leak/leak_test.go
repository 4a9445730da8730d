package leak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/testutil"
	"github.com/concurlint/concurlint/passes/leak"
)

// TestLeak runs every fixture package in one go, so that the standard
// library is loaded once. Each package exercises one family of findings
// with its look-alikes: leak/chans (forgotten senders and receivers,
// unclosed ranges, the buffer fix), leak/crosspkg (goroutine bodies in
// leak/dep, followed by facts), leak/noexit and leak/noexitmain (loops with
// no way out and the runs-once rule), leak/timers and leak/timersnew
// (tickers and timers, by Go version, with the defer-Stop fix), leak/ctx
// (contexts never observed, cancel functions never called) and
// leak/syncwait (WaitGroup.Done skipped, Cond never signalled).
func TestLeak(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, leak.Analyzer,
		"leak/chans", "leak/crosspkg", "leak/noexit", "leak/noexitmain",
		"leak/timers", "leak/timersnew", "leak/ctx", "leak/syncwait", "leak/fields", "leak/futures", "leak/drain", "leak/engine", "leak/noanswer", "leak/onesided", "leak/selfwait", "leak/cycle", "leak/obligation", "leak/onesidedmain")
}

// TestTestFiles checks that goroutines in _test.go files are left alone
// unless -leak.tests is set.
func TestTestFiles(t *testing.T) {
	testutil.Run(t, leak.Analyzer, "leak/testfiles")
	if err := leak.Analyzer.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	defer leak.Analyzer.Flags.Set("tests", "false")
	testutil.Run(t, leak.Analyzer, "leak/testfilesflag")
}

func TestValidate(t *testing.T) {
	if err := analysis.Validate([]*analysis.Analyzer{leak.Analyzer}); err != nil {
		t.Fatal(err)
	}
}

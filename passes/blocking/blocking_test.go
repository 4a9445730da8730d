package blocking_test

import (
	"testing"

	"github.com/concurlint/concurlint/internal/reqpath"
	"github.com/concurlint/concurlint/internal/testutil"
	"github.com/concurlint/concurlint/passes/blocking"
)

// TestBlocking runs the fixtures that need no flags in one go, so that the
// standard library is loaded once.
func TestBlocking(t *testing.T) {
	testutil.Run(t, blocking.Analyzer,
		"blocking/basic", "blocking/waits", "blocking/io", "blocking/crosspkg",
		"blocking/frameworks", "blocking/ignore", "blocking/rootcause")
}

func TestSuggestedFixes(t *testing.T) {
	testutil.RunWithSuggestedFixes(t, blocking.Analyzer, "blocking/fixes")
}

func TestNamedRoots(t *testing.T) {
	if err := reqpath.Analyzer.Flags.Set("roots", "named.Worker.Handle"); err != nil {
		t.Fatal(err)
	}
	defer reqpath.Analyzer.Flags.Set("roots", "")
	testutil.Run(t, blocking.Analyzer, "blocking/named")
}

func TestDeepIO(t *testing.T) {
	if err := blocking.Analyzer.Flags.Set("deep-io", "true"); err != nil {
		t.Fatal(err)
	}
	defer blocking.Analyzer.Flags.Set("deep-io", "false")
	testutil.Run(t, blocking.Analyzer, "blocking/deepio")
}

func TestDeepWaits(t *testing.T) {
	if err := blocking.Analyzer.Flags.Set("deep-waits", "true"); err != nil {
		t.Fatal(err)
	}
	defer blocking.Analyzer.Flags.Set("deep-waits", "false")
	testutil.Run(t, blocking.Analyzer, "blocking/deepwaits")
}

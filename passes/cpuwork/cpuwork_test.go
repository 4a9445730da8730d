package cpuwork_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/testutil"
	"github.com/concurlint/concurlint/passes/cpuwork"
)

// TestFanout runs the fan-out fixtures in one go, since each Run loads the
// standard library afresh.
func TestFanout(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), cpuwork.Analyzer,
		"cpuwork/fanout", "cpuwork/messages", "cpuwork/shapes", "cpuwork/crosspkg", "cpuwork/ignore", "cpuwork/cmdmain")
}

// TestConstWork checks constant work and its fixes against the golden
// file, with a function added to the table by -const-funcs. It also runs
// the accept-loop fixture with -accept-loops set, which leaves constant
// work alone, so that the two share one load of the standard library.
func TestConstWork(t *testing.T) {
	for flag, value := range map[string]string{
		"accept-loops": "true",
		"const-funcs":  "cpuwork/constwork.CompileSchema",
	} {
		if err := cpuwork.Analyzer.Flags.Set(flag, value); err != nil {
			t.Fatal(err)
		}
	}
	defer cpuwork.Analyzer.Flags.Set("accept-loops", "false")
	defer cpuwork.Analyzer.Flags.Set("const-funcs", "")
	analysistest.RunWithSuggestedFixes(t, testutil.TestData(), cpuwork.Analyzer, "cpuwork/constwork", "cpuwork/accept")
}

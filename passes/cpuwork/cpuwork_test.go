package cpuwork_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/testutil"
	"github.com/concurlint/concurlint/passes/cpuwork"
)

// TestFanout runs the fan-out fixtures in one go, since each Run loads the
// standard library afresh.
func TestFanout(t *testing.T) {
	testutil.Run(t, cpuwork.Analyzer,
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
	testutil.RunWithSuggestedFixes(t, cpuwork.Analyzer, "cpuwork/constwork", "cpuwork/accept")
}

// TestLimiters checks -cpuwork.limiters: a fan-out bounded by a limiter
// type (or method) that only the flag names is silent with the flag, and
// reported without it, on the lines the fixture marks.
func TestLimiters(t *testing.T) {
	const pkg = "cpuwork/limiters"
	marked := markedLines(t, filepath.Join(testutil.TestData(), "src", pkg), "// unbounded without -cpuwork.limiters")
	if len(marked) == 0 {
		t.Fatal("the fixture marks no line")
	}
	// Without the flag: the expectations of the fixture are for the
	// flag, so analysistest's complaints are expected; the diagnostics
	// are checked here instead.
	results := analysistest.Run(discard{}, testutil.TestData(), cpuwork.Analyzer, pkg)
	reported := map[int]bool{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if strings.Contains(d.Message, "for every element of items") {
				reported[r.Pass.Fset.Position(d.Pos).Line] = true
			}
		}
	}
	for _, line := range marked {
		if !reported[line] {
			t.Errorf("without -cpuwork.limiters, line %d of %s is not reported", line, pkg)
		}
	}

	if err := cpuwork.Analyzer.Flags.Set("limiters", "cpuwork/limitdep.Gate,(*cpuwork/limitdep.Pacer).Wait"); err != nil {
		t.Fatal(err)
	}
	defer cpuwork.Analyzer.Flags.Set("limiters", "")
	testutil.Run(t, cpuwork.Analyzer, pkg)
}

// discard is an analysistest.Testing that ignores complaints.
type discard struct{}

func (discard) Errorf(string, ...any) {}

// markedLines returns the lines of the Go files in dir that contain mark.
func markedLines(t *testing.T, dir, mark string) []int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(string(data), "\n") {
			if strings.Contains(l, mark) {
				lines = append(lines, i+1)
			}
		}
	}
	return lines
}

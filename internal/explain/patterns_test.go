package explain

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/concurlint/concurlint/internal/dump"
)

// TestDumpPatterns checks which packages Run loads for a dump: those of
// its frames in the module, with tests when a frame is in a test file.
func TestDumpPatterns(t *testing.T) {
	dir, _ := filepath.Abs(filepath.Join("testdata", "shapes"))
	mod, err := findModule(dir)
	if err != nil {
		t.Fatal(err)
	}
	frame := func(fn, file string, line int) dump.Frame {
		return dump.Frame{Func: fn, Pkg: dump.PkgOf(fn), File: file, Line: line}
	}
	d := &dump.Dump{Goroutines: []*dump.Goroutine{
		{State: "chan send", Frames: []dump.Frame{
			frame("example.com/shapes/cycle.(*Hub).Publish", filepath.Join(dir, "cycle/cycle.go"), 29),
		}, CreatedBy: &dump.Frame{Func: "example.com/shapes/cycle.TestHang", Pkg: "example.com/shapes/cycle", File: filepath.Join(dir, "cycle/cycle_test.go"), Line: 16}},
		// Built elsewhere: found by package path.
		{State: "chan send", Frames: []dump.Frame{
			frame("example.com/shapes/sender.Fetch.func1", "/home/ci/shapes/sender/sender.go", 16),
			frame("runtime.goexit", "/usr/local/go/src/runtime/asm_amd64.s", 1771),
		}},
		// Package main, with -trimpath: found by the path's tail.
		{State: "running", Frames: []dump.Frame{frame("main.main", "example.com/shapes/cmd/shapes/main.go", 40)}},
	}}
	patterns, tests := dumpPatterns(mod, []*dump.Dump{d})
	slices.Sort(patterns)
	if want := []string{"./cmd/shapes", "./cycle", "./sender"}; !slices.Equal(patterns, want) || !tests {
		t.Errorf("got %v (tests %v), want %v with tests", patterns, tests, want)
	}
	patterns, tests = dumpPatterns(mod, []*dump.Dump{{Goroutines: d.Goroutines[1:]}})
	if tests || len(patterns) != 2 {
		t.Errorf("without the test frame: %v (tests %v)", patterns, tests)
	}
}

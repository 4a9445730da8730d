package driver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// In a workspace whose modules have files at the same relative paths, a
// baseline written for one module does not hide the other's findings:
// baseline keys carry the module path.
func TestBaselineWorkspace(t *testing.T) {
	a := "package a\n\nfunc bad() {}\n\nfunc F() { bad() }\n"
	dir := writeModule(t, map[string]string{
		"go.mod":     "module example.com/root\n\ngo 1.26\n",
		"go.work":    "go 1.26\n\nuse (\n\t./one\n\t./two\n)\n",
		"one/go.mod": "module example.com/one\n\ngo 1.26\n",
		"one/a/a.go": a,
		"two/go.mod": "module example.com/two\n\ngo 1.26\n",
		"two/a/a.go": a,
		"root.go":    "package root\n",
	})
	t.Setenv("GOWORK", "")
	if code, _, errs := run(t, dir, "-write-baseline=base.json", "-second=false", "./one/a"); code != ExitClean {
		t.Fatalf("write: exit %d: %s", code, errs)
	}
	code, out, errs := run(t, dir, "-baseline=base.json", "-second=false", "./two/a")
	if code != ExitFindings || !strings.Contains(out, "two/a/a.go:5:12: call of bad") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	// The recorded finding itself stays hidden, and so does one of a
	// baseline written before keys had modules.
	if code, out, errs := run(t, dir, "-baseline=base.json", "-second=false", "./one/a"); code != ExitClean {
		t.Errorf("recorded: exit %d\n%s%s", code, out, errs)
	}
	legacy := `{"version": 1, "findings": [{"pass": "badcall", "category": "bad-call", "file": "a/a.go", "func": "F", "message": "call of bad (declared at a.go)", "count": 1}]}`
	os.WriteFile(filepath.Join(dir, "legacy.json"), []byte(legacy), 0o666)
	if code, out, errs := run(t, dir, "-baseline=legacy.json", "-second=false", "./one/a"); code != ExitClean {
		t.Errorf("legacy baseline: exit %d\n%s%s", code, out, errs)
	}
}

// Mistakes on the command line are said in one line each, before any
// analysis (which on a big tree takes minutes).
func TestCommandLineMistakes(t *testing.T) {
	dir := writeModule(t, sample())
	git(t, dir, "init", "-q")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-qm", "init")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"./a", "-json"}, ExitUsage, "concurlint: flag -json after the packages: flags go before the packages"},
		{[]string{"-c=-5", "./a"}, ExitUsage, "concurlint: -c=-5: the number of lines of context must be 0 or more"},
		{[]string{"-c=five", "./a"}, ExitUsage, `invalid value "five" for flag -c`},
		{[]string{"-nosuch", "./a"}, ExitUsage, "flag provided but not defined: -nosuch"},
		{[]string{"-new-from-rev=-R", "./..."}, ExitError, `concurlint: -new-from-rev: "-R" is not a revision`},
		{[]string{"-new-from-rev=--output=out.txt", "./..."}, ExitError, `concurlint: -new-from-rev: "--output=out.txt" is not a revision`},
		{[]string{"-new-from-rev=nosuchrev", "./..."}, ExitError, `concurlint: -new-from-rev: "nosuchrev" is not a commit`},
		{[]string{"-baseline=missing.json", "./..."}, ExitUsage, "concurlint: -baseline: open missing.json: no such file or directory"},
		{[]string{"-write-baseline=nodir/b.json", "./..."}, ExitUsage, "concurlint: -write-baseline: cannot create nodir/b.json: no such file or directory"},
	} {
		code, out, errs := run(t, dir, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, want %d and %q\nstdout:\n%s\nstderr:\n%s", tc.args, code, tc.code, tc.want, out, errs)
		}
		// Said before the analysis: the broken package was not loaded.
		mustNotContain(t, strings.Join(tc.args, " "), errs, "undefinedThing")
		if n := strings.Count(strings.TrimSpace(errs), "\n"); n > 0 {
			t.Errorf("%q: %d lines on stderr, want 1:\n%s", tc.args, n+1, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out.txt")); err == nil {
		t.Error("-new-from-rev=--output=out.txt wrote out.txt")
	}
	// A broken package is one line, naming the passes that could not
	// look at it.
	_, _, errs := run(t, dir, "./broken")
	if n := strings.Count(errs, "not analysed"); n != 1 {
		t.Errorf("%d lines saying the package is not analysed:\n%s", n, errs)
	}
	mustContain(t, "stderr", errs, "concurlint: badcall, second: example.com/m/broken: not analysed")
}

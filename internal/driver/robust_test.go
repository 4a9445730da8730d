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

package driver

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/concurlint/concurlint/internal/driver/drivertest"
)

func TestSharedFlagsDeclared(t *testing.T) {
	cl := newFlagSet(drivertest.Suite)
	if cl.fs.Lookup("shared.roots") == nil {
		t.Fatal("no -shared.roots flag for the analyzer the suite requires")
	}
	if err := cl.parse(drivertest.Suite, []string{"-shared.roots=Other", "./a"}); err != nil {
		t.Fatal(err)
	}
	defer drivertest.Shared.Flags.Set("roots", "")
	if got := drivertest.Shared.Flags.Lookup("roots").Value.String(); got != "Other" {
		t.Errorf("-shared.roots set the analyzer's flag to %q", got)
	}
	if len(cl.passArgs) != 1 || cl.passArgs[0] != "-shared.roots=Other" {
		t.Errorf("passArgs = %q, want the shared flag handed on to go vet", cl.passArgs)
	}
}

// A flag of an analyzer the passes require, that is not a pass itself
// (reqpath for blocking and cpuwork), is -NAME.FLAG under every driver,
// and the configuration file's roots key reaches it.
func TestE2ESharedFlags(t *testing.T) {
	bin := testTool(t)
	files := sample()
	files["a/other.go"] = "package a\n\nfunc Other() {}\n"
	delete(files, "a/a_test.go") // keeps go vet from analysing the standard library
	dir := writeModule(t, files)
	const want = "a/other.go:3:6: function named Other"

	_, out, _ := exe(t, dir, bin, "-shared.roots=Other", "./a")
	mustContain(t, "stdout", out, want)
	_, out, _ = exe(t, dir, bin, "-via-vet", "-shared.roots=Other", "./a")
	mustContain(t, "-via-vet stdout", out, want)
	_, _, errs := exe(t, dir, "go", "vet", "-vettool="+bin, "-shared.roots=Other", "./a")
	mustContain(t, "go vet stderr", errs, want)

	os.WriteFile(filepath.Join(dir, ".concurlint.yml"), []byte("roots: [Other]\n"), 0o666)
	_, out, _ = exe(t, dir, bin, "./a")
	mustContain(t, "stdout with roots in the file", out, want)
	_, _, errs = exe(t, dir, "go", "vet", "-vettool="+bin, "./a")
	mustContain(t, "go vet stderr with roots in the file", errs, want)
}

package driver

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/driver/drivertest"
)

func TestIsVetProtocol(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "vet.cfg")
	os.WriteFile(cfg, []byte("{}"), 0o666)
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{cfg}, true},
		{[]string{"-badcall", "-json", cfg}, true},
		{[]string{"./..."}, false},
		{[]string{"-V"}, false},
		{[]string{"help"}, false},
		{nil, false},
		{[]string{"missing.cfg"}, false}, // not a file: a package pattern
		{[]string{"./pkg", cfg}, false},  // two non-flag arguments
	} {
		if got := isVetProtocol(tc.args); got != tc.want {
			t.Errorf("isVetProtocol(%q) = %v", tc.args, got)
		}
	}
}

func TestPrescan(t *testing.T) {
	cl := newFlagSet(drivertest.Suite)
	tv := takesValue(cl.fs)
	for _, tc := range []struct {
		args         []string
		config       string
		explicitTrue bool
	}{
		{[]string{"-config", "x.yml", "./..."}, "x.yml", false},
		{[]string{"--config=y.yml", "-badcall"}, "y.yml", true},
		{[]string{"-format", "json", "-config", "z.yml", "-second=true"}, "z.yml", true},
		{[]string{"-badcall=false", "./...", "-config", "ignored"}, "", false},
		{[]string{"-baseline", "-config"}, "", false}, // -config is the value of -baseline
	} {
		p := prescan(drivertest.Suite, tc.args, tv)
		if p.config != tc.config || p.explicitTrue != tc.explicitTrue {
			t.Errorf("prescan(%q) = %+v", tc.args, p)
		}
	}
	// Under go vet every argument but the last is a flag.
	p := prescan(drivertest.Suite, []string{"-json", "-config", "v.yml", "-badcall", "x.cfg"}, nil)
	if p.config != "v.yml" || !p.explicitTrue {
		t.Errorf("vet prescan = %+v", p)
	}
}

func TestSelected(t *testing.T) {
	names := func(as []*analysis.Analyzer) string {
		var s []string
		for _, a := range as {
			s = append(s, a.Name)
		}
		return strings.Join(s, ",")
	}
	for _, tc := range []struct {
		args      []string
		offConfig string
		want      string
	}{
		{nil, "", "badcall,second"},
		{[]string{"-second"}, "", "second"},
		{[]string{"-second=false"}, "", "badcall"},
		{[]string{"-badcall=true", "-second=false"}, "", "badcall"},
		{nil, "second", "badcall"},
		{[]string{"-second"}, "second", "second"}, // the command line wins
	} {
		cl := newFlagSet(drivertest.Suite)
		if err := cl.parse(drivertest.Suite, append(tc.args, "./...")); err != nil {
			t.Fatal(err)
		}
		got := names(selected(drivertest.Suite, cl.enabled, func(a *analysis.Analyzer) bool { return a.Name == tc.offConfig }))
		if got != tc.want {
			t.Errorf("%q (config off: %q): got %s, want %s", tc.args, tc.offConfig, got, tc.want)
		}
	}
}

func TestExitCodes(t *testing.T) {
	dir := writeModule(t, sample())
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"./clean"}, ExitClean},
		{[]string{"./a"}, ExitFindings},
		{[]string{"-exit-zero", "./a"}, ExitClean},
		{[]string{"./..."}, ExitError}, // broken wins over findings
		{[]string{"-nosuchflag", "./a"}, ExitUsage},
		{[]string{"-format=xml", "./a"}, ExitUsage},
		{[]string{"-json", "-format=sarif", "./a"}, ExitUsage},
		{[]string{"-diff", "./a"}, ExitUsage},
		{[]string{"-badcall=maybe", "./a"}, ExitUsage},
		{nil, ExitUsage},
		{[]string{"./nosuchdir"}, ExitError},
	} {
		code, out, errs := run(t, dir, tc.args...)
		if code != tc.code {
			t.Errorf("%q: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", tc.args, code, tc.code, out, errs)
		}
	}
}

// A type error in one package does not hide the findings of the others.
func TestBrokenPackageDoesNotHideFindings(t *testing.T) {
	dir := writeModule(t, sample())
	code, out, errs := run(t, dir, "./...")
	if code != ExitError {
		t.Errorf("exit %d", code)
	}
	mustContain(t, "stdout", out,
		"a/a.go:7:2: call of bad (declared at a.go:3) [badcall/bad-call]\n\ta/a.go:3:6: bad declared here\n",
		"a/a.go:10:6: function named Second [second]",
		"a/a_test.go:5:28: call of bad")
	mustContain(t, "stderr", errs, "broken/b.go:5:19: undefined: undefinedThing", "badcall, second: example.com/m/broken: not analysed")
	// The generated file's finding is dropped; the test file's finding
	// appears once although a is analysed with and without its tests.
	mustNotContain(t, "stdout", out, "gen/g.go")
	if n := strings.Count(out, "a/a.go:7:2"); n != 1 {
		t.Errorf("finding printed %d times", n)
	}
	// Sorted by position.
	if i, j := strings.Index(out, "a/a.go:7:2"), strings.Index(out, "a/a.go:10:6"); i > j {
		t.Errorf("not sorted:\n%s", out)
	}
}

func TestTestFlag(t *testing.T) {
	dir := writeModule(t, sample())
	_, out, _ := run(t, dir, "-test=false", "./a")
	mustNotContain(t, "stdout", out, "a_test.go")
	mustContain(t, "stdout", out, "a/a.go:7:2")
}

func TestPanicBecomesError(t *testing.T) {
	files := sample()
	files["p/p.go"] = "package p\n\nfunc panicky() {}\n\nfunc H() { panicky() }\n"
	dir := writeModule(t, files)
	code, out, errs := run(t, dir, "./a", "./p")
	if code != ExitError {
		t.Errorf("exit %d", code)
	}
	mustContain(t, "stderr", errs, "internal error: pass badcall panicked on package example.com/m/p in github.com/concurlint/concurlint/internal/driver/drivertest.runBadCall", "cannot cope with panicky")
	mustContain(t, "stdout", out, "a/a.go:7:2: call of bad")
}

func TestContextLines(t *testing.T) {
	dir := writeModule(t, sample())
	_, out, _ := run(t, dir, "-second=false", "-test=false", "-c=1", "./a")
	mustContain(t, "stdout", out, "a/a.go:7:2: call of bad (declared at a.go:3) [badcall/bad-call]\n6\tfunc F() {\n7\t\tbad()\n8\t}\n")
}

func TestOptionFlags(t *testing.T) {
	files := sample()
	files["a/worse.go"] = "package a\n\nfunc worse() {}\n\nfunc W() { worse() }\n"
	dir := writeModule(t, files)
	_, out, _ := run(t, dir, "-badcall.name=worse", "./a")
	mustContain(t, "stdout", out, "a/worse.go:5:12: call of worse")
	mustNotContain(t, "stdout", out, "call of bad")
}

func TestJSONShape(t *testing.T) {
	dir := writeModule(t, sample())
	code, out, _ := run(t, dir, "-json", "./...")
	if code != ExitError {
		t.Errorf("exit %d", code)
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var diags []struct {
		Category, Posn, End, Message string
		Fixes                        []struct{ Message string } `json:"suggested_fixes"`
		Related                      []struct{ Posn, Message string }
	}
	if err := json.Unmarshal(tree["example.com/m/a [example.com/m/a.test]"]["badcall"], &diags); err != nil || len(diags) != 2 {
		t.Fatalf("badcall diagnostics of a: %v %s", err, out)
	}
	d := diags[0]
	if d.Category != "bad-call" || !strings.HasSuffix(d.Posn, "/a/a.go:7:2") || !strings.HasSuffix(d.End, "/a/a.go:7:7") ||
		len(d.Fixes) != 1 || len(d.Related) != 1 {
		t.Errorf("diagnostic: %+v", d)
	}
	var e struct{ Error string }
	if err := json.Unmarshal(tree["example.com/m/broken"]["badcall"], &e); err != nil || e.Error == "" {
		t.Errorf("error entry for broken: %s", tree["example.com/m/broken"]["badcall"])
	}
}

func TestSARIFOutput(t *testing.T) {
	dir := writeModule(t, sample())
	code, out, _ := run(t, dir, "-format=sarif", "./a")
	if code != ExitFindings {
		t.Errorf("exit %d", code)
	}
	mustContain(t, "sarif", out, `"version": "2.1.0"`, `"id": "badcall/bad-call"`, `"uri": "a/a.go"`, `"helpUri": "https://github.com/concurlint/concurlint#badcall"`, `"concurlint/v1"`)
}

func TestFix(t *testing.T) {
	dir := writeModule(t, sample())
	code, out, errs := run(t, dir, "-fix", "-diff", "./a")
	if code != ExitFindings {
		t.Errorf("-diff exit %d", code)
	}
	mustContain(t, "diff", out, "--- a/a/a.go\n+++ b/a/a.go\n", "-\tbad()\n+\tgood()\n", "--- a/a/a_test.go")
	mustContain(t, "stderr", errs, "a/a.go:10:6: function named Second")
	if data, _ := os.ReadFile(filepath.Join(dir, "a", "a.go")); !strings.Contains(string(data), "\tbad()") {
		t.Error("-diff wrote the file")
	}

	code, out, _ = run(t, dir, "-fix", "-second=false", "./a")
	if code != ExitClean || out != "" {
		t.Errorf("-fix: exit %d, output %q", code, out)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "a", "a.go")); !strings.Contains(string(data), "\tgood()") {
		t.Errorf("-fix did not write the file:\n%s", data)
	}
	if code, _, _ := run(t, dir, "-second=false", "./a"); code != ExitClean {
		t.Errorf("findings remain after -fix")
	}
}

func TestHelp(t *testing.T) {
	dir := writeModule(t, sample())
	code, out, _ := run(t, dir, "help")
	if code != ExitClean {
		t.Errorf("exit %d", code)
	}
	mustContain(t, "help", out, "badcall    report calls of functions named bad", "-exit-zero", "-new-from-rev")
	code, out, _ = run(t, dir, "help", "badcall")
	if code != ExitClean {
		t.Errorf("exit %d", code)
	}
	// A pass without a page of its own: its Doc, flags and URL.
	mustContain(t, "help badcall", out, "Calls of bad are bad", "-badcall.name name", `(default "bad")`, "More: https://github.com/concurlint/concurlint#badcall")
	if code, _, errs := run(t, dir, "help", "nosuch"); code != ExitUsage || !strings.Contains(errs, `no pass named "nosuch"`) {
		t.Errorf("help nosuch: %d %s", code, errs)
	}
	if code, out, _ := run(t, dir, "version"); code != ExitClean || !strings.HasPrefix(out, "concurlint ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestConfig(t *testing.T) {
	files := sample()
	files["a/worse.go"] = "package a\n\nfunc worse() {}\n\nfunc W() { worse() }\n"
	files["a/skip/s.go"] = "package skip\n\nfunc bad() {}\n\nfunc S() { bad() }\n"
	files[".concurlint.yml"] = `
passes:
  second: false
settings:
  badcall:
    name: worse
exclude:
  - a/skip
`
	dir := writeModule(t, files)
	_, out, _ := run(t, dir, "./a/...")
	mustContain(t, "stdout", out, "a/worse.go:5:12: call of worse")
	mustNotContain(t, "stdout", out, "Second", "call of bad", "skip")

	// Explicit flags override the file.
	_, out, _ = run(t, dir, "-badcall.name=bad", "-second", "-badcall", "./a")
	mustContain(t, "stdout", out, "call of bad", "function named Second")

	// The file is found from a subdirectory too.
	_, out, _ = run(t, filepath.Join(dir, "a"), ".")
	mustContain(t, "stdout", out, "call of worse")

	// Generated files are reported when the file says so; -config names
	// another file.
	other := filepath.Join(dir, "other.yml")
	os.WriteFile(other, []byte("generated: report\n"), 0o666)
	_, out, _ = run(t, dir, "-config", other, "./gen")
	mustContain(t, "stdout", out, "gen/g.go:7:12: call of bad")
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"exlude: [a]\n", `.concurlint.yml: line 1: unknown key "exlude"`},
		{"settings:\n  badcall:\n    nmae: x\n", `.concurlint.yml:3: settings.badcall: unknown option "nmae" (its options: name)`},
		{"passes:\n  lockawait: false\n", `.concurlint.yml:2: passes: unknown pass "lockawait" (passes: badcall, second)`},
	} {
		files := sample()
		files[".concurlint.yml"] = tc.file
		dir := writeModule(t, files)
		code, _, errs := run(t, dir, "./a")
		if code != ExitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, stderr %s", tc.file, code, errs)
		}
	}
}

func TestBaseline(t *testing.T) {
	dir := writeModule(t, sample())
	code, _, errs := run(t, dir, "-write-baseline=base.json", "./a")
	if code != ExitClean {
		t.Fatalf("write: exit %d: %s", code, errs)
	}
	mustContain(t, "stderr", errs, "recorded 3 findings in base.json")
	data, _ := os.ReadFile(filepath.Join(dir, "base.json"))
	mustContain(t, "baseline", string(data), `"file": "a/a.go"`, `"func": "F"`, `"message": "call of bad (declared at a.go)"`)

	if code, out, _ := run(t, dir, "-baseline=base.json", "./a"); code != ExitClean || out != "" {
		t.Errorf("same code: exit %d, %q", code, out)
	}
	// Shift everything down and add one more call in F: only that one
	// is new.
	src := "package a\n\n// Lines\n// added\n// above.\n\nfunc bad()  {}\nfunc good() {}\n\nfunc F() {\n\tbad()\n\tbad()\n}\n\nfunc Second() {}\n"
	os.WriteFile(filepath.Join(dir, "a", "a.go"), []byte(src), 0o666)
	code, out, _ := run(t, dir, "-baseline=base.json", "./a")
	if code != ExitFindings || strings.Count(out, "call of bad") != 1 || !strings.Contains(out, "a/a.go:12:2") {
		t.Errorf("shifted code: exit %d\n%s", code, out)
	}
	if code, _, errs := run(t, dir, "-baseline=missing.json", "./a"); code != ExitUsage {
		t.Errorf("missing baseline: exit %d %s", code, errs)
	}
}

func TestNewFromRev(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := writeModule(t, sample())
	git(t, dir, "init", "-q")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-qm", "init")
	// A new call in a committed file, and a new untracked file.
	src, _ := os.ReadFile(filepath.Join(dir, "a", "a.go"))
	os.WriteFile(filepath.Join(dir, "a", "a.go"), []byte(strings.Replace(string(src), "\tbad()\n", "\tbad()\n\tbad()\n", 1)), 0o666)
	os.WriteFile(filepath.Join(dir, "a", "new.go"), []byte("package a\n\nfunc N() { bad() }\n"), 0o666)

	code, out, errs := run(t, dir, "-new-from-rev=HEAD", "./a")
	if code != ExitFindings {
		t.Errorf("exit %d: %s", code, errs)
	}
	mustContain(t, "stdout", out, "a/a.go:8:2", "a/new.go:3:12")
	mustNotContain(t, "stdout", out, "a/a.go:7:2", "Second", "a_test.go")

	if code, _, errs := run(t, dir, "-new-from-rev=nosuchrev", "./a"); code != ExitError || !strings.Contains(errs, "nosuchrev") {
		t.Errorf("bad rev: exit %d %s", code, errs)
	}
}

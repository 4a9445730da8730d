package driver

// End-to-end tests: they build the command (with the test passes, and
// with the real suite), write small modules that need no downloads, and
// run the binaries standalone, under go vet -vettool, through -via-vet and
// as a go tool, checking output and exit codes.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/concurlint/concurlint"
)

var (
	binDir   string
	buildMu  sync.Mutex
	builtBin = map[string]string{}
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "concurlint-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// repoRoot returns the root of this repository.
func repoRoot(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the source")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// build builds the main package pkg (relative to the repository root) once
// per test process and returns the binary.
func build(t testing.TB, pkg string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test in -short mode")
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	if bin, ok := builtBin[pkg]; ok {
		return bin
	}
	bin := filepath.Join(binDir, filepath.Base(pkg), "concurlint")
	cmd := exec.Command("go", "build", "-o", bin, "./"+pkg)
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	builtBin[pkg] = bin
	return bin
}

func testTool(t *testing.T) string { return build(t, "internal/driver/testdata/testtool") }

// exe runs a command in dir with the network turned off for the go
// command, and returns its exit code and output.
func exe(t *testing.T, dir string, name string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOWORK=off")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("%s %q: %v", name, args, err)
	}
	return code, out.String(), errb.String()
}

func TestE2EStandalone(t *testing.T) {
	bin := testTool(t)
	dir := writeModule(t, sample())

	code, out, errs := exe(t, dir, bin, "./...")
	if code != ExitError {
		t.Errorf("./...: exit %d", code)
	}
	mustContain(t, "stdout", out, "a/a.go:7:2: call of bad (declared at a.go:3) [badcall/bad-call]", "a/a_test.go:5:28")
	mustContain(t, "stderr", errs, "broken/b.go:5:19: undefined: undefinedThing")

	if code, _, _ := exe(t, dir, bin, "./a"); code != ExitFindings {
		t.Errorf("./a: exit %d", code)
	}
	if code, out, _ := exe(t, dir, bin, "./clean"); code != ExitClean || out != "" {
		t.Errorf("./clean: exit %d %q", code, out)
	}
	if code, _, _ := exe(t, dir, bin, "-frobnicate", "./a"); code != ExitUsage {
		t.Errorf("bad flag: exit %d", code)
	}
}

// A panic in a pass must not crash the binary: it is an error naming the
// pass and the function, and the other findings are still printed.
func TestE2EPanic(t *testing.T) {
	bin := testTool(t)
	files := sample()
	files["p/p.go"] = "package p\n\nfunc panicky() {}\n\nfunc H() { panicky() }\n"
	dir := writeModule(t, files)
	code, out, errs := exe(t, dir, bin, "./a", "./p")
	if code != ExitError {
		t.Errorf("exit %d", code)
	}
	mustContain(t, "stderr", errs, "pass badcall panicked on package example.com/m/p in github.com/concurlint/concurlint/internal/driver/drivertest.runBadCall")
	mustContain(t, "stdout", out, "a/a.go:7:2: call of bad")
	mustNotContain(t, "stderr", errs, "goroutine 1 [running]:\nmain.main") // no crash
}

func TestE2EVet(t *testing.T) {
	bin := testTool(t)
	files := sample()
	files["a/worse.go"] = "package a\n\nfunc worse() {}\n\nfunc W() { worse() }\n"
	dir := writeModule(t, files)

	code, _, errs := exe(t, dir, "go", "vet", "-vettool="+bin, "./a")
	if code == 0 {
		t.Errorf("go vet ./a: exit 0")
	}
	mustContain(t, "go vet stderr", errs, "a/a.go:7:2: call of bad (declared at a.go:3)", "a/a.go:10:6: function named Second", "a/a_test.go:5:28: call of bad")

	if code, _, errs := exe(t, dir, "go", "vet", "-vettool="+bin, "./clean"); code != 0 {
		t.Errorf("go vet ./clean: exit %d\n%s", code, errs)
	}

	// Pass flags go through go vet.
	_, _, errs = exe(t, dir, "go", "vet", "-vettool="+bin, "-badcall.name=worse", "-second=false", "./a")
	mustContain(t, "go vet stderr", errs, "a/worse.go:5:12: call of worse")
	mustNotContain(t, "go vet stderr", errs, "call of bad", "Second")

	// -json gives the tree.
	code, out, _ := exe(t, dir, "go", "vet", "-vettool="+bin, "-json", "./a")
	if code != 0 {
		t.Errorf("go vet -json: exit %d", code)
	}
	mustContain(t, "go vet -json", out, `"example.com/m/a": {`, `"category": "bad-call"`)
}

// The configuration file works under go vet, and editing it invalidates
// go vet's cache of earlier results.
func TestE2EVetConfig(t *testing.T) {
	bin := testTool(t)
	files := sample()
	files["a/worse.go"] = "package a\n\nfunc worse() {}\n\nfunc W() { worse() }\n"
	files["a/skip/s.go"] = "package skip\n\nfunc bad()   {}\nfunc worse() {}\n\nfunc S() { worse(); bad() }\n"
	files[".concurlint.yml"] = "passes:\n  second: false\nsettings:\n  badcall:\n    name: worse\nexclude: [a/skip]\n"
	// Without the test file, which imports testing: a new configuration
	// makes go vet analyse every dependency again, the standard
	// library's included, which is slow.
	delete(files, "a/a_test.go")
	dir := writeModule(t, files)

	_, _, errs := exe(t, dir, "go", "vet", "-vettool="+bin, "./a/...")
	mustContain(t, "go vet stderr", errs, "a/worse.go:5:12: call of worse")
	mustNotContain(t, "go vet stderr", errs, "call of bad", "Second", "skip")

	// Explicitly enabled passes override the file.
	_, _, errs = exe(t, dir, "go", "vet", "-vettool="+bin, "-second", "./a")
	mustContain(t, "go vet stderr", errs, "function named Second")

	os.WriteFile(filepath.Join(dir, ".concurlint.yml"), []byte("settings:\n  badcall:\n    name: bad\n"), 0o666)
	_, _, errs = exe(t, dir, "go", "vet", "-vettool="+bin, "./a/...")
	mustContain(t, "go vet stderr after the edit", errs, "a/a.go:7:2: call of bad", "function named Second", "a/skip/s.go:6:21: call of bad")

	// -config names a file explicitly, and a bad file is an error.
	other := filepath.Join(dir, "other.yml")
	os.WriteFile(other, []byte("settings:\n  badcall:\n    nmae: x\n"), 0o666)
	code, _, errs := exe(t, dir, "go", "vet", "-vettool="+bin, "-config="+other, "./a")
	if code == 0 || !strings.Contains(errs, `unknown option "nmae"`) {
		t.Errorf("bad -config under go vet: exit %d\n%s", code, errs)
	}
}

func TestE2EViaVet(t *testing.T) {
	bin := testTool(t)
	dir := writeModule(t, sample())
	_, want, _ := exe(t, dir, bin, "./a")
	code, out, errs := exe(t, dir, bin, "-via-vet", "./a")
	if code != ExitFindings {
		t.Errorf("-via-vet ./a: exit %d\n%s", code, errs)
	}
	if out != want {
		t.Errorf("-via-vet output differs from the in-process output:\n%s\nwant:\n%s", out, want)
	}
	code, out, errs = exe(t, dir, bin, "-via-vet", "./...")
	if code != ExitError {
		t.Errorf("-via-vet ./...: exit %d", code)
	}
	mustContain(t, "stdout", out, "a/a.go:7:2: call of bad")
	mustContain(t, "stderr", errs, "undefined: undefinedThing")

	code, out, _ = exe(t, dir, bin, "-via-vet", "-format=sarif", "-test=false", "./a")
	if code != ExitFindings {
		t.Errorf("-via-vet sarif: exit %d", code)
	}
	mustContain(t, "sarif", out, `"ruleId": "badcall/bad-call"`, `"relatedLocations"`, `"fixes"`)
	mustNotContain(t, "sarif", out, "a_test.go:")

	// Fixes come through vet's JSON too.
	code, out, _ = exe(t, dir, bin, "-via-vet", "-fix", "-diff", "./a")
	if code != ExitFindings {
		t.Errorf("-via-vet -fix -diff: exit %d", code)
	}
	mustContain(t, "diff", out, "-\tbad()\n+\tgood()\n")
}

// go get -tool records the command in go.mod; go tool then builds and runs
// it with the arguments given. The module is not published, so a replace
// directive stands in for the download.
func TestE2EGoTool(t *testing.T) {
	build(t, "cmd/concurlint") // skips in -short mode; warms the build cache
	root, _ := filepath.Abs(repoRoot(t))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	// What go get -tool would have written: a requirement of every
	// module the command's packages come from. They are listed from
	// this repository, whose build has just put them in the module
	// cache; go mod tidy would also want the modules of the tests of
	// those packages (go-cmp, for x/tools' go/packages), which a fresh
	// module cache does not hold and GOPROXY=off cannot fetch.
	cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}}{{end}}{{end}}", "./cmd/concurlint")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off")
	deps, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	mods := slices.Compact(slices.Sorted(slices.Values(strings.Fields(strings.ReplaceAll(string(deps), " ", "@")))))
	// The go line too: this module's is newer than "go 1.26", the
	// language version, and go would want to raise it.
	rootMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go \S+$`).Find(rootMod)
	goMod := "module example.com/r\n\n" + string(goLine) + "\n\nrequire github.com/concurlint/concurlint v0.0.0\n"
	for _, m := range mods {
		goMod += "require " + strings.Replace(m, "@", " ", 1) + "\n"
	}
	goMod += "\nreplace github.com/concurlint/concurlint => " + root + "\n\n" +
		"tool github.com/concurlint/concurlint/cmd/concurlint\n"
	files := realSample()
	files["go.mod"] = goMod
	files["go.sum"] = string(sum)
	dir := writeModule(t, files)

	code, out, errs := exe(t, dir, "go", "tool", "concurlint", "./broker")
	if len(concurlint.Analyzers) == 0 {
		if code != ExitUsage {
			t.Errorf("go tool concurlint with no passes: exit %d\n%s", code, errs)
		}
		return
	}
	if code != ExitFindings {
		t.Fatalf("go tool concurlint: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	mustContain(t, "go tool concurlint", out, "broker/broker.go:14:5:", "[lockawait/send-under-lock]")

	_, path, _ := exe(t, dir, "go", "tool", "-n", "concurlint")
	code, _, errs = exe(t, dir, "go", "vet", "-vettool="+strings.TrimSpace(path), "./broker")
	if code == 0 {
		t.Errorf("go vet with the go tool binary: exit 0")
	}
	mustContain(t, "go vet stderr", errs, "broker/broker.go:14:5: b.mu is held across")
}

// realSample is a module with a lock held across a channel send.
func realSample() map[string]string {
	return map[string]string{
		"broker/broker.go": `package broker

import "sync"

type Broker struct {
	mu   sync.Mutex
	subs []chan int
}

func (b *Broker) Publish(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		s <- v
	}
}
`,
		"clean/clean.go": "package clean\n\nfunc Fine() {}\n",
	}
}

// TestE2ERealSuite runs the concurlint command itself, with the passes of
// the suite, in every mode.
func TestE2ERealSuite(t *testing.T) {
	bin := build(t, "cmd/concurlint")
	if len(concurlint.Analyzers) == 0 {
		t.Skip("the suite has no passes yet")
	}
	files := realSample()
	files["broken/b.go"] = "package broken\n\nfunc G() { undefinedThing() }\n"
	dir := writeModule(t, files)

	code, out, errs := exe(t, dir, bin, "./...")
	if code != ExitError {
		t.Errorf("./...: exit %d\n%s", code, errs)
	}
	finding := "broker/broker.go:14:5: b.mu is held across"
	mustContain(t, "stdout", out, finding, "[lockawait/send-under-lock]", "\tbroker/broker.go:11:")
	mustContain(t, "stderr", errs, "undefined: undefinedThing")

	if code, _, _ := exe(t, dir, bin, "./clean"); code != ExitClean {
		t.Errorf("./clean: exit %d", code)
	}
	if code, out, _ := exe(t, dir, bin, "-via-vet", "./broker"); code != ExitFindings || !strings.Contains(out, finding) {
		t.Errorf("-via-vet: exit %d\n%s", code, out)
	}
	code, _, errs = exe(t, dir, "go", "vet", "-vettool="+bin, "./broker")
	if code == 0 {
		t.Errorf("go vet: exit 0")
	}
	mustContain(t, "go vet stderr", errs, finding)

	// The configuration turns the pass off, under both drivers.
	os.WriteFile(filepath.Join(dir, ".concurlint.yml"), []byte("passes:\n  lockawait: false\n"), 0o666)
	if code, out, errs := exe(t, dir, bin, "./broker"); code != ExitUsage && code != ExitClean || strings.Contains(out, finding) {
		t.Errorf("lockawait off: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := exe(t, dir, "go", "vet", "-vettool="+bin, "./broker"); code != 0 {
		t.Errorf("go vet with lockawait off: exit %d\n%s", code, errs)
	}
}

// TestE2EMisspeltDirective checks that a //concurlint:ignore directive
// naming no pass is reported, as the model's, whichever passes run and in
// every mode: standalone, through go vet, and through -via-vet.
func TestE2EMisspeltDirective(t *testing.T) {
	bin := build(t, "cmd/concurlint")
	dir := writeModule(t, map[string]string{
		"d/d.go": "package d\n\n//concurlint:ignore blokcing the handler is fine\nfunc F() {}\n",
	})
	const want = `d/d.go:3:1: concurlint:ignore directive names unknown pass "blokcing", so it suppresses nothing; did you mean blocking?`
	for _, args := range [][]string{{"./..."}, {"-leak", "./..."}, {"-lockawait=false", "./..."}, {"-via-vet", "-cpuwork", "./..."}} {
		code, out, errs := exe(t, dir, bin, args...)
		if code != ExitFindings {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errs)
		}
		mustContain(t, fmt.Sprint(args), out, want+" [concurmodel/unknown-pass]")
	}
	for _, args := range [][]string{{"./..."}, {"-blocking", "./..."}} {
		vet := append([]string{"vet", "-vettool=" + bin}, args...)
		code, _, errs := exe(t, dir, "go", vet...)
		if code == 0 {
			t.Errorf("go %v: exit 0", vet)
		}
		mustContain(t, fmt.Sprint("go ", vet), errs, want)
	}
}

package driver

// End-to-end tests of inputs real code has that once lost findings
// silently, or gave wrong ones, in some mode of the command.

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/concurlint/concurlint"
)

// suiteBin builds the concurlint command with the real passes.
func suiteBin(t *testing.T) string {
	bin := build(t, "cmd/concurlint")
	if len(concurlint.Analyzers) == 0 {
		t.Skip("the suite has no passes yet")
	}
	return bin
}

// A lock-order cycle with one edge in a package the reporting package
// imports only through another is found in every mode: under go vet each
// package sees only its direct imports' facts, so they must carry the
// edges of the packages below them.
func TestE2ECrossPackageOrder(t *testing.T) {
	bin := suiteBin(t)
	dir := writeModule(t, map[string]string{
		"c/c.go": `package c

import "sync"

type X struct{ mu sync.Mutex }
type Y struct{ mu sync.Mutex }

func (x *X) Lock()   { x.mu.Lock() }
func (x *X) Unlock() { x.mu.Unlock() }
func (y *Y) Lock()   { y.mu.Lock() }
func (y *Y) Unlock() { y.mu.Unlock() }

// XY takes x.mu, then y.mu.
func XY(x *X, y *Y) {
	x.mu.Lock()
	y.mu.Lock()
	y.mu.Unlock()
	x.mu.Unlock()
}
`,
		"b/b.go": `package b

import "example.com/m/c"

func Pair() (*c.X, *c.Y) { return new(c.X), new(c.Y) }
`,
		"a/a.go": `package a

import "example.com/m/b"

// Inverse takes y.mu, then x.mu: the reverse of c.XY.
func Inverse() {
	x, y := b.Pair()
	y.Lock()
	x.Lock()
	x.Unlock()
	y.Unlock()
}
`,
	})
	want := "a/a.go:9:8: lock order inversion"
	for _, mode := range [][]string{{bin, "./a"}, {bin, "-via-vet", "./a"}, {"go", "vet", "-vettool=" + bin, "./a"}} {
		_, out, errs := exe(t, dir, mode[0], mode[1:]...)
		if !strings.Contains(out+errs, want) {
			t.Errorf("%s: no %q:\n%s%s", strings.Join(mode[1:], " "), want, out, errs)
		}
	}
}

// The standard library is the one of the go command in use, which may
// differ from the one concurlint was built with (another Go on PATH,
// GOTOOLCHAIN switching to a newer one, a binary built elsewhere):
// analysed as user code it gives false findings through runtime
// internals. The test makes concurlint believe in another GOROOT (the
// GOROOT variable, which a go command on PATH that does not use it
// ignores).
func TestE2EGoCommandGOROOT(t *testing.T) {
	bin := suiteBin(t)
	if runtime.GOOS == "windows" {
		t.Skip("the go wrapper is a shell script")
	}
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	wrapDir := t.TempDir()
	script := "#!/bin/sh\nunset GOROOT\nexec " + realGo + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(wrapDir, "go"), []byte(script), 0o777); err != nil {
		t.Fatal(err)
	}
	dir := writeModule(t, map[string]string{"p/p.go": `package p

import (
	"net/url"
	"sync"
)

type S struct {
	mu sync.Mutex
	u  *url.URL
}

// Set holds s.mu across url.Parse, which does not block.
func (s *S) Set(raw string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := url.Parse(raw)
	s.u = u
	return err
}
`})
	cmd := exec.Command(bin, "./p")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOROOT="+t.TempDir(), "PATH="+wrapDir+string(os.PathListSeparator)+os.Getenv("PATH"), "GOPROXY=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("concurlint with another GOROOT: %v\n%s", err, out)
	}
}

// cgoModule has a file that imports "C", with a lock held across a send
// and a goroutine that a timeout strands (whose fix gives the channel a
// buffer), and a file without cgo.
func cgoModule(t *testing.T) string {
	return writeModule(t, map[string]string{
		"p/p.go": `package p

// #include <stdlib.h>
import "C"

import (
	"sync"
	"time"
)

type S struct {
	mu sync.Mutex
	ch chan int
}

func (s *S) Send(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ch <- int(C.abs(C.int(v)))
}

func Abs(v int) error {
	errc := make(chan error)
	go func() {
		_ = C.abs(C.int(v))
		errc <- nil
	}()
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Second):
		return nil
	}
}
`,
		"p/q.go": "package p\n\nfunc Q() int { return 1 }\n",
	})
}

// Findings in a file that imports "C" are the user's, although the passes
// see cmd/cgo's copy of it, marked generated; and fixes edit the user's
// file at the right place.
func TestE2ECgo(t *testing.T) {
	bin := suiteBin(t)
	_, cc, _ := exe(t, ".", "go", "env", "CC")
	if f := strings.Fields(cc); len(f) == 0 {
		t.Skip("no C compiler configured")
	} else if _, err := exec.LookPath(f[0]); err != nil {
		t.Skipf("no C compiler: %v", err)
	}
	dir := cgoModule(t)
	send := "p/p.go:19:7: s.mu is held across send on s.ch"
	sender := "p/p.go:26:8: send on errc can block forever"

	_, out, errs := exe(t, dir, bin, "./p")
	mustContain(t, "standalone", out+errs, send, sender)
	_, out, errs = exe(t, dir, "go", "vet", "-vettool="+bin, "./p")
	mustContain(t, "go vet", out+errs, send, sender)

	for _, mode := range [][]string{{"-fix", "-diff", "./p"}, {"-via-vet", "-fix", "-diff", "./p"}} {
		_, out, errs = exe(t, dir, bin, mode...)
		mustContain(t, strings.Join(mode, " "), out, "-\terrc := make(chan error)\n+\terrc := make(chan error, 1)\n")
		mustNotContain(t, strings.Join(mode, " ")+" stderr", errs, "beyond the end", "fix skipped")
	}
	if code, _, errs := exe(t, dir, bin, "-fix", "-lockawait=false", "./p"); code != ExitClean {
		t.Errorf("-fix: exit %d\n%s", code, errs)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "p", "p.go"))
	mustContain(t, "p.go after -fix", string(data), "\terrc := make(chan error, 1)\n\tgo func() {\n")
	if code, _, errs := exe(t, dir, "go", "build", "./p"); code != 0 {
		t.Errorf("go build after -fix: %s", errs)
	}
}

// Without cgo the files that import "C" cannot be analysed: the driver
// names them and says why, instead of dropping their findings silently.
func TestE2ENoCgo(t *testing.T) {
	bin := suiteBin(t)
	dir := cgoModule(t)
	cmd := exec.Command(bin, "./p")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOPROXY=off", "GOWORK=off")
	out, _ := cmd.CombinedOutput()
	mustContain(t, "CGO_ENABLED=0", string(out), `concurlint: p/p.go: not analysed: it imports "C" and cgo is disabled (CGO_ENABLED=0)`)

	cmd = exec.Command(bin, "./p")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "CC=/nonexistent/cc", "GOPROXY=off", "GOWORK=off")
	out, _ = cmd.CombinedOutput()
	mustContain(t, "no C compiler", string(out), `p/p.go:4:8: could not import C (no metadata for C): cgo did not run: the C compiler "/nonexistent/cc" is not found`)
	mustNotContain(t, "no C compiler", string(out), "runtime/cgo")
}

// A compile error in a _test.go file does not hide the findings of the
// package's other files; and a directive in a test file for a pass that
// skips test files by default is not reported as unused.
func TestE2ETestFiles(t *testing.T) {
	bin := suiteBin(t)
	files := realSample()
	files["broker/broker_test.go"] = "package broker\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) { undefinedThing() }\n"
	files["clean/clean_test.go"] = `package clean

import "testing"

func TestLeak(t *testing.T) {
	ch := make(chan int)
	//concurlint:ignore leak the test binary exits
	go func() { ch <- 1 }()
}
`
	dir := writeModule(t, files)
	finding := "broker/broker.go:14:5: b.mu is held across"
	code, out, errs := exe(t, dir, bin, "./broker")
	if code != ExitError {
		t.Errorf("broken test file: exit %d", code)
	}
	mustContain(t, "broken test file", out, finding)
	mustContain(t, "broken test file", errs, "broker/broker_test.go:5:28: undefined: undefinedThing")

	for _, args := range [][]string{{"./clean"}, {"-leak.tests", "./clean"}} {
		code, out, errs := exe(t, dir, bin, args...)
		if code != ExitClean {
			t.Errorf("%q: exit %d\n%s%s", args, code, out, errs)
		}
	}
}

// Under -via-vet a package with a missing import, or in an import cycle,
// does not cost the other packages their findings: go vet gives up on
// every package when go list fails, so the packages that load are
// analysed on their own.
func TestE2EViaVetBrokenImports(t *testing.T) {
	bin := testTool(t)
	files := sample()
	delete(files, "broken/b.go")
	files["missing/m.go"] = "package missing\n\nimport \"example.com/nosuch/x\"\n\nvar _ = x.Y\n"
	files["cycle/c.go"] = "package cycle\n\nimport _ \"example.com/m/cycle\"\n"
	dir := writeModule(t, files)
	code, out, errs := exe(t, dir, bin, "-via-vet", "./...")
	if code != ExitError {
		t.Errorf("exit %d", code)
	}
	mustContain(t, "stdout", out, "a/a.go:7:2: call of bad")
	mustContain(t, "stderr", errs, "example.com/nosuch/x", "import cycle not allowed")
}

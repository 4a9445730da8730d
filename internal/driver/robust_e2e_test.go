package driver

// End-to-end tests of inputs real code has that once lost findings
// silently, or gave wrong ones, in some mode of the command.

import (
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

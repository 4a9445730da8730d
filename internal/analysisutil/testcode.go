package analysisutil

import (
	"go/token"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Test code is judged by a lower bar: a test that holds a lock while it
// sleeps, or a fake that sleeps to simulate latency, delays nobody who
// matters. These functions say which code is test code: _test.go files,
// the fakes and mocks a package keeps for tests (files named fake*.go or
// mock*.go, packages named mocks, fakes, testutil, ...test, ...testing),
// and packages whose non-test files import package testing.

// IsTestFile reports whether pos is in a _test.go file.
func IsTestFile(pass *analysis.Pass, pos token.Pos) bool {
	if !pos.IsValid() {
		return false
	}
	return strings.HasSuffix(pass.Fset.File(pos).Name(), "_test.go")
}

// IsTestCode reports whether pos is in test code: a _test.go file, a fake
// or mock file, or a test-support package.
func IsTestCode(pass *analysis.Pass, pos token.Pos) bool {
	if !pos.IsValid() {
		return false
	}
	if IsTestFile(pass, pos) {
		return true
	}
	base := strings.ToLower(filepath.Base(pass.Fset.File(pos).Name()))
	for _, p := range []string{"fake", "mock"} {
		if strings.HasPrefix(base, p) || strings.HasSuffix(strings.TrimSuffix(base, ".go"), p) {
			return true
		}
	}
	return IsTestSupportPackage(pass)
}

// testSupportNames are package names used for test helpers.
var testSupportNames = []string{"mocks", "mock", "fakes", "fake", "testutil", "testutils", "testhelper", "testhelpers"}

// IsTestSupportPackage reports whether the package exists to support tests:
// its name says so, or one of its non-test files imports package testing.
func IsTestSupportPackage(pass *analysis.Pass) bool {
	name := pass.Pkg.Name()
	for _, n := range testSupportNames {
		if name == n {
			return true
		}
	}
	if (strings.HasSuffix(name, "test") && name != "latest") || strings.HasSuffix(name, "testing") {
		return true
	}
	for _, file := range pass.Files {
		if IsTestFile(pass, file.Pos()) {
			continue
		}
		for _, imp := range file.Imports {
			if imp.Path.Value == `"testing"` {
				return true
			}
		}
	}
	return false
}

// Package testutil locates concurlint's shared test data.
package testutil

import (
	"path/filepath"
	"runtime"
)

// TestData returns the absolute path of the repository's top-level
// testdata directory, which holds one GOPATH-style tree (testdata/src/...)
// shared by every pass's tests, so that stubs of common libraries live in
// one place.
func TestData() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("testutil: cannot locate source file")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata")
}

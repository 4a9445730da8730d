package srcinfo

import (
	"go/build"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
)

// stdSrc is the source directory of the standard library, with a final
// separator: GOROOT/src of the Go concurlint was built with until
// SetGOROOT says otherwise.
var stdSrc atomic.Pointer[string]

func init() {
	root := build.Default.GOROOT
	if root == "" {
		root = runtime.GOROOT()
	}
	SetGOROOT(root)
}

// SetGOROOT says where the standard library of the go command in use is,
// so that its files are recognised as such. The GOROOT concurlint was
// built with differs from it when another Go is on PATH or GOTOOLCHAIN
// switches to a newer one. A driver calls it before any analysis starts;
// an empty dir changes nothing.
func SetGOROOT(dir string) {
	if dir == "" {
		return
	}
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	src := filepath.Join(dir, "src") + string(filepath.Separator)
	stdSrc.Store(&src)
}

// IsStandardFile reports whether the file of that name is a source file of
// the standard library, judged by where it is (after symbolic links).
func IsStandardFile(name string) bool {
	if r, err := filepath.EvalSymlinks(name); err == nil {
		name = r
	}
	return strings.HasPrefix(name, *stdSrc.Load())
}

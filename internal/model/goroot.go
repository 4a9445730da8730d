package model

import (
	"path/filepath"
)

// SetGOROOT tells the model where the standard library of the go command
// in use is, so that it is recognised as such (and described by the
// knowledge tables rather than analysed). Without it the model assumes the
// GOROOT concurlint was built with, which differs when another Go is on
// PATH or GOTOOLCHAIN switches to a newer one. A driver calls it before
// any analysis starts.
func SetGOROOT(dir string) {
	if dir == "" {
		return
	}
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	goroot = filepath.Join(dir, "src") + string(filepath.Separator)
}

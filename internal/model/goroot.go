package model

import "github.com/concurlint/concurlint/internal/srcinfo"

// SetGOROOT tells the model where the standard library of the go command
// in use is, so that it is recognised as such (and described by the
// knowledge tables rather than analysed); see srcinfo.SetGOROOT, which
// the loader shares. A driver calls it before any analysis starts.
func SetGOROOT(dir string) { srcinfo.SetGOROOT(dir) }

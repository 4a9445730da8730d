package cpuwork

import (
	"fmt"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/reqpath"
	"github.com/concurlint/concurlint/internal/ssax"
)

// requestPaths says which functions run once per request.
type requestPaths interface {
	// OnRequestPath reports whether fn runs once per request, with a
	// phrase for messages ("on every request to Upload (http handler)").
	OnRequestPath(fn *ssa.Function) (where string, ok bool)
}

// sharedPaths are the request paths of the reqpath analyzer (the same the
// blocking pass uses): handlers, router handlers, gRPC methods, the
// functions named by -reqpath.roots, and the functions of the package they
// call.
type sharedPaths struct{ paths *reqpath.Paths }

func (s sharedPaths) OnRequestPath(fn *ssa.Function) (string, bool) {
	reach := s.paths.Reach(fn)
	if reach == nil {
		return "", false
	}
	if len(reach.Via) <= 1 {
		return fmt.Sprintf("on every request to %s (%s)", ssax.FuncDisplayName(fn), reach.Root.Why), true
	}
	return fmt.Sprintf("on every request, on the request path %s (%s)", reach.Chain(), reach.Root.Why), true
}

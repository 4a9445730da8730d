package knowledge

import (
	"go/token"
	"go/types"
	"runtime"
	"testing"
	"weak"
)

// After ForgetKeys, the cache of Key must not keep a function alive: the
// standalone driver drops each package's types once its importers are
// done, and a cache holding them would keep every package of a run to the
// end.
func TestForgetKeysLetsFunctionsGo(t *testing.T) {
	pkg := types.NewPackage("example.com/p", "p")
	fn := types.NewFunc(token.NoPos, pkg, "F", types.NewSignatureType(nil, nil, nil, nil, nil, false))
	for range 2 { // computed, then cached
		if got := Key(fn); got != "example.com/p.F" {
			t.Fatalf("Key = %q, want example.com/p.F", got)
		}
	}
	w := weak.Make(fn)
	fn = nil
	ForgetKeys()
	for i := 0; i < 10 && w.Value() != nil; i++ {
		runtime.GC()
	}
	if w.Value() != nil {
		t.Error("the function is still reachable after ForgetKeys")
	}
}

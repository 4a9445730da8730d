package knowledge

import (
	"go/token"
	"go/types"
	"runtime"
	"testing"
	"weak"
)

// The cache of Key must not keep a function alive: the standalone driver
// drops each package's types once its importers are done, and a cache
// holding them would keep every package of a run to the end.
func TestKeyDoesNotKeepFunctions(t *testing.T) {
	pkg := types.NewPackage("example.com/p", "p")
	fn := types.NewFunc(token.NoPos, pkg, "F", types.NewSignatureType(nil, nil, nil, nil, nil, false))
	if got := Key(fn); got != "example.com/p.F" {
		t.Fatalf("Key = %q, want example.com/p.F", got)
	}
	if got := Key(fn); got != "example.com/p.F" {
		t.Fatalf("Key from the cache = %q, want example.com/p.F", got)
	}
	w := weak.Make(fn)
	fn = nil
	for i := 0; i < 10 && w.Value() != nil; i++ {
		runtime.GC()
	}
	if w.Value() != nil {
		t.Error("the function is still reachable after Key: its cache keeps it")
	}
}

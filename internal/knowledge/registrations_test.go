package knowledge

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestRegistrationNameArgs checks that the name argument of every
// process registration is a string parameter called name or pattern, so
// that an index off by one (BoolVar's name is its second argument) fails
// here rather than silently never matching.
func TestRegistrationNameArgs(t *testing.T) {
	if testing.Short() {
		t.Skip("loads standard library types")
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, "flag", "net/http", "expvar")
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*types.Package{}
	for _, p := range pkgs {
		byPath[p.PkgPath] = p.Types
	}
	for k, i := range processRegistrations {
		path, _, _, name := parseKey(k)
		fn, ok := byPath[path].Scope().Lookup(name).(*types.Func)
		if !ok {
			t.Errorf("%s: no function %s in %s", k, name, path)
			continue
		}
		params := fn.Signature().Params()
		if i >= params.Len() {
			t.Errorf("%s: argument %d out of range", k, i)
			continue
		}
		p := params.At(i)
		if !types.Identical(p.Type(), types.Typ[types.String]) || p.Name() != "name" && p.Name() != "pattern" {
			t.Errorf("%s: argument %d is %s %s, not the name", k, i, p.Name(), p.Type())
		}
	}
}

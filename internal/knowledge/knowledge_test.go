package knowledge

import (
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestKeysNameRealFunctions checks that every standard-library key in the
// tables names a function or method that exists, so that a typo in a key
// (which would silently never match) fails here.
func TestKeysNameRealFunctions(t *testing.T) {
	if testing.Short() {
		t.Skip("loads standard library types")
	}
	var keys []string
	for k := range funcs {
		keys = append(keys, k)
	}
	for k := range noReturn {
		keys = append(keys, k)
	}
	for k := range lockOps {
		keys = append(keys, k)
	}
	for k := range contextFuncs {
		keys = append(keys, k)
	}
	for _, m := range []map[string]bool{freshContexts, contextGivers, limiters, freshObjects, timerStops, readLockers} {
		for k := range m {
			keys = append(keys, k)
		}
	}
	for _, m := range []map[string]int{condMakers, onceRunners} {
		for k := range m {
			keys = append(keys, k)
		}
	}
	for k, e := range spawners {
		keys = append(keys, k)
		if e.wait != "" {
			keys = append(keys, e.wait)
		}
	}
	for k := range timers {
		keys = append(keys, k)
	}
	for k := range syncOps {
		keys = append(keys, k)
	}
	for k := range obligations {
		keys = append(keys, k)
	}
	for k := range processRegistrations {
		keys = append(keys, k)
	}
	paths := map[string]bool{}
	for _, k := range keys {
		if p, _, _, _ := parseKey(k); isStd(p) {
			paths[p] = true
		}
	}
	var list []string
	for p := range paths {
		list = append(list, p)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, list...)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*types.Package{}
	for _, p := range pkgs {
		byPath[p.PkgPath] = p.Types
	}
	for _, k := range keys {
		path, typ, ptr, name := parseKey(k)
		if !isStd(path) {
			continue
		}
		pkg := byPath[path]
		if pkg == nil {
			t.Errorf("%s: package %s not loaded", k, path)
			continue
		}
		if typ == "" {
			if _, ok := pkg.Scope().Lookup(name).(*types.Func); !ok {
				t.Errorf("%s: no function %s in %s", k, name, path)
			}
			continue
		}
		tn, ok := pkg.Scope().Lookup(typ).(*types.TypeName)
		if !ok {
			t.Errorf("%s: no type %s in %s", k, typ, path)
			continue
		}
		var recv types.Type = tn.Type()
		if ptr {
			recv = types.NewPointer(recv)
		}
		obj, _, _ := types.LookupFieldOrMethod(recv, false, pkg, name)
		fn, ok := obj.(*types.Func)
		if !ok {
			t.Errorf("%s: no method %s on %s", k, name, recv)
			continue
		}
		// The key must be the declaring method, which is what calls
		// resolve to (promoted methods are declared elsewhere).
		if got := fn.FullName(); got != k {
			t.Errorf("%s: method resolves to %s; use that key", k, got)
		}
	}
}

// parseKey splits "(*net/http.Client).Do", "(net.Conn).Read" and
// "time.Sleep" into package path, type name, pointer-ness and name.
func parseKey(k string) (path, typ string, ptr bool, name string) {
	if strings.HasPrefix(k, "(") {
		end := strings.Index(k, ")")
		recv := k[1:end]
		name = k[end+2:]
		if strings.HasPrefix(recv, "*") {
			ptr = true
			recv = recv[1:]
		}
		dot := strings.LastIndex(recv, ".")
		return recv[:dot], recv[dot+1:], ptr, name
	}
	dot := strings.LastIndex(k, ".")
	return k[:dot], "", false, k[dot+1:]
}

// isStd reports whether a package path belongs to the standard library.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func TestMustLookupPanicsOnUnknownKey(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustLookup of an unknown key did not panic")
		}
	}()
	MustLookup("time.Sleepy")
}

func TestKinds(t *testing.T) {
	if op := MustLookup("time.Sleep"); op.Kind != Sleep || op.CtxArg != -1 {
		t.Errorf("time.Sleep = %+v", op)
	}
	if op := MustLookup("(*database/sql.DB).Query"); op.Variant != "QueryContext" || !op.VariantTakesCtxFirst {
		t.Errorf("Query = %+v", op)
	}
	if !Network.IsIO() || Channel.IsIO() {
		t.Error("IsIO")
	}
}

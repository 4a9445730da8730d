package knowledge

import (
	"go/importer"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// TestCPUWorkTablesNameRealFunctions checks that every standard-library key
// of the spawn, limiter, constant-work and fresh-builder tables is the
// FullName of a function that exists, so that a typo does not silently
// disable an entry.
func TestCPUWorkTablesNameRealFunctions(t *testing.T) {
	var keys []string
	for k := range spawns {
		keys = append(keys, k)
	}
	for k := range limiters {
		keys = append(keys, k)
	}
	for k := range freshBuilders {
		keys = append(keys, k)
	}
	keys = append(keys, ConstWorkNames()...)

	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	for _, key := range keys {
		pkgPath, recv, name := splitFullName(key)
		if strings.Contains(pkgPath, ".") {
			continue // not in the standard library; covered by the pass's fixtures
		}
		pkg, err := imp.Import(pkgPath)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		var fn *types.Func
		if recv == "" {
			fn, _ = pkg.Scope().Lookup(name).(*types.Func)
		} else if tn, ok := pkg.Scope().Lookup(recv).(*types.TypeName); ok {
			obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, pkg, name)
			fn, _ = obj.(*types.Func)
		}
		if fn == nil || fn.FullName() != key {
			t.Errorf("table key %q names no function (found %v)", key, fn)
		}
	}
}

// splitFullName splits "(*p/q.T).M" into ("p/q", "T", "M") and "p/q.F" into
// ("p/q", "", "F").
func splitFullName(key string) (pkg, recv, name string) {
	if strings.HasPrefix(key, "(") {
		end := strings.Index(key, ")")
		typ := strings.TrimPrefix(key[1:end], "*")
		dot := strings.LastIndex(typ, ".")
		return typ[:dot], typ[dot+1:], key[end+2:]
	}
	dot := strings.LastIndex(key, ".")
	return key[:dot], "", key[dot+1:]
}

func TestLookupConstWork(t *testing.T) {
	pkg := types.NewPackage("regexp", "regexp")
	sig := types.NewSignatureType(nil, nil, nil, nil, nil, false)
	fn := types.NewFunc(token.NoPos, pkg, "MustCompile", sig)
	w, ok := LookupConstWork(fn)
	if !ok || !w.Hoist || w.Validate != "regexp" {
		t.Errorf("LookupConstWork(regexp.MustCompile) = %+v, %v; want a hoistable entry validated as a regexp", w, ok)
	}
	if _, ok := LookupConstWork(types.NewFunc(token.NoPos, pkg, "QuoteMeta", sig)); ok {
		t.Errorf("regexp.QuoteMeta is not constant work worth hoisting")
	}
	AddConstWork("example.com/p.Build")
	if w, ok := constWork["example.com/p.Build"]; !ok || w.Args != nil {
		t.Errorf("AddConstWork did not add an all-arguments entry: %+v", w)
	}
	delete(constWork, "example.com/p.Build")
}

func TestIsClientType(t *testing.T) {
	named := func(path, name string) types.Type {
		pkg := types.NewPackage(path, path[strings.LastIndex(path, "/")+1:])
		return types.NewNamed(types.NewTypeName(token.NoPos, pkg, name, nil), types.NewStruct(nil, nil), nil)
	}
	for _, tc := range []struct {
		t    types.Type
		want bool
	}{
		{types.NewPointer(named("net/http", "Client")), true},
		{types.NewPointer(named("net", "TCPConn")), true},
		{types.NewPointer(named("net/http", "Request")), false},
		{named("net/http", "Client"), false}, // a copy of the struct is not the handle
	} {
		if got := IsClientType(tc.t); got != tc.want {
			t.Errorf("IsClientType(%s) = %v, want %v", tc.t, got, tc.want)
		}
	}
}

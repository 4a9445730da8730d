package driver

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"math/rand/v2"
	"testing"
)

// The generator's programs type-check, whatever the bytes: otherwise the
// fuzz target would test the type checker's error path, not the passes.
func TestProgenTypeChecks(t *testing.T) {
	fset := token.NewFileSet()
	std := importer.ForCompiler(fset, "source", nil)
	df, err := parser.ParseFile(fset, "dep.go", depSource, 0)
	if err != nil {
		t.Fatal(err)
	}
	dep, err := (&types.Config{Importer: std}).Check("example.com/m/dep", fset, []*ast.File{df}, nil)
	if err != nil {
		t.Fatal(err)
	}
	imp := importerFunc(func(path string) (*types.Package, error) {
		if path == dep.Path() {
			return dep, nil
		}
		return std.Import(path)
	})
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		data := make([]byte, rng.IntN(200))
		for j := range data {
			data[j] = byte(rng.UintN(256))
		}
		src := (&progen{data: data}).program()
		f, err := parser.ParseFile(fset, "p.go", src, 0)
		if err != nil {
			t.Fatalf("input %d: %v\n%s", i, err, numbered(src))
		}
		conf := types.Config{Importer: imp}
		if _, err := conf.Check("p", fset, []*ast.File{f}, nil); err != nil {
			t.Fatalf("input %d: %v\n%s", i, err, numbered(src))
		}
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

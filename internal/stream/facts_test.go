package stream

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// A fact whose unexported field points into its package's analysis.
type witnessFact struct {
	What string
	keep *[]byte // stands for SSA the exporter still had
}

func (*witnessFact) AFact() {}

// A fact gob cannot encode: it has no exported fields.
type opaqueFact struct{ n int }

func (*opaqueFact) AFact() {}

func TestSealDropsUnexportedFields(t *testing.T) {
	pkg := types.NewPackage("example.com/p", "p")
	obj := types.NewVar(token.NoPos, pkg, "v", types.Typ[types.Int])
	s := newFactStore()
	big := make([]byte, 1<<20)
	s.setObject(obj, &witnessFact{What: "send on ch", keep: &big})
	s.setPackage(pkg, &opaqueFact{n: 7})
	s.seal(pkg)

	var w witnessFact
	if !s.object(obj, &w) {
		t.Fatal("object fact lost by seal")
	}
	if w.What != "send on ch" {
		t.Errorf("exported field = %q after seal, want %q", w.What, "send on ch")
	}
	if w.keep != nil {
		t.Error("unexported field survived seal: the store would keep what it points to")
	}
	var o opaqueFact
	if !s.pkg(pkg, &o) || o.n != 7 {
		t.Errorf("a fact gob cannot encode must be kept as it is, got %+v", o)
	}
}

func TestRekeyMovesFactsByObjectPath(t *testing.T) {
	const src = `package p

type T struct{ mu int }

func (t *T) Lock() {}

func F() { var local int; _ = local }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	check := func(ignoreBodies bool) (*types.Package, *types.Info) {
		info := &types.Info{Defs: make(map[*ast.Ident]types.Object)}
		pkg, err := (&types.Config{IgnoreFuncBodies: ignoreBodies}).Check("example.com/p", fset, []*ast.File{f}, info)
		if err != nil {
			t.Fatal(err)
		}
		return pkg, info
	}
	full, info := check(false)
	lean, _ := check(true)

	s := newFactStore()
	method := full.Scope().Lookup("T").Type().(*types.Named).Method(0)
	s.setObject(method, &witnessFact{What: "locks"})
	var local types.Object
	for id, obj := range info.Defs {
		if id.Name == "local" {
			local = obj
		}
	}
	s.setObject(local, &witnessFact{What: "local"})
	s.setPackage(full, &witnessFact{What: "package"})
	s.rekey(full, lean)

	var w witnessFact
	if s.object(method, &w) {
		t.Error("the fact is still found on the old object")
	}
	leanMethod := lean.Scope().Lookup("T").Type().(*types.Named).Method(0)
	if !s.object(leanMethod, &w) || w.What != "locks" {
		t.Errorf("fact on the new method = %+v, want the old one's", w)
	}
	if !s.pkg(lean, &w) || w.What != "package" {
		t.Errorf("package fact on the new package = %+v, want the old one's", w)
	}
	if got := s.allObjects([]*types.Package{lean}, []analysis.Fact{new(witnessFact)}); len(got) != 1 {
		t.Errorf("AllObjectFacts after rekey: %d facts, want 1 (a local variable has no object path, as under go vet)", len(got))
	}
}

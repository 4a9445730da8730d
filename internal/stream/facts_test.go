package stream

import (
	"go/token"
	"go/types"
	"testing"
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

package driver

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
)

type testFact struct{}

func (*testFact) AFact() {}

func TestFactsOnly(t *testing.T) {
	helper := &analysis.Analyzer{Name: "helper", Doc: "helper", Run: func(*analysis.Pass) (any, error) { return 1, nil }, ResultType: reflect.TypeFor[int]()}
	withFacts := &analysis.Analyzer{Name: "model", Doc: "model", Requires: []*analysis.Analyzer{helper},
		FactTypes: []analysis.Fact{new(testFact)}, Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	other := &analysis.Analyzer{Name: "other", Doc: "other", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	passRan := false
	flags := flag.NewFlagSet("pass", flag.ContinueOnError)
	flags.Bool("strict", false, "a flag go vet passes to every package")
	pass := &analysis.Analyzer{Name: "pass", Doc: "pass", Flags: *flags,
		Requires: []*analysis.Analyzer{other, withFacts},
		Run:      func(*analysis.Pass) (any, error) { passRan = true; return nil, nil }}

	roots := factsOnly([]*analysis.Analyzer{pass, other, withFacts})
	if err := analysis.Validate(roots); err != nil {
		t.Fatal(err)
	}
	if roots[2] != withFacts {
		t.Errorf("the analyzer with facts was replaced")
	}
	stub := roots[0]
	if stub == pass || stub.Name != "pass" || stub.Flags.Lookup("strict") == nil {
		t.Fatalf("the pass's stand-in does not keep its name and flags: %+v", stub)
	}
	if !slices.Equal(stub.Requires, []*analysis.Analyzer{withFacts}) {
		t.Errorf("the stand-in requires %v, want only the analyzer with facts", stub.Requires)
	}
	if roots[1] == other || len(roots[1].Requires) != 0 {
		t.Errorf("an analyzer without facts that needs none is not a stand-in requiring nothing: %+v", roots[1])
	}
	if res, err := stub.Run(nil); res != nil || err != nil || passRan {
		t.Errorf("the stand-in ran the pass or returned (%v, %v)", res, err)
	}
}

func TestVetxOnly(t *testing.T) {
	dir := t.TempDir()
	for name, want := range map[string]bool{
		`{"ID": "a", "VetxOnly": true}`:  true,
		`{"ID": "a", "VetxOnly": false}`: false,
		`{"ID": "a"}`:                    false,
		`not json`:                       false,
	} {
		cfg := filepath.Join(dir, "vet.cfg")
		if err := os.WriteFile(cfg, []byte(name), 0o666); err != nil {
			t.Fatal(err)
		}
		if got := vetxOnly(cfg); got != want {
			t.Errorf("vetxOnly(%s) = %v, want %v", name, got, want)
		}
	}
	if vetxOnly(filepath.Join(dir, "missing.cfg")) || vetxOnly("-flags") {
		t.Error("vetxOnly is true without a readable .cfg file")
	}
}

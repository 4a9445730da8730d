package model_test

import (
	"os"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/testutil"
)

// TestFactsSerialise runs the model over fixture packages with the
// checker's sanity checks on: every fact is gob-encoded twice and decoded,
// and the test fails if an encoding differs, which would defeat go vet's
// caching of fact files.
func TestFactsSerialise(t *testing.T) {
	dir := testutil.TestData()
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Dir:   dir,
		Env:   append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOPROXY=off"),
		Tests: false,
	}
	pkgs, err := packages.Load(cfg, "modelfacts/a", "lockawait/crosspkg", "lockawait/order", "lockawait/shapes")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("fixture packages have errors")
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{model.Analyzer}, pkgs, &checker.Options{SanityCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	facts := 0
	for act := range graph.All() {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		if act.IsRoot {
			facts += len(act.AllObjectFacts())
		}
	}
	if facts == 0 {
		t.Error("no facts were exported")
	}
}

package model_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/testutil"
)

func TestFacts(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), model.Analyzer, "modelfacts/a", "modelfacts/futures", "modelfacts/oneshot")
}

// TestChanWaits checks which channel operations are recorded as able to
// wait alone, reading the summaries from the analyzer's result.
func TestChanWaits(t *testing.T) {
	results := analysistest.Run(t, testutil.TestData(), model.Analyzer, "modelfacts/chanwaits")
	if len(results) != 1 {
		t.Fatalf("got %d results, want 1", len(results))
	}
	m, ok := results[0].Result.(*model.Model)
	if !ok || m.Skipped() {
		t.Fatal("no model for modelfacts/chanwaits")
	}
	type waits struct{ send, recv bool }
	want := map[string]map[int]waits{
		"Bare":       {0: {send: true}, 1: {recv: true}},
		"Guarded":    {1: {}, 2: {}},
		"SingleCase": {0: {send: true}},
		"ViaHelper":  {0: {send: true}},
		"DeferClose": {0: {send: true}},
	}
	seen := 0
	for _, fn := range m.Funcs {
		params, ok := want[fn.Name()]
		if !ok {
			continue
		}
		seen++
		s := m.Summary(fn)
		for i, w := range params {
			e := s.ChanParam(i)
			if e == nil {
				t.Errorf("%s: no effect on param %d", fn.Name(), i)
				continue
			}
			if e.SendWaits != w.send || e.RecvWaits != w.recv {
				t.Errorf("%s param %d: SendWaits=%v RecvWaits=%v, want %v %v", fn.Name(), i, e.SendWaits, e.RecvWaits, w.send, w.recv)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of %d functions", seen, len(want))
	}
}

// TestInert checks that a package with nothing concurrent in it is skipped
// before its SSA is built, and that one with a panic is not (a function
// that never returns is a fact its callers need).
func TestInert(t *testing.T) {
	for _, tc := range []struct {
		pkg     string
		skipped bool
	}{
		{"modelfacts/inert", true},
		{"modelfacts/notinert", false},
		{"modelfacts/a", false},
	} {
		results := analysistest.Run(t, testutil.TestData(), model.Analyzer, tc.pkg)
		if len(results) != 1 {
			t.Fatalf("%s: got %d results, want 1", tc.pkg, len(results))
		}
		m, ok := results[0].Result.(*model.Model)
		if !ok {
			t.Fatalf("%s: no model", tc.pkg)
		}
		if m.Skipped() != tc.skipped {
			t.Errorf("%s: Skipped() = %v, want %v", tc.pkg, m.Skipped(), tc.skipped)
		}
	}
}

// TestDirectives checks that the model reports the //concurlint:ignore
// directives that name no pass of concurlint (and leaves the others to
// the passes they name).
func TestDirectives(t *testing.T) {
	testutil.Run(t, model.Analyzer, "modelfacts/directives")
}

// answerProbe reports, at every wait of the package, who can answer it as
// the model sees it.
var answerProbe = &analysis.Analyzer{
	Name:     "answerprobe",
	Doc:      "answerprobe: report the answerer model's answer at every wait",
	Requires: []*analysis.Analyzer{model.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		m := pass.ResultOf[model.Analyzer].(*model.Model)
		for _, fn := range m.Funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if a, ok := m.AnswerAt(instr); ok && instr.Pos().IsValid() {
						pass.Reportf(instr.Pos(), "answer: %s", a)
					}
				}
			}
		}
		return nil, nil
	},
}

// TestAnswers checks the answerer model on waits whose answerers are
// known, out of view, missing or in need of the waiter's lock.
func TestAnswers(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), answerProbe, "modelfacts/answers")
}

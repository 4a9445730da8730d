package fix

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/finding"
)

const src = "package a\n\nfunc f() {\n\tbad()\n\tbad()\n}\n"

func withFix(edits ...finding.Edit) finding.Finding {
	return finding.Finding{Fixes: []finding.Fix{{Message: "Fix it", Edits: edits}}}
}

// at returns the edit replacing the n-th occurrence (from 0) of old in src.
func at(old string, n int, new string) finding.Edit {
	i := 0
	for range n + 1 {
		j := strings.Index(src[i:], old)
		if j < 0 {
			panic("no " + old)
		}
		i += j + len(old)
	}
	return finding.Edit{Filename: "a.go", Start: i - len(old), End: i, New: new}
}

func read(name string) ([]byte, error) {
	if name == "a.go" {
		return []byte(src), nil
	}
	return nil, os.ErrNotExist
}

func TestApply(t *testing.T) {
	fs := []finding.Finding{
		withFix(at("bad", 0, "good")),
		withFix(at("bad", 0, "good")), // an exact duplicate is dropped
		withFix(at("bad", 1, "good")),
		{}, // no fix
	}
	p := NewPlan(fs)
	if len(p.Conflicts) != 0 {
		t.Fatalf("conflicts: %+v", p.Conflicts)
	}
	if got := fmt.Sprint(p.Fixed["a.go"]); got != "[0 1 2]" {
		t.Errorf("fixed findings: %s", got)
	}
	res := p.Apply(read)
	if len(res) != 1 || res[0].Err != nil {
		t.Fatalf("results: %+v", res)
	}
	if want := strings.ReplaceAll(src, "bad", "good"); string(res[0].New) != want {
		t.Errorf("got %q, want %q", res[0].New, want)
	}
}

func TestConflicts(t *testing.T) {
	fs := []finding.Finding{
		withFix(at("bad()", 0, "good()")),
		withFix(at("bad", 0, "worse")),                            // overlaps the first: skipped
		withFix(at("bad()", 1, "x()"), at("bad", 1, "y")),         // overlaps itself
		withFix(finding.Edit{Filename: "a.go", Start: 5, End: 2}), // invalid
		withFix(at("bad()", 1, "ok()")),
	}
	p := NewPlan(fs)
	var skipped []int
	for _, c := range p.Conflicts {
		skipped = append(skipped, c.Finding)
	}
	if fmt.Sprint(skipped) != "[1 2 3]" {
		t.Errorf("skipped %v: %+v", skipped, p.Conflicts)
	}
	res := p.Apply(read)
	if want := "package a\n\nfunc f() {\n\tgood()\n\tok()\n}\n"; string(res[0].New) != want {
		t.Errorf("got %q", res[0].New)
	}
}

func TestInsertions(t *testing.T) {
	brace := strings.Index(src, "{") + 1
	ins := func(s string) finding.Edit { return finding.Edit{Filename: "a.go", Start: brace, End: brace, New: s} }
	p := NewPlan([]finding.Finding{withFix(ins("\n\tx()")), withFix(ins("\n\ty()"))})
	if len(p.Conflicts) != 1 {
		t.Errorf("two insertions at one place must conflict: %+v", p.Conflicts)
	}
	// An insertion at the start of a replaced range does not conflict.
	r := at("bad", 0, "good")
	p = NewPlan([]finding.Finding{withFix(r), withFix(finding.Edit{Filename: "a.go", Start: r.Start, End: r.Start, New: "x();"})})
	if len(p.Conflicts) != 0 {
		t.Errorf("conflicts: %+v", p.Conflicts)
	}
	res := p.Apply(read)
	if !strings.Contains(string(res[0].New), "x()\n\tgood()") {
		t.Errorf("got %q", res[0].New) // gofmt splits "x(); good()"
	}
}

func TestUnparsableResultIsNotApplied(t *testing.T) {
	p := NewPlan([]finding.Finding{withFix(at("bad()", 0, "bad(("))})
	res := p.Apply(read)
	if res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "unparsable") || res[0].New != nil {
		t.Errorf("got %+v", res[0])
	}
}

func TestStaleFile(t *testing.T) {
	p := NewPlan([]finding.Finding{withFix(finding.Edit{Filename: "a.go", Start: 1000, End: 1001})})
	if res := p.Apply(read); res[0].Err == nil {
		t.Error("edit beyond the end of the file was applied")
	}
	p = NewPlan([]finding.Finding{withFix(finding.Edit{Filename: "gone.go", Start: 0, End: 0, New: "x"})})
	if res := p.Apply(read); res[0].Err == nil {
		t.Error("missing file was not reported")
	}
}

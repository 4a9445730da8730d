package passkit

import (
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/passdoc"
	"github.com/concurlint/concurlint/internal/report"
)

const doc = `// Package demo is a pass for this test.
//
// # Analyzer passkitdemo
//
// passkitdemo: report what this test wants
//
// It reports nothing else.
package demo
`

// TestNewAndDocument checks what every pass gets from New and Document:
// its name and URL from its categories, the model first among its
// requirements, the reporter's flag, and a Doc that lists the categories
// declared after New ran.
func TestNewAndDocument(t *testing.T) {
	cats := passdoc.New("passkitdemo")
	a := New(Spec{Categories: cats, Run: func(*Pass) error { return nil }})
	cats.Add("demo-finding", passdoc.Warning, "a finding of the demo")
	Document(a, cats, doc)

	if a.Name != "passkitdemo" || a.URL != cats.URL() {
		t.Errorf("name %q, URL %q; want passkitdemo and %q", a.Name, a.URL, cats.URL())
	}
	if len(a.Requires) != 1 || a.Requires[0] != model.Analyzer {
		t.Errorf("requires %v; want the model only", a.Requires)
	}
	if a.Flags.Lookup(report.GeneratedFlag) == nil {
		t.Errorf("no -%s flag", report.GeneratedFlag)
	}
	for _, want := range []string{"passkitdemo: report what this test wants", "It reports nothing else.", "- demo-finding: a finding of the demo"} {
		if !strings.Contains(a.Doc, want) {
			t.Errorf("Doc lacks %q:\n%s", want, a.Doc)
		}
	}
}

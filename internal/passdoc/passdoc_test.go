package passdoc

import (
	"strings"
	"testing"
)

const page = "# p\n\nintro\n\n## first-cat\n\ntext\n\n```yaml\n## not a heading\n# nor this\n```\n\n### sub\n\nmore\n\n## Options\n\nflags\n\n## second-cat\n\nlast\n"

func TestSection(t *testing.T) {
	got, ok := Section(page, "first-cat", 2)
	want := "## first-cat\n\ntext\n\n```yaml\n## not a heading\n# nor this\n```\n\n### sub\n\nmore"
	if !ok || got != want {
		t.Errorf("Section(first-cat) = %q, %v\nwant %q", got, ok, want)
	}
	if got, ok := Section(page, "second-cat", 2); !ok || got != "## second-cat\n\nlast" {
		t.Errorf("Section(second-cat) = %q, %v", got, ok)
	}
	if got, ok := Section(page, "sub", 3); !ok || got != "### sub\n\nmore" {
		t.Errorf("Section(sub, 3) = %q, %v", got, ok)
	}
	if _, ok := Section(page, "not a heading", 2); ok {
		t.Error("a line inside a code block is not a heading")
	}
	if _, ok := Section(page, "sub", 2); ok {
		t.Error("a heading of another level is not the section")
	}
}

func TestHeadings(t *testing.T) {
	if got := strings.Join(headings(page, 2), "|"); got != "first-cat|Options|second-cat" {
		t.Errorf("headings = %s", got)
	}
}

func TestAdd(t *testing.T) {
	p := &Pass{name: "test"}
	if got := p.Add("some-cat", Warning, "a phrase"); got != "some-cat" {
		t.Errorf("Add returned %q", got)
	}
	for _, bad := range []struct{ name, summary string }{
		{"some-cat", "declared twice"},
		{"Bad_Name", "a phrase"},
		{"single", "a phrase"},
		{"other-cat", "a sentence."},
		{"empty-summary", ""},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Add(%q, %q) did not panic", bad.name, bad.summary)
				}
			}()
			p.Add(bad.name, Warning, bad.summary)
		}()
	}
	if !p.Has("some-cat") || p.Has("other-cat") {
		t.Error("Has")
	}
}

func TestSeverity(t *testing.T) {
	for s, want := range map[Severity]string{Note: "note", Warning: "warning", Error: "error"} {
		if s.String() != want {
			t.Errorf("%d: %s", s, s)
		}
	}
}

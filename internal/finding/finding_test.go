package finding

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func sample() Finding {
	return Finding{
		Package: "example.com/m/a", Pass: "lockawait", Category: "send-under-lock",
		Pos: Position{"/m/a/a.go", 12, 3}, End: Position{"/m/a/a.go", 12, 9},
		Message: "s.mu is held across a send on s.ch (locked at a.go:10)",
		Related: []Related{{Pos: Position{"/m/a/a.go", 10, 2}, End: Position{"/m/a/a.go", 10, 14}, Message: "s.mu locked here"}},
		Fixes:   []Fix{{Message: "Move Unlock before the send", Edits: []Edit{{"/m/a/a.go", 120, 131, "x"}}}},
	}
}

func TestParsePosition(t *testing.T) {
	for s, want := range map[string]Position{
		"/a/b.go:1:2":      {"/a/b.go", 1, 2},
		"/a/b.go:7":        {"/a/b.go", 7, 0},
		`C:\x\b.go:3:4`:    {`C:\x\b.go`, 3, 4},
		"/a:b/c.go:10:200": {"/a:b/c.go", 10, 200},
	} {
		got, ok := ParsePosition(s)
		if !ok || got != want {
			t.Errorf("ParsePosition(%q) = %v, %v", s, got, ok)
		}
		if got.String() != s {
			t.Errorf("String() = %q, want %q", got.String(), s)
		}
	}
	if _, ok := ParsePosition("nowhere"); ok {
		t.Error("ParsePosition(nowhere) succeeded")
	}
}

// The JSON tree has go vet's shape, and reading it back gives the
// findings that were written.
func TestJSONRoundTrip(t *testing.T) {
	f := sample()
	g := f
	g.Pass, g.Category, g.Related, g.Fixes = "leak", "", nil, nil
	errs := []Error{{Package: "example.com/m/b", Pass: "lockawait", Message: "analysis skipped: package has errors"}, {Message: "not in the tree"}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, []Finding{f, g}, errs); err != nil {
		t.Fatal(err)
	}
	var shape map[string]map[string]any
	if err := json.Unmarshal(buf.Bytes(), &shape); err != nil {
		t.Fatal(err)
	}
	diag := shape["example.com/m/a"]["lockawait"].([]any)[0].(map[string]any)
	for _, key := range []string{"category", "posn", "end", "message", "suggested_fixes", "related"} {
		if _, ok := diag[key]; !ok {
			t.Errorf("diagnostic lacks %q: %s", key, buf.String())
		}
	}
	if diag["posn"] != "/m/a/a.go:12:3" {
		t.Errorf("posn = %v", diag["posn"])
	}
	if e := shape["example.com/m/b"]["lockawait"].(map[string]any)["error"]; e != "analysis skipped: package has errors" {
		t.Errorf("error entry = %v", e)
	}
	if _, ok := shape["example.com/m/a"]["leak"].([]any)[0].(map[string]any)["category"]; ok {
		t.Errorf("empty category should be omitted")
	}

	// Two trees with go vet's header lines between them read back whole.
	stream := "# example.com/m/a\n" + buf.String() + "# example.com/m/c\n{\n\t\"example.com/m/c\": {}\n}\n"
	fs, rerrs, err := ReadJSON(strings.NewReader(stream))
	if err != nil {
		t.Fatal(err)
	}
	fs = SortDedupe(fs)
	want := SortDedupe([]Finding{f, g})
	if !reflect.DeepEqual(fs, want) {
		t.Errorf("read back\n%+v\nwant\n%+v", fs, want)
	}
	if len(rerrs) != 1 || rerrs[0] != errs[0] {
		t.Errorf("errors read back: %+v", rerrs)
	}
}

func TestSortDedupe(t *testing.T) {
	a := sample()
	b := sample()
	b.Package = "example.com/m/a [example.com/m/a.test]"
	c := sample()
	c.Pos.Line = 2
	got := SortDedupe([]Finding{b, a, c})
	if len(got) != 2 || got[0].Pos.Line != 2 || got[1].Package != "example.com/m/a" {
		t.Errorf("got %+v", got)
	}
}

func TestTextPrinter(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.go")
	os.WriteFile(file, []byte("package a\n\nfunc f() {\n\tbad()\n}\n"), 0o666)
	f := Finding{Pass: "testpass", Category: "bad-call", Pos: Position{file, 4, 2}, End: Position{file, 4, 7}, Message: "call of bad",
		Related: []Related{{Pos: Position{"/elsewhere/b.go", 1, 1}, Message: "declared here"}}}
	var buf bytes.Buffer
	p := &TextPrinter{Dir: dir, Context: -1}
	p.Print(&buf, []Finding{f})
	want := "a.go:4:2: call of bad [testpass/bad-call]\n\t/elsewhere/b.go:1:1: declared here\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	buf.Reset()
	p = &TextPrinter{Dir: dir, Context: 1}
	f.Related = nil
	p.Print(&buf, []Finding{f})
	want = "a.go:4:2: call of bad [testpass/bad-call]\n3\tfunc f() {\n4\t\tbad()\n5\t}\n"
	if buf.String() != want {
		t.Errorf("with context: got %q, want %q", buf.String(), want)
	}
}

package baseline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/finding"
)

const v1 = `package broker

type Broker struct{}

func (b *Broker) Publish() {
	send() // finding
}

func Other() {
	send() // finding
	send() // finding
}
`

// v2 adds lines above everything, and a third send to Other.
const v2 = `package broker

import "fmt"

// Broker brokers.
type Broker struct{}

func helper() { fmt.Println() }

func (b *Broker) Publish() {
	send() // finding
}

func Other() {
	send() // finding
	send() // finding
	send() // finding
}
`

// scan returns a finding for each "// finding" line of the file, with the
// line number in the message, as concurlint messages often have.
func scan(t *testing.T, name string) []finding.Finding {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var fs []finding.Finding
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, "// finding") {
			fs = append(fs, finding.Finding{
				Pass: "lockawait", Category: "send-under-lock",
				Pos:     finding.Position{Filename: name, Line: i + 1, Column: 2},
				Message: "b.mu is held across a send (locked at broker.go:" + string(rune('0'+i%10)) + ")",
			})
		}
	}
	return fs
}

func keys(k *Keyer, fs []finding.Finding) []Key {
	var ks []Key
	for _, f := range fs {
		ks = append(ks, k.Key(f))
	}
	return ks
}

func TestLineShiftsAndCounts(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n"), 0o666)
	name := filepath.Join(dir, "broker", "broker.go")
	os.MkdirAll(filepath.Dir(name), 0o777)
	os.WriteFile(name, []byte(v1), 0o666)

	k := &Keyer{Dir: dir}
	before := scan(t, name)
	var buf bytes.Buffer
	if err := Write(&buf, keys(k, before)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"file": "broker/broker.go"`, `"func": "(*Broker).Publish"`, `"func": "Other"`, `"count": 2`, `locked at broker.go)`} {
		if !strings.Contains(out, want) {
			t.Errorf("baseline lacks %s:\n%s", want, out)
		}
	}

	b, err := Read(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	// Unchanged code: everything is suppressed.
	if kept, n := b.Filter(before, keys(k, before)); len(kept) != 0 || n != 3 {
		t.Errorf("same code: kept %v, suppressed %d", kept, n)
	}

	// Shifted code with one more finding in Other: only the extra one
	// is reported, and it is the last.
	os.WriteFile(name, []byte(v2), 0o666)
	k2 := &Keyer{Dir: dir} // a fresh cache: the file changed
	after := scan(t, name)
	kept, n := b.Filter(after, keys(k2, after))
	if n != 3 || len(kept) != 1 || kept[0].Pos.Line != 17 {
		t.Errorf("shifted code: kept %+v, suppressed %d", kept, n)
	}
}

func TestNormalizeMessage(t *testing.T) {
	for in, want := range map[string]string{
		"held (locked at broker.go:12)":         "held (locked at broker.go)",
		"see a_test.go:3:14 and x-y.go:9":       "see a_test.go and x-y.go",
		"var defined on line 7 is unused":       "var defined on line N is unused",
		"nothing to do with positions: 12:30pm": "nothing to do with positions: 12:30pm",
	} {
		if got := NormalizeMessage(in); got != want {
			t.Errorf("NormalizeMessage(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadErrors(t *testing.T) {
	for _, src := range []string{`{"version": 2, "findings": []}`, `{"version": 1, "findings": [], "extra": 1}`, `[`} {
		if _, err := Read(strings.NewReader(src)); err == nil {
			t.Errorf("%s: no error", src)
		}
	}
}

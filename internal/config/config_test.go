package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

const full = `
passes:
  lockawait: true
  cpuwork: false
settings:
  lockawait:
    fileio: true
    funcs: [a, b]
exclude:
  - internal/gen/**
  - "**/*_mock.go"
generated: report
extra-blocking:
  "(*example.com/db.Client).Call": network
  example.com/db.Wait: sync-wait
roots: [example.com/srv.Handle]
limiters:
  - example.com/rate.Limiter
`

func TestParseFull(t *testing.T) {
	c, err := Parse("/p/.concurlint.yml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if on, set := c.Enabled("cpuwork"); on || !set {
		t.Errorf("cpuwork: got %v, %v", on, set)
	}
	if _, set := c.Enabled("leak"); set {
		t.Errorf("leak should be unset")
	}
	wantSettings := []Setting{
		{Pass: "lockawait", Name: "fileio", Value: "true", Line: 7},
		{Pass: "lockawait", Name: "funcs", Value: "a,b", Line: 8},
	}
	if !reflect.DeepEqual(c.Settings, wantSettings) {
		t.Errorf("settings: got %+v", c.Settings)
	}
	if c.Generated != GeneratedReport {
		t.Errorf("generated: %q", c.Generated)
	}
	wantBlocking := []Blocking{{"(*example.com/db.Client).Call", "network"}, {"example.com/db.Wait", "sync-wait"}}
	if !reflect.DeepEqual(c.ExtraBlocking, wantBlocking) {
		t.Errorf("extra-blocking: %+v", c.ExtraBlocking)
	}
	if !reflect.DeepEqual(c.Roots, []string{"example.com/srv.Handle"}) || !reflect.DeepEqual(c.Limiters, []string{"example.com/rate.Limiter"}) {
		t.Errorf("roots %v limiters %v", c.Roots, c.Limiters)
	}
	if c.Dir != "/p" || c.Sum == "" {
		t.Errorf("dir %q sum %q", c.Dir, c.Sum)
	}
}

func TestParseEmpty(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "passes:\n"} {
		c, err := Parse("/x.yml", []byte(src))
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		if c.Generated != GeneratedSkip {
			t.Errorf("%q: generated defaults to %q", src, c.Generated)
		}
	}
}

func TestBlockingList(t *testing.T) {
	c, err := Parse("/x.yml", []byte("extra-blocking:\n  - \"(*a.B).C\": file\n  - a.D: process\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := FormatBlocking(c.ExtraBlocking); got != "(*a.B).C=file,a.D=process" {
		t.Errorf("got %q", got)
	}
}

// Every error names the key at fault, and its line.
func TestErrorsNameTheKey(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"exlude: [a]\n", `line 1: unknown key "exlude"`},
		{"passes:\n  lockawait: yes please\n", `line 2: passes.lockawait: want true or false`},
		{"passes: [a]\n", `line 1: passes: want a mapping`},
		{"settings:\n  lockawait: true\n", `line 2: settings.lockawait: want a mapping`},
		{"settings:\n  lockawait:\n    x: {a: b}\n", `line 3: settings.lockawait.x: want a value`},
		{"generated: maybe\n", `line 1: generated: want "skip" or "report"`},
		{"extra-blocking:\n  a.F: slow\n", `line 2: extra-blocking.a.F: unknown kind "slow"`},
		{"exclude: [\"[a\"]\n", `exclude: bad pattern "[a"`},
		{"roots: {a: b}\n", `line 1: roots: want a list`},
		{"passes: {}\npasses: {}\n", `line 2: key "passes" appears twice`},
		{"- a\n", `line 1: the file must be a mapping`},
	} {
		_, err := Parse("/c.yml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got error %v, want it to contain %q", tc.src, err, tc.want)
		}
	}
}

func testSuite() (a, model *analysis.Analyzer, fileio *bool, extra *string) {
	model = &analysis.Analyzer{Name: "concurmodel", Doc: "m"}
	extra = model.Flags.String("extra-blocking", "", "")
	a = &analysis.Analyzer{Name: "lockawait", Doc: "l", Requires: []*analysis.Analyzer{model}}
	fileio = a.Flags.Bool("fileio", false, "")
	a.Flags.String("funcs", "", "")
	return a, model, fileio, extra
}

func TestApply(t *testing.T) {
	a, _, fileio, extra := testSuite()
	c, err := Parse("/c.yml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	c.Passes = c.Passes[:1] // cpuwork is not in this suite
	if err := c.Apply([]*analysis.Analyzer{a}); err != nil {
		t.Fatal(err)
	}
	if !*fileio {
		t.Errorf("fileio not set")
	}
	if *extra != "(*example.com/db.Client).Call=network,example.com/db.Wait=sync-wait" {
		t.Errorf("extra-blocking flag = %q", *extra)
	}
	bs, err := ParseBlocking(*extra)
	if err != nil || !reflect.DeepEqual(bs, c.ExtraBlocking) {
		t.Errorf("ParseBlocking round trip: %v %v", bs, err)
	}
}

func TestApplyErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"passes:\n  nosuch: true\n", `/c.yml:2: passes: unknown pass "nosuch"`},
		{"settings:\n  lockawait:\n    speed: 3\n", `/c.yml:3: settings.lockawait: unknown option "speed" (its options: fileio, funcs)`},
		{"settings:\n  lockawait:\n    fileio: often\n", `/c.yml:3: settings.lockawait.fileio: `},
		{"settings:\n  nosuch:\n    a: 1\n", `settings: unknown pass "nosuch"`},
	} {
		a, _, _, _ := testSuite()
		c, err := Parse("/c.yml", []byte(tc.src))
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		err = c.Apply([]*analysis.Analyzer{a})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.src, err, tc.want)
		}
	}
}

// TestApplyErrorsWithoutFile checks the messages for a configuration built
// in memory (a golangci-lint plugin's settings), whose entries have no line.
func TestApplyErrorsWithoutFile(t *testing.T) {
	a, _, _, _ := testSuite()
	c := &Config{Path: "plugin settings", Generated: GeneratedSkip,
		Settings: []Setting{{Pass: "lockawait", Name: "speed", Value: "3"}}}
	err := c.Apply([]*analysis.Analyzer{a})
	const want = `plugin settings: settings.lockawait: unknown option "speed"`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want it to start with %q", err, want)
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o777); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != "" {
		// A file above the temporary directory would spoil this check;
		// there is none on a sane machine.
		t.Logf("Find with no file: %q, %v", got, err)
	}
	name := filepath.Join(root, "a", FileName)
	if err := os.WriteFile(name, []byte("generated: report\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	got, err := Find(deep)
	if err != nil || got != name {
		t.Fatalf("Find = %q, %v; want %q", got, err, name)
	}
	c, err := FindAndLoad("", deep)
	if err != nil || c.Path != name || c.Generated != GeneratedReport {
		t.Fatalf("FindAndLoad = %+v, %v", c, err)
	}
}

func TestExcluded(t *testing.T) {
	c := &Config{Dir: "/m", Exclude: []string{"internal/gen/**", "**/*_mock.go", "third_party", "/abs/x.go"}}
	for name, want := range map[string]bool{
		"/m/internal/gen/a.go":     true,
		"/m/internal/gen/sub/b.go": true,
		"/m/internal/genx/a.go":    false,
		"/m/a/b/store_mock.go":     true,
		"/m/store_mock.go":         true,
		"/m/third_party/x/y.go":    true,
		"/m/a/third_party/y.go":    false,
		"/m/main.go":               false,
		"/other/store_mock.go":     false,
		"/abs/x.go":                true,
	} {
		if got := c.Excluded(name); got != want {
			t.Errorf("Excluded(%s) = %v, want %v", name, got, want)
		}
	}
}

func TestSplitList(t *testing.T) {
	got := SplitList(" (*m.Map[K, V]).Get=network , a.b,,c ")
	want := []string{"(*m.Map[K, V]).Get=network", "a.b", "c"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
}

// TestGeneratedIsAFlag checks that the generated key sets the flag of
// that name of every pass that has one: the passes read it from their
// flags, never from the configuration.
func TestGeneratedIsAFlag(t *testing.T) {
	a := &analysis.Analyzer{Name: "lockawait"}
	gen := a.Flags.String("generated", "skip", "")
	c, err := Parse("/c.yml", []byte("generated: report\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply([]*analysis.Analyzer{a}); err != nil {
		t.Fatal(err)
	}
	if *gen != "report" {
		t.Errorf("-lockawait.generated = %q, want report", *gen)
	}
}

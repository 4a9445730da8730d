package plugin_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint"
	"github.com/concurlint/concurlint/internal/config"
	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/testutil"
	"github.com/concurlint/concurlint/plugin"
)

// The tests change process-wide state (the analyzers' flags, the current
// configuration, the knowledge tables), as golangci-lint does once per run,
// so none of them runs in parallel.

// settings parses a .golangci.yml fragment the way golangci-lint hands it
// to the plugin: a tree of map[string]any, []any and scalars.
func settings(t *testing.T, yml string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(yml), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func newPlugin(t *testing.T, s any) register.LinterPlugin {
	t.Helper()
	p, err := plugin.New(s)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

func analyzer(t *testing.T, p register.LinterPlugin, name string) *analysis.Analyzer {
	t.Helper()
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("BuildAnalyzers has no %s", name)
	return nil
}

func TestRegistered(t *testing.T) {
	newFn, err := register.GetPlugin(plugin.Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newFn(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode = %q, want %q", got, register.LoadModeTypesInfo)
	}
}

func TestDecode(t *testing.T) {
	newPlugin(t, settings(t, `
passes:
  lockawait: true
settings:
  lockawait:
    fileio: true
extra-blocking:
  - "(*example.com/db.Client).Call=network"
  - example.com/Queue.Wait: sync-wait
roots: example.com/srv.Handle
limiters: [example.com/rate.Limiter, example.com/rate.Bucket]
generated: report
`))
	c := config.Current()
	if c.Path != "linters.settings.custom.concurlint.settings" {
		t.Errorf("Path = %q", c.Path)
	}
	if on, set := c.Enabled("lockawait"); !on || !set {
		t.Errorf("passes.lockawait = %v, %v", on, set)
	}
	if want := []config.Setting{{Pass: "lockawait", Name: "fileio", Value: "true"}}; !reflect.DeepEqual(c.Settings, want) {
		t.Errorf("Settings = %+v", c.Settings)
	}
	wantBlocking := []config.Blocking{
		{Func: "(*example.com/db.Client).Call", Kind: "network"},
		{Func: "example.com/Queue.Wait", Kind: "sync-wait"},
	}
	if !reflect.DeepEqual(c.ExtraBlocking, wantBlocking) {
		t.Errorf("ExtraBlocking = %+v", c.ExtraBlocking)
	}
	if !reflect.DeepEqual(c.Roots, []string{"example.com/srv.Handle"}) {
		t.Errorf("Roots = %v", c.Roots)
	}
	if !reflect.DeepEqual(c.Limiters, []string{"example.com/rate.Limiter", "example.com/rate.Bucket"}) {
		t.Errorf("Limiters = %v", c.Limiters)
	}
	if c.Generated != config.GeneratedReport {
		t.Errorf("Generated = %q", c.Generated)
	}
	// roots, limiters and extra-blocking also reach every analyzer that
	// has a flag of that name.
	for _, a := range concurlint.Analyzers {
		for flag, want := range map[string]string{
			"roots":          "example.com/srv.Handle",
			"limiters":       "example.com/rate.Limiter,example.com/rate.Bucket",
			"extra-blocking": "(*example.com/db.Client).Call=network,example.com/Queue.Wait=sync-wait",
		} {
			if f := a.Flags.Lookup(flag); f != nil && f.Value.String() != want {
				t.Errorf("-%s.%s = %q, want %q", a.Name, flag, f.Value.String(), want)
			}
		}
	}
	if op, ok := knowledge.LookupName("(*example.com/db.Client).Call"); !ok || op.Kind != knowledge.Network {
		t.Errorf("knowledge entry for (*example.com/db.Client).Call = %+v, %v", op, ok)
	}
	la := analyzer(t, newPlugin(t, nil), "lockawait")
	// A second New with no settings starts again from the defaults.
	if got := la.Flags.Lookup("fileio").Value.String(); got != "false" {
		t.Errorf("after New(nil), lockawait.fileio = %s", got)
	}
	if c := config.Current(); c.Generated != config.GeneratedSkip || len(c.Settings) != 0 {
		t.Errorf("after New(nil), the configuration is %+v", c)
	}
}

func TestDecodeValues(t *testing.T) {
	// A list-valued option is joined with commas, as in .concurlint.yml;
	// numbers keep their spelling.
	newPlugin(t, map[string]any{"settings": map[string]any{}})
	for _, tc := range []struct {
		value any
		want  string
	}{
		{true, "true"},
		{"x", "x"},
		{[]any{"a", "b"}, "a,b"},
		{3, "3"},
		{2.5, "2.5"},
	} {
		s := map[string]any{"settings": map[string]any{"lockawait": map[string]any{"fileio": tc.value}}}
		_, err := plugin.New(s)
		got := config.Current().Settings
		if err == nil {
			if len(got) != 1 || got[0].Value != tc.want {
				t.Errorf("%v: settings %+v, want value %q", tc.value, got, tc.want)
			}
		} else if !strings.Contains(err.Error(), "settings.lockawait.fileio") {
			// fileio is a boolean: a value it cannot take is an
			// error naming the key.
			t.Errorf("%v: error %v does not name the key", tc.value, err)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ yml, want string }{
		{"passs:\n  lockawait: true\n", `unknown field "passs" (known keys: passes, settings, extra-blocking, roots, limiters, generated)`},
		{"passes:\n  lockwait: true\n", `linters.settings.custom.concurlint.settings: passes: unknown pass "lockwait" (passes: `},
		{"passes:\n  lockawait: yes please\n", `passes`},
		{"settings:\n  lockawait:\n    fileoi: true\n", `settings.lockawait: unknown option "fileoi" (its options: all-waits, fileio)`},
		{"settings:\n  lockawait:\n    fileio: often\n", `settings.lockawait.fileio: `},
		{"settings:\n  lockawait:\n    fileio: {a: b}\n", `settings.lockawait.fileio: want a value or a list of values`},
		{"settings:\n  nosuch:\n    a: 1\n", `settings: unknown pass "nosuch"`},
		{"settings:\n  lockawait: true\n", `settings`},
		{"generated: sometimes\n", `generated: want "skip" or "report", not "sometimes"`},
		{"extra-blocking:\n  - a.F=slow\n", `extra-blocking: extra-blocking.a.F: unknown kind "slow"`},
		{"extra-blocking:\n  - a.F\n", `extra-blocking entry "a.F": want FullName=kind`},
		{"extra-blocking:\n  a.f: network\n", `golangci-lint lowercases mapping keys`},
		{"extra-blocking:\n  - {a.F: network, a.G: file}\n", `want "FullName=kind" or FullName: kind`},
		{"roots: {a: b}\n", `roots: want a list of strings`},
		{"limiters: [[a]]\n", `limiters: want a list of strings`},
		{"exclude: [gen]\n", `exclude: not a plugin setting; use golangci-lint's linters.exclusions.paths`},
	} {
		_, err := plugin.New(settings(t, tc.yml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got error %v, want it to contain %q", tc.yml, err, tc.want)
		}
	}
}

func TestBuildAnalyzers(t *testing.T) {
	as, err := newPlugin(t, nil).BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(as, concurlint.Analyzers) {
		t.Errorf("with no settings, BuildAnalyzers = %v, want the suite %v", as, concurlint.Analyzers)
	}
	for _, off := range concurlint.Analyzers {
		p := newPlugin(t, map[string]any{"passes": map[string]any{off.Name: false}})
		as, err := p.BuildAnalyzers()
		if err != nil {
			t.Fatal(err)
		}
		want := slices.DeleteFunc(slices.Clone(concurlint.Analyzers), func(a *analysis.Analyzer) bool { return a == off })
		if !slices.Equal(as, want) {
			t.Errorf("with %s off, BuildAnalyzers = %v, want %v", off.Name, as, want)
		}
	}
	for _, a := range concurlint.Analyzers {
		if err := analysis.Validate([]*analysis.Analyzer{a}); err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}
	}
}

// TestSettingsTakeEffect runs the analyzer the plugin builds on fixtures
// whose expectations hold only if the settings reached it: file I/O under a
// lock (silent by default, see lockawait's TestFileIO), a finding in a
// generated file (dropped by default), and a call of a function that blocks
// only because extra-blocking says so.
func TestSettingsTakeEffect(t *testing.T) {
	la := analyzer(t, newPlugin(t, settings(t, `
settings:
  lockawait:
    fileio: true
generated: report
extra-blocking:
  - "(*plugin/extra.Queue).Wait": sync-wait
`)), "lockawait")
	results := analysistest.Run(t, testutil.TestData(), la, "lockawait/fileio", "plugin/generated", "plugin/extra")

	// golangci-lint would make each related position an issue of its
	// own; the plugin's findings carry none.
	n := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			n++
			if len(d.Related) > 0 {
				t.Errorf("%s: finding has related positions: %+v", r.Pass.Fset.Position(d.Pos), d.Related)
			}
		}
	}
	if n == 0 {
		t.Errorf("no findings")
	}
}

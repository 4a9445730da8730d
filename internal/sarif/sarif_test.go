package sarif

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	// The module vendors the official SARIF 2.1.0 schema (errata 01) in
	// this package's source; importing it keeps the module, and so the
	// schema, in the module graph and the module cache. The test reads
	// the schema from there: nothing is fetched at test time.
	_ "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/xeipuuv/gojsonschema"
	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/finding"
)

const schemaPkg = "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

// officialSchema returns the text of the SARIF 2.1.0 JSON schema, taken
// from the constant that holds it in schemaPkg's schema.go.
func officialSchema(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", schemaPkg).Output()
	if err != nil {
		t.Fatalf("locating %s: %v", schemaPkg, err)
	}
	name := filepath.Join(strings.TrimSpace(string(out)), "schema.go")
	f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var schema string
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "schema" {
			if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
				schema, _ = strconv.Unquote(lit.Value)
			}
		}
		return schema == ""
	})
	if !strings.Contains(schema, `"title": "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"`) {
		t.Fatalf("%s does not hold the SARIF 2.1.0 schema", name)
	}
	return schema
}

func testLog(t *testing.T) *Log {
	dir := t.TempDir()
	file := filepath.Join(dir, "pkg", "a.go")
	os.MkdirAll(filepath.Dir(file), 0o777)
	// A non-ASCII identifier before the finding exercises the UTF-16
	// column conversion.
	os.WriteFile(file, []byte("package a\n\nfunc f() {\n\tvar é = 1; bad(é)\n}\n"), 0o666)
	pass := &analysis.Analyzer{Name: "lockawait", Doc: "lockawait: report mutexes held across blocking operations\n\nLonger text."}
	fs := []finding.Finding{
		{
			Package: "m/pkg", Pass: "lockawait", Category: "send-under-lock",
			Pos: finding.Position{Filename: file, Line: 4, Column: 14}, End: finding.Position{Filename: file, Line: 4, Column: 20},
			Message: "s.mu is held across a send",
			Related: []finding.Related{{Pos: finding.Position{Filename: file, Line: 3, Column: 1}, Message: "locked here"}},
			Fixes:   []finding.Fix{{Message: "Call good instead", Edits: []finding.Edit{{Filename: file, Start: 35, End: 38, New: "good"}}}},
		},
		{
			Package: "m/pkg", Pass: "leak", Pos: finding.Position{Filename: "/elsewhere/b.go", Line: 1, Column: 1},
			End: finding.Position{Filename: "/elsewhere/b.go", Line: 1, Column: 1}, Message: "goroutine leaks",
			Fixes: []finding.Fix{{Message: "Delete it", Edits: []finding.Edit{{Filename: "/elsewhere/b.go", Start: 0, End: 4}}}},
		},
	}
	return &Log{
		ToolName: "concurlint", ToolVersion: "v0.0.0-test", Passes: []*analysis.Analyzer{pass},
		Findings: fs, Fingerprints: []string{"k1", "k2"},
		// A code flow (a goroutine's stack, as explain writes it) on
		// the first finding only.
		Flows: [][]FlowStep{{
			{Pos: finding.Position{Filename: file, Line: 3}, Message: "m/pkg.f"},
			{Pos: finding.Position{Filename: "/usr/local/go/src/sync/mutex.go", Line: 46}, Message: "sync.(*Mutex).Lock"},
		}},
		Errors:  []finding.Error{{Package: "m/broken", Pass: "lockawait", Message: "analysis skipped"}},
		BaseDir: dir,
	}
}

func TestValidAgainstOfficialSchema(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, testLog(t)); err != nil {
		t.Fatal(err)
	}
	res, err := gojsonschema.Validate(gojsonschema.NewStringLoader(officialSchema(t)), gojsonschema.NewBytesLoader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors() {
		t.Errorf("schema violation: %s", e)
	}
	if !res.Valid() {
		t.Logf("log:\n%s", buf.String())
	}

	// An empty run is valid too.
	buf.Reset()
	Write(&buf, &Log{ToolName: "concurlint"})
	res, err = gojsonschema.Validate(gojsonschema.NewStringLoader(officialSchema(t)), gojsonschema.NewBytesLoader(buf.Bytes()))
	if err != nil || !res.Valid() {
		t.Errorf("empty log invalid: %v %v", err, res.Errors())
	}
}

// The validator itself must reject what the schema forbids, or the test
// above proves nothing.
func TestSchemaRejectsInvalidLogs(t *testing.T) {
	schema := gojsonschema.NewStringLoader(officialSchema(t))
	for _, doc := range []string{
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "bogus": 1}]}`,
		`{"version": "2.0.0", "runs": []}`,
	} {
		res, err := gojsonschema.Validate(schema, gojsonschema.NewStringLoader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if res.Valid() {
			t.Errorf("accepted invalid log %s", doc)
		}
	}
}

func TestContent(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, testLog(t)); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string                `json:"id"`
						HelpURI string                `json:"helpUri"`
						Short   struct{ Text string } `json:"shortDescription"`
					}
				}
			}
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string } `json:"artifactLocation"`
						Region           struct{ StartLine, StartColumn, EndColumn int }
					}
				}
				RelatedLocations []any             `json:"relatedLocations"`
				Fixes            []any             `json:"fixes"`
				Fingerprints     map[string]string `json:"partialFingerprints"`
			}
			Invocations []struct{ ExecutionSuccessful bool }
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	if got := strings.Join(ids, " "); got != "lockawait lockawait/send-under-lock leak" {
		t.Errorf("rules: %s", got)
	}
	if r := run.Tool.Driver.Rules[1]; r.HelpURI != HelpBase+"#lockawait" || r.Short.Text != "report mutexes held across blocking operations (send-under-lock)" {
		t.Errorf("category rule: %+v", r)
	}
	res := run.Results[0]
	if res.RuleID != "lockawait/send-under-lock" || res.RuleIndex != 1 {
		t.Errorf("result rule: %s %d", res.RuleID, res.RuleIndex)
	}
	loc := res.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "pkg/a.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("location: %+v", loc.ArtifactLocation)
	}
	// Byte column 14 follows "\tvar é = 1; " in which é takes two bytes
	// but one UTF-16 unit.
	if loc.Region.StartLine != 4 || loc.Region.StartColumn != 13 || loc.Region.EndColumn != 18 {
		t.Errorf("region: %+v", loc.Region)
	}
	if len(res.RelatedLocations) != 1 || len(res.Fixes) != 1 || res.Fingerprints["concurlint/v1"] == "" {
		t.Errorf("related %v fixes %v fingerprints %v", res.RelatedLocations, res.Fixes, res.Fingerprints)
	}
	if got := run.Results[1].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "file:///elsewhere/b.go" {
		t.Errorf("outside file: %s", got)
	}
	if run.Invocations[0].ExecutionSuccessful {
		t.Error("errors must mark the run unsuccessful")
	}
}

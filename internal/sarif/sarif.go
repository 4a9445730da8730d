// Package sarif writes findings as a SARIF 2.1.0 log, the format code
// scanning services (GitHub, GitLab, Azure DevOps) ingest.
//
// The log has one run. Its rules are one per pass ("lockawait") and one per
// pass and category seen ("lockawait/send-under-lock"), each with the
// pass's documentation as help and a helpUri into the README. Results carry
// their location, related locations, a fix when the finding has one, and a
// partial fingerprint that stays stable across line shifts (the baseline
// key), so that services can track a finding as the code moves.
package sarif

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf16"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/finding"
)

// SchemaURI is the official location of the SARIF 2.1.0 schema.
const SchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// HelpBase is where the README's per-pass sections live; a rule's helpUri
// is HelpBase + "#" + pass unless the analyzer names its own URL.
const HelpBase = "https://github.com/concurlint/concurlint"

// A Log describes what to write.
type Log struct {
	ToolName    string
	ToolVersion string
	// Passes are the analyzers of the suite, for the rules' help.
	Passes   []*analysis.Analyzer
	Findings []finding.Finding
	// Fingerprints, if not nil, holds a stable identity for each
	// finding (parallel to Findings).
	Fingerprints []string
	Errors       []finding.Error
	// Flows, if not nil, holds a code flow for each finding (parallel
	// to Findings): the steps that lead to it, such as the stack of a
	// blocked goroutine, outermost first.
	Flows [][]FlowStep
	// BaseDir is the directory file locations are made relative to
	// (%SRCROOT%); files outside it are given by absolute URI.
	BaseDir string
}

// A FlowStep is one location of a code flow.
type FlowStep struct {
	Pos     finding.Position
	Message string
}

type threadFlowLocation struct {
	Location location `json:"location"`
}

type threadFlow struct {
	Locations []threadFlowLocation `json:"locations"`
}

type codeFlow struct {
	ThreadFlows []threadFlow `json:"threadFlows"`
}

type message struct {
	Text string `json:"text"`
}

type multiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type rule struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name,omitempty"`
	ShortDescription     *multiformat `json:"shortDescription,omitempty"`
	FullDescription      *multiformat `json:"fullDescription,omitempty"`
	Help                 *multiformat `json:"help,omitempty"`
	HelpURI              string       `json:"helpUri,omitempty"`
	DefaultConfiguration *ruleConfig  `json:"defaultConfiguration,omitempty"`
}

type ruleConfig struct {
	Level string `json:"level"`
}

type artifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type region struct {
	StartLine   int `json:"startLine,omitempty"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
	// Fixes address bytes, which SARIF allows alongside (or instead of)
	// lines and columns.
	ByteOffset *int `json:"byteOffset,omitempty"`
	ByteLength *int `json:"byteLength,omitempty"`
}

type physicalLocation struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
	Region           *region          `json:"region,omitempty"`
}

type location struct {
	ID               *int             `json:"id,omitempty"`
	PhysicalLocation physicalLocation `json:"physicalLocation"`
	Message          *message         `json:"message,omitempty"`
}

type replacement struct {
	DeletedRegion   region           `json:"deletedRegion"`
	InsertedContent *artifactContent `json:"insertedContent,omitempty"`
}

type artifactContent struct {
	Text string `json:"text"`
}

type artifactChange struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
	Replacements     []replacement    `json:"replacements"`
}

type fix struct {
	Description     message          `json:"description"`
	ArtifactChanges []artifactChange `json:"artifactChanges"`
}

type result struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             message           `json:"message"`
	Locations           []location        `json:"locations"`
	RelatedLocations    []location        `json:"relatedLocations,omitempty"`
	Fixes               []fix             `json:"fixes,omitempty"`
	CodeFlows           []codeFlow        `json:"codeFlows,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
}

type notification struct {
	Level   string  `json:"level"`
	Message message `json:"message"`
}

type invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []notification `json:"toolExecutionNotifications,omitempty"`
}

type toolComponent struct {
	Name           string `json:"name"`
	Version        string `json:"version,omitempty"`
	InformationURI string `json:"informationUri"`
	Rules          []rule `json:"rules"`
}

type run struct {
	Tool struct {
		Driver toolComponent `json:"driver"`
	} `json:"tool"`
	OriginalURIBaseIDs map[string]artifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []result                    `json:"results"`
	Invocations        []invocation                `json:"invocations"`
	ColumnKind         string                      `json:"columnKind"`
}

type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []run  `json:"runs"`
}

// Write writes the log as indented JSON.
func Write(w io.Writer, l *Log) error {
	lines := &lineCache{files: make(map[string][]string)}
	r := run{ColumnKind: "utf16CodeUnits", Results: []result{}}
	r.Tool.Driver = toolComponent{Name: l.ToolName, Version: l.ToolVersion, InformationURI: HelpBase, Rules: []rule{}}

	base := ""
	if l.BaseDir != "" {
		base = fileURI(l.BaseDir)
		if !strings.HasSuffix(base, "/") {
			base += "/"
		}
		r.OriginalURIBaseIDs = map[string]artifactLocation{"%SRCROOT%": {URI: base}}
	}
	artifact := func(filename string) artifactLocation {
		if l.BaseDir != "" {
			if rel, err := filepath.Rel(l.BaseDir, filename); err == nil && !strings.HasPrefix(rel, "..") {
				return artifactLocation{URI: relURI(rel), URIBaseID: "%SRCROOT%"}
			}
		}
		return artifactLocation{URI: fileURI(filename)}
	}

	// Rules: one per pass, then one per pass and category seen.
	docs := make(map[string]*analysis.Analyzer)
	index := make(map[string]int)
	addRule := func(id string, ru rule) {
		if _, ok := index[id]; !ok {
			index[id] = len(r.Tool.Driver.Rules)
			r.Tool.Driver.Rules = append(r.Tool.Driver.Rules, ru)
		}
	}
	for _, a := range l.Passes {
		docs[a.Name] = a
		addRule(a.Name, passRule(a, ""))
	}
	var cats []string
	for _, f := range l.Findings {
		if f.Category != "" {
			cats = append(cats, f.Rule())
		}
	}
	slices.Sort(cats)
	for _, f := range l.Findings {
		if _, ok := docs[f.Pass]; !ok { // a pass not in the suite
			docs[f.Pass] = &analysis.Analyzer{Name: f.Pass}
		}
	}
	for _, id := range slices.Compact(cats) {
		pass, cat, _ := strings.Cut(id, "/")
		addRule(id, passRule(docs[pass], cat))
	}
	for _, f := range l.Findings {
		addRule(f.Pass, passRule(docs[f.Pass], ""))
	}

	for i, f := range l.Findings {
		res := result{
			RuleID:    f.Rule(),
			RuleIndex: index[f.Rule()],
			Level:     "warning",
			Message:   message{f.Message},
			Locations: []location{{PhysicalLocation: physicalLocation{
				ArtifactLocation: artifact(f.Pos.Filename),
				Region:           lines.region(f.Pos, f.End),
			}}},
		}
		for j, rel := range f.Related {
			if !rel.Pos.IsValid() {
				continue
			}
			id := j + 1
			res.RelatedLocations = append(res.RelatedLocations, location{
				ID: &id,
				PhysicalLocation: physicalLocation{
					ArtifactLocation: artifact(rel.Pos.Filename),
					Region:           lines.region(rel.Pos, rel.End),
				},
				Message: &message{rel.Message},
			})
		}
		for _, fx := range f.Fixes {
			res.Fixes = append(res.Fixes, sarifFix(fx, artifact))
		}
		if i < len(l.Flows) && len(l.Flows[i]) > 0 {
			var tf threadFlow
			for _, st := range l.Flows[i] {
				loc := location{PhysicalLocation: physicalLocation{
					ArtifactLocation: artifact(st.Pos.Filename),
					Region:           lines.region(st.Pos, finding.Position{}),
				}}
				if st.Message != "" {
					loc.Message = &message{st.Message}
				}
				tf.Locations = append(tf.Locations, threadFlowLocation{Location: loc})
			}
			res.CodeFlows = []codeFlow{{ThreadFlows: []threadFlow{tf}}}
		}
		if i < len(l.Fingerprints) && l.Fingerprints[i] != "" {
			sum := sha256.Sum256([]byte(l.Fingerprints[i]))
			res.PartialFingerprints = map[string]string{"concurlint/v1": hex.EncodeToString(sum[:16])}
		}
		r.Results = append(r.Results, res)
	}

	inv := invocation{ExecutionSuccessful: len(l.Errors) == 0}
	for _, e := range l.Errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, notification{Level: "error", Message: message{e.Error()}})
	}
	r.Invocations = []invocation{inv}

	data, err := json.MarshalIndent(sarifLog{Schema: SchemaURI, Version: "2.1.0", Runs: []run{r}}, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// passRule describes pass a, or its category cat if cat is not "".
func passRule(a *analysis.Analyzer, cat string) rule {
	summary, _, _ := strings.Cut(a.Doc, "\n")
	summary = strings.TrimSpace(strings.TrimPrefix(summary, a.Name+":"))
	if summary == "" {
		summary = a.Name
	}
	id, name := a.Name, a.Name
	if cat != "" {
		id = a.Name + "/" + cat
		name = cat
		summary = fmt.Sprintf("%s (%s)", summary, cat)
	}
	help := cmp.Or(strings.TrimSpace(a.Doc), summary)
	return rule{
		ID:                   id,
		Name:                 name,
		ShortDescription:     &multiformat{Text: summary},
		FullDescription:      &multiformat{Text: help},
		Help:                 &multiformat{Text: help},
		HelpURI:              helpURI(a),
		DefaultConfiguration: &ruleConfig{Level: "warning"},
	}
}

func helpURI(a *analysis.Analyzer) string {
	if strings.HasPrefix(a.URL, "https://") || strings.HasPrefix(a.URL, "http://") {
		return a.URL
	}
	return HelpBase + "#" + a.Name
}

func sarifFix(fx finding.Fix, artifact func(string) artifactLocation) fix {
	out := fix{Description: message{cmp.Or(fx.Message, "Apply the suggested fix")}}
	var files []string
	byFile := make(map[string][]replacement)
	for _, e := range fx.Edits {
		if _, ok := byFile[e.Filename]; !ok {
			files = append(files, e.Filename)
		}
		off, n := e.Start, e.End-e.Start
		rep := replacement{DeletedRegion: region{ByteOffset: &off, ByteLength: &n}}
		if e.New != "" {
			rep.InsertedContent = &artifactContent{Text: e.New}
		}
		byFile[e.Filename] = append(byFile[e.Filename], rep)
	}
	for _, name := range files {
		out.ArtifactChanges = append(out.ArtifactChanges, artifactChange{ArtifactLocation: artifact(name), Replacements: byFile[name]})
	}
	return out
}

// fileURI returns the file: URI of an absolute file name.
func fileURI(name string) string {
	name = filepath.ToSlash(name)
	if !strings.HasPrefix(name, "/") {
		name = "/" + name // a Windows drive letter
	}
	return (&url.URL{Scheme: "file", Path: name}).String()
}

// relURI returns a relative URI reference for a relative file name.
func relURI(rel string) string {
	return (&url.URL{Path: filepath.ToSlash(rel)}).String()
}

// lineCache converts go/token columns (bytes) to SARIF's default UTF-16
// code units, which needs the text of the line.
type lineCache struct {
	files map[string][]string
}

func (c *lineCache) line(filename string, n int) (string, bool) {
	lines, ok := c.files[filename]
	if !ok {
		data, err := os.ReadFile(filename)
		if err == nil {
			lines = strings.Split(string(data), "\n")
		}
		c.files[filename] = lines
	}
	if n < 1 || n > len(lines) {
		return "", false
	}
	return lines[n-1], true
}

func (c *lineCache) column(p finding.Position) int {
	if p.Column < 1 {
		return 0
	}
	text, ok := c.line(p.Filename, p.Line)
	if !ok || p.Column-1 > len(text) {
		return p.Column
	}
	return len(utf16.Encode([]rune(text[:p.Column-1]))) + 1
}

func (c *lineCache) region(start, end finding.Position) *region {
	if !start.IsValid() {
		return nil
	}
	r := &region{StartLine: start.Line, StartColumn: c.column(start)}
	if end.IsValid() && end.Filename == start.Filename && (end.Line > start.Line || end.Line == start.Line && end.Column > start.Column) {
		r.EndLine, r.EndColumn = end.Line, c.column(end)
	}
	return r
}

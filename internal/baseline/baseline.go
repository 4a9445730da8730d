// Package baseline records a set of accepted findings in a file and
// filters them out of later runs, so that a project can adopt concurlint
// and fail only on new findings.
//
// Findings are matched by a key that survives unrelated edits: the pass,
// the category, the file (its module's path, and its path relative to the
// module root), the enclosing
// function as written in the source ("(*Broker).Publish"), and the message
// with line numbers taken out ("locked at broker.go:12" becomes "locked at
// broker.go"). Line numbers themselves are not part of the key, so code
// that moves up or down does not revive recorded findings. When a key
// occurs several times the file records the count, and only findings beyond
// that count are reported.
package baseline

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"

	"github.com/concurlint/concurlint/internal/finding"
	"github.com/concurlint/concurlint/internal/srcinfo"
)

// Version is the version of the file format written by Write.
const Version = 1

// A Key identifies a finding across edits.
type Key struct {
	Pass     string `json:"pass"`
	Category string `json:"category,omitempty"`
	// Module is the path of the file's module: two modules of a
	// workspace may have files at the same relative path. Entries of
	// older baselines have none, and match a file of any module.
	Module  string `json:"module,omitempty"`
	File    string `json:"file"`
	Func    string `json:"func,omitempty"`
	Message string `json:"message"`
}

// An Entry is a key and the number of findings that have it.
type Entry struct {
	Key
	Count int `json:"count"`
}

// file is the on-disk form.
type file struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// A Keyer computes keys. Dir is the directory that names files outside any
// module are made relative to (the baseline file's directory).
type Keyer struct {
	Dir string
	Src *srcinfo.Cache
}

// positions in messages: "broker.go:12" or "broker.go:12:5"; and "line 12".
var (
	filePos = regexp.MustCompile(`([\w.\-]+\.go):\d+(?::\d+)?`)
	linePos = regexp.MustCompile(`\bline \d+\b`)
)

// NormalizeMessage removes line and column numbers from a message.
func NormalizeMessage(msg string) string {
	msg = filePos.ReplaceAllString(msg, "$1")
	return linePos.ReplaceAllString(msg, "line N")
}

// Key returns the key of f.
func (k *Keyer) Key(f finding.Finding) Key {
	src := k.Src
	if src == nil {
		src = new(srcinfo.Cache)
		k.Src = src
	}
	return Key{
		Pass:     f.Pass,
		Category: f.Category,
		Module:   src.ModulePath(f.Pos.Filename),
		File:     src.ModuleRelative(f.Pos.Filename, k.Dir),
		Func:     src.EnclosingFunc(f.Pos.Filename, f.Pos.Line, f.Pos.Column),
		Message:  NormalizeMessage(f.Message),
	}
}

func compareKeys(a, b Key) int {
	return cmp.Or(
		cmp.Compare(a.Module, b.Module),
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Func, b.Func),
		cmp.Compare(a.Pass, b.Pass),
		cmp.Compare(a.Category, b.Category),
		cmp.Compare(a.Message, b.Message),
	)
}

// Write writes a baseline holding the given keys.
func Write(w io.Writer, keys []Key) error {
	counts := make(map[Key]int)
	for _, k := range keys {
		counts[k]++
	}
	out := file{Version: Version, Findings: []Entry{}}
	for k, n := range counts {
		out.Findings = append(out.Findings, Entry{k, n})
	}
	slices.SortFunc(out.Findings, func(a, b Entry) int { return compareKeys(a.Key, b.Key) })
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// WriteFile writes a baseline to the named file.
func WriteFile(name string, keys []Key) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := Write(f, keys); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// A Baseline is a set of recorded findings with their counts.
type Baseline struct {
	counts map[Key]int
}

// Read reads a baseline written by Write.
func Read(r io.Reader) (*Baseline, error) {
	var in file
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("reading baseline: %v", err)
	}
	if in.Version != Version {
		return nil, fmt.Errorf("baseline has version %d; this concurlint reads version %d", in.Version, Version)
	}
	b := &Baseline{counts: make(map[Key]int)}
	for _, e := range in.Findings {
		b.counts[e.Key] += max(e.Count, 1)
	}
	return b, nil
}

// ReadFile reads the named baseline file.
func ReadFile(name string) (*Baseline, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return b, nil
}

// Filter returns the findings that the baseline does not account for, and
// the number it suppressed. keys[i] is the key of fs[i]. Findings are
// consumed in order, so when a key occurs more often than recorded, the
// later findings (by position, if fs is sorted) are the ones reported.
func (b *Baseline) Filter(fs []finding.Finding, keys []Key) (kept []finding.Finding, suppressed int) {
	left := make(map[Key]int, len(b.counts))
	for k, n := range b.counts {
		left[k] = n
	}
	for i, f := range fs {
		k := keys[i]
		if left[k] == 0 {
			k.Module = "" // an entry of a baseline that predates modules in keys
		}
		if left[k] > 0 {
			left[k]--
			suppressed++
			continue
		}
		kept = append(kept, f)
	}
	return kept, suppressed
}

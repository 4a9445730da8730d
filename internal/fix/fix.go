// Package fix applies the suggested fixes of findings to source files.
//
// From each finding it takes the first suggested fix, which the analyzers
// order best first. A fix is all or nothing: its edits are accepted
// together, or the fix is skipped. Edits that repeat an accepted edit
// exactly are dropped, since several findings (or the same file analysed
// in a package and its test variant) often suggest the same change; a fix
// with an edit that overlaps a different accepted edit conflicts and is
// skipped, and the conflict is reported. After the edits are applied each Go
// file must still parse, or it is left alone; a file that was gofmt-clean is
// formatted again, so that fixes do not leave formatting to the user.
package fix

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"slices"
	"strings"

	"github.com/concurlint/concurlint/internal/finding"
)

// A Conflict records a fix that was skipped because one of its edits
// overlaps an edit of a fix accepted earlier.
type Conflict struct {
	Finding int // index of the finding whose fix was skipped
	Reason  string
}

// A Plan is the set of edits chosen from the findings' fixes.
type Plan struct {
	// Edits holds the accepted edits of each file, sorted and
	// non-overlapping.
	Edits map[string][]finding.Edit
	// Fixed holds, for each file, the indices of the findings whose fix
	// touches it.
	Fixed map[string][]int
	// Conflicts lists the fixes that were skipped.
	Conflicts []Conflict
}

// NewPlan chooses edits from the first fix of each finding, in order.
func NewPlan(fs []finding.Finding) *Plan {
	p := &Plan{Edits: make(map[string][]finding.Edit), Fixed: make(map[string][]int)}
	for i, f := range fs {
		if len(f.Fixes) == 0 {
			continue
		}
		fix := f.Fixes[0]
		if reason := p.check(fix); reason != "" {
			p.Conflicts = append(p.Conflicts, Conflict{Finding: i, Reason: reason})
			continue
		}
		files := map[string]bool{}
		for _, e := range fix.Edits {
			files[e.Filename] = true
			if !slices.Contains(p.Edits[e.Filename], e) {
				p.Edits[e.Filename] = append(p.Edits[e.Filename], e)
			}
		}
		for name := range files {
			p.Fixed[name] = append(p.Fixed[name], i)
		}
	}
	for name, edits := range p.Edits {
		slices.SortFunc(edits, func(a, b finding.Edit) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
		})
		p.Edits[name] = edits
	}
	return p
}

// check returns why fix cannot be accepted, or "".
func (p *Plan) check(fix finding.Fix) string {
	for i, e := range fix.Edits {
		if e.Start < 0 || e.End < e.Start {
			return fmt.Sprintf("invalid edit [%d, %d) of %s", e.Start, e.End, e.Filename)
		}
		for _, o := range fix.Edits[:i] {
			if o.Filename == e.Filename && o != e && overlap(o, e) {
				return fmt.Sprintf("its edits overlap each other in %s", e.Filename)
			}
		}
		for _, o := range p.Edits[e.Filename] {
			if o != e && overlap(o, e) {
				return fmt.Sprintf("it conflicts with another fix in %s at bytes %d-%d", e.Filename, o.Start, o.End)
			}
		}
	}
	return ""
}

// overlap reports whether two different edits of a file touch the same
// bytes. Two insertions at the same offset overlap too, since their order
// would be arbitrary; an insertion at either end of a replaced range does
// not.
func overlap(a, b finding.Edit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	return a.Start < b.End && b.Start < a.End
}

// A Result is the outcome of applying a plan to one file.
type Result struct {
	Filename string
	Old, New []byte
	Err      error // the file could not be fixed; New is nil
}

// Apply applies the plan, reading each file with read, and returns the
// results in file name order. It writes nothing.
func (p *Plan) Apply(read func(string) ([]byte, error)) []Result {
	var names []string
	for name := range p.Edits {
		names = append(names, name)
	}
	slices.Sort(names)
	var out []Result
	for _, name := range names {
		r := Result{Filename: name}
		r.Old, r.Err = read(name)
		if r.Err == nil {
			r.New, r.Err = edit(name, r.Old, p.Edits[name])
		}
		out = append(out, r)
	}
	return out
}

// edit applies sorted, non-overlapping edits to src and checks the result.
func edit(name string, src []byte, edits []finding.Edit) ([]byte, error) {
	var buf bytes.Buffer
	last := 0
	for _, e := range edits {
		if e.End > len(src) {
			return nil, fmt.Errorf("edit [%d, %d) lies beyond the end of %s (%d bytes); has it changed since the analysis?", e.Start, e.End, name, len(src))
		}
		buf.Write(src[last:e.Start])
		buf.WriteString(e.New)
		last = e.End
	}
	buf.Write(src[last:])
	out := buf.Bytes()
	if !strings.HasSuffix(name, ".go") {
		return out, nil
	}
	if _, err := parser.ParseFile(token.NewFileSet(), name, out, parser.ParseComments|parser.SkipObjectResolution); err != nil {
		return nil, fmt.Errorf("fixes would leave %s unparsable (%v); not applied", name, err)
	}
	if formatted, err := format.Source(src); err == nil && bytes.Equal(formatted, src) {
		if f, err := format.Source(out); err == nil {
			out = f
		}
	}
	return out, nil
}

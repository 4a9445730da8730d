// Package finding holds the driver's own form of a diagnostic: a Finding
// carries resolved file positions rather than token.Pos values, so that
// findings from an in-process run and findings read back from go vet's JSON
// go through the same filters (baseline, new-from-rev) and printers.
package finding

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// A Position is a place in a source file. Line and Column are 1-based;
// Column counts bytes, as go/token does.
type Position struct {
	Filename     string
	Line, Column int
}

// IsValid reports whether the position names a line of a file.
func (p Position) IsValid() bool { return p.Filename != "" && p.Line > 0 }

// String formats p as go/token does: "file:line:col", or "file:line" when
// the column is unknown.
func (p Position) String() string {
	switch {
	case !p.IsValid():
		return "-"
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.Filename, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)
}

// ParsePosition parses the output of Position.String (and of
// token.Position.String), as found in go vet's JSON.
func ParsePosition(s string) (Position, bool) {
	// Split from the right, since file names may contain colons.
	nums := make([]int, 0, 2)
	rest := s
	for range 2 {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		nums = append(nums, n)
		rest = rest[:i]
	}
	switch len(nums) {
	case 2:
		return Position{rest, nums[1], nums[0]}, true
	case 1:
		return Position{rest, nums[0], 0}, true
	}
	return Position{}, false
}

// A Finding is one diagnostic of one pass.
type Finding struct {
	Package  string // ID of the package analysed, e.g. "example.com/m/a [example.com/m/a.test]"
	Pass     string // analyzer name
	Category string // the diagnostic's category, possibly ""
	Pos, End Position
	Message  string
	Related  []Related
	Fixes    []Fix
}

// Related is secondary information attached to a finding, such as where a
// lock was taken.
type Related struct {
	Pos, End Position
	Message  string
}

// A Fix is a suggested fix: edits meant to be applied together or not at
// all.
type Fix struct {
	Message string
	Edits   []Edit
}

// An Edit replaces the bytes [Start, End) of a file with New.
type Edit struct {
	Filename   string
	Start, End int
	New        string
}

// Rule names the finding's rule: "pass/category", or "pass" when the
// finding has no category.
func (f *Finding) Rule() string {
	if f.Category == "" {
		return f.Pass
	}
	return f.Pass + "/" + f.Category
}

// An Error is a failure to analyse a package: a pass returned an error, or
// could not run because the package (or a dependency) has errors.
type Error struct {
	Package string // package ID; "" for errors not tied to one package
	Pass    string // analyzer name; "" for errors not tied to one pass
	Message string
}

func (e Error) Error() string {
	var parts []string
	for _, s := range []string{e.Pass, e.Package, e.Message} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ": ")
}

// FromDiagnostic converts a diagnostic reported by pass on the package with
// the given ID.
func FromDiagnostic(fset *token.FileSet, pkgID, pass string, d analysis.Diagnostic) Finding {
	f := Finding{
		Package:  pkgID,
		Pass:     pass,
		Category: d.Category,
		Pos:      position(fset, d.Pos),
		End:      position(fset, cmp.Or(d.End, d.Pos)),
		Message:  d.Message,
	}
	for _, r := range d.Related {
		f.Related = append(f.Related, Related{
			Pos:     position(fset, r.Pos),
			End:     position(fset, cmp.Or(r.End, r.Pos)),
			Message: r.Message,
		})
	}
	for _, sf := range d.SuggestedFixes {
		fix := Fix{Message: sf.Message}
		for _, e := range sf.TextEdits {
			start := fset.Position(e.Pos)
			end := fset.Position(cmp.Or(e.End, e.Pos))
			fix.Edits = append(fix.Edits, Edit{Filename: start.Filename, Start: start.Offset, End: end.Offset, New: string(e.NewText)})
		}
		f.Fixes = append(f.Fixes, fix)
	}
	return f
}

func position(fset *token.FileSet, pos token.Pos) Position {
	if !pos.IsValid() {
		return Position{}
	}
	p := fset.Position(pos)
	return Position{p.Filename, p.Line, p.Column}
}

// Compare orders findings by file, line, column, then pass, category and
// message, the order in which they are printed.
func Compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Pos.Filename, b.Pos.Filename),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Column, b.Pos.Column),
		cmp.Compare(a.Pass, b.Pass),
		cmp.Compare(a.Category, b.Category),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Package, b.Package),
	)
}

// SortDedupe sorts findings by Compare and drops findings that repeat an
// earlier one at the same position with the same pass and message. The
// same file is analysed more than once when a package is loaded both on
// its own and as part of its test variant.
func SortDedupe(fs []Finding) []Finding {
	slices.SortFunc(fs, Compare)
	return slices.CompactFunc(fs, func(a, b Finding) bool {
		return a.Pos == b.Pos && a.Pass == b.Pass && a.Category == b.Category && a.Message == b.Message
	})
}

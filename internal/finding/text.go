package finding

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// A TextPrinter prints findings one per line as
//
//	file:line:col: message [pass/category]
//
// with related information indented below. File names under Dir are
// printed relative to it.
type TextPrinter struct {
	Dir string
	// Context, when non-negative, is the number of lines of source shown
	// around each finding (the -c flag).
	Context int
	files   map[string][]string
}

// Print writes the findings, which should already be sorted.
func (p *TextPrinter) Print(w io.Writer, fs []Finding) {
	for _, f := range fs {
		fmt.Fprintf(w, "%s: %s [%s]\n", p.pos(f.Pos), f.Message, f.Rule())
		p.context(w, f.Pos, f.End)
		for _, r := range f.Related {
			fmt.Fprintf(w, "\t%s: %s\n", p.pos(r.Pos), r.Message)
			p.context(w, r.Pos, r.End)
		}
	}
}

func (p *TextPrinter) pos(pos Position) string {
	pos.Filename = Rel(p.Dir, pos.Filename)
	return pos.String()
}

func (p *TextPrinter) context(w io.Writer, start, end Position) {
	if p.Context < 0 || !start.IsValid() {
		return
	}
	if p.files == nil {
		p.files = make(map[string][]string)
	}
	lines, ok := p.files[start.Filename]
	if !ok {
		data, _ := os.ReadFile(start.Filename)
		lines = strings.Split(string(data), "\n")
		p.files[start.Filename] = lines
	}
	last := max(start.Line, end.Line)
	if end.Filename != start.Filename {
		last = start.Line
	}
	for i := start.Line - p.Context; i <= last+p.Context; i++ {
		if 1 <= i && i <= len(lines) {
			fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
		}
	}
}

// Rel returns filename relative to dir when it lies under dir, and
// filename unchanged otherwise.
func Rel(dir, filename string) string {
	if dir == "" || !filepath.IsAbs(filename) {
		return filename
	}
	r, err := filepath.Rel(dir, filename)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return filename
	}
	return r
}

package analysisutil

import (
	"fmt"
	"go/token"
	"path/filepath"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"
)

// Tracker records which function a pass is working on, so that a panic can
// name it. A Tracker belongs to one pass and is not shared between goroutines.
type Tracker struct {
	current string
}

// Enter records that the pass is now analysing the named function.
func (t *Tracker) Enter(name string) { t.current = name }

// Guard runs body and turns a panic inside it into an error that names the
// analyzer, the package and the function being analysed, so that one bad
// function costs its package's findings and not the whole run.
func Guard(pass *analysis.Pass, body func(t *Tracker) (any, error)) (result any, err error) {
	t := new(Tracker)
	defer func() {
		if r := recover(); r != nil {
			where := pass.Pkg.Path()
			if t.current != "" {
				where = t.current + " in " + where
			}
			result = nil
			err = fmt.Errorf("internal error in %s while analysing %s: %v\n%s",
				pass.Analyzer.Name, where, r, debug.Stack())
		}
	}()
	return body(t)
}

// Position formats pos as "file.go:line", the short form concurlint uses in
// messages. It returns "" for an invalid position.
func Position(fset *token.FileSet, pos token.Pos) string {
	if !pos.IsValid() {
		return ""
	}
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

package report

import (
	"bytes"
	"go/token"
	"os"

	"golang.org/x/tools/go/analysis"
)

// A file that imports "C" is analysed as cmd/cgo's copy of it, whose //line
// directives map positions back to the user's file, so findings are printed
// at the user's lines and columns. The byte offsets of a suggested fix's
// edits, though, are the copy's, and drivers apply them to the file the
// positions name: the user's. fixEdits rewrites such edits into positions
// of the user's file, added to the file set, and drops a fix whose text
// cannot be found at the mapped place.

// userFile is a user's file added to the file set, with its content.
type userFile struct {
	tf      *token.File
	content []byte
}

// fixEdits returns d with its fixes' edits in cgo copies rewritten into
// edits of the users' files.
func (r *Reporter) fixEdits(d analysis.Diagnostic) analysis.Diagnostic {
	var fixes []analysis.SuggestedFix
	changed := false
	for _, fix := range d.SuggestedFixes {
		out := analysis.SuggestedFix{Message: fix.Message}
		ok := true
		for _, e := range fix.TextEdits {
			m, mapped, good := r.userEdit(e)
			changed = changed || mapped
			if !good {
				ok = false
				break
			}
			out.TextEdits = append(out.TextEdits, m)
		}
		if ok {
			fixes = append(fixes, out)
		}
	}
	if changed {
		d.SuggestedFixes = fixes
	}
	return d
}

// userEdit maps e into the user's file when e lies in a cgo copy. mapped
// says it did; ok is false when it should but cannot.
func (r *Reporter) userEdit(e analysis.TextEdit) (out analysis.TextEdit, mapped, ok bool) {
	fset := r.pass.Fset
	tf := fset.File(e.Pos)
	if tf == nil {
		return e, false, true
	}
	start := fset.Position(e.Pos)
	if start.Filename == tf.Name() || start.Filename == "" {
		return e, false, true // an ordinary file
	}
	end := e.End
	if !end.IsValid() {
		end = e.Pos
	}
	copyText, err := os.ReadFile(tf.Name())
	if err != nil || tf.Offset(end) > len(copyText) {
		return e, true, false
	}
	old := copyText[tf.Offset(e.Pos):tf.Offset(end)]
	u := r.userFile(start.Filename)
	if u == nil || start.Line > u.tf.LineCount() {
		return e, true, false
	}
	from := u.tf.Offset(u.tf.LineStart(start.Line)) + start.Column - 1
	if from < 0 || from+len(old) > len(u.content) || !bytes.Equal(u.content[from:from+len(old)], old) {
		return e, true, false
	}
	return analysis.TextEdit{Pos: u.tf.Pos(from), End: u.tf.Pos(from + len(old)), NewText: e.NewText}, true, true
}

// userFile returns the named file, added to the file set once.
func (r *Reporter) userFile(name string) *userFile {
	if u, ok := r.users[name]; ok {
		return u
	}
	var u *userFile
	if content, err := os.ReadFile(name); err == nil {
		tf := r.pass.Fset.AddFile(name, -1, len(content))
		tf.SetLinesForContent(content)
		u = &userFile{tf, content}
	}
	if r.users == nil {
		r.users = make(map[string]*userFile)
	}
	r.users[name] = u
	return u
}

// Package report is how the concurlint passes report findings: it drops
// findings in generated files and findings suppressed by a
// //concurlint:ignore directive, and reports directives that are malformed
// or suppress nothing. Because suppression happens inside the passes, it
// works the same under every driver (the concurlint command, go vet,
// golangci-lint, nogo).
//
// A directive has the form
//
//	//concurlint:ignore PASS[,PASS...] reason
//
// and applies to findings on its own line or the line below it; placed in a
// function's doc comment it applies to the whole function. The reason is
// required.
package report

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/config"
)

// Passes are the names a directive may use.
var Passes = []string{"lockawait", "blocking", "cpuwork", "leak"}

const prefix = "//concurlint:ignore"

// directive is one //concurlint:ignore comment.
type directive struct {
	pos    token.Pos
	passes []string
	reason string
	// The directive covers lines [from, to] of file.
	file     *token.File
	from, to int
	used     bool
}

// Reporter reports one pass's findings for one package.
type Reporter struct {
	pass       *analysis.Pass
	name       string
	directives []*directive
	generated  map[*token.File]bool
	// Generated, when true, reports findings in generated files too.
	Generated bool
}

// New returns a Reporter for pass, reading the package's directives.
func New(pass *analysis.Pass) *Reporter {
	r := &Reporter{pass: pass, name: pass.Analyzer.Name, generated: make(map[*token.File]bool),
		Generated: config.Current().Generated == config.GeneratedReport}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil {
			continue
		}
		if ast.IsGenerated(f) {
			r.generated[tf] = true
		}
		r.readDirectives(f, tf)
	}
	return r
}

func (r *Reporter) readDirectives(f *ast.File, tf *token.File) {
	// Directives in a function's doc comment cover the function.
	docOf := make(map[*ast.CommentGroup]ast.Node)
	for _, decl := range f.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc != nil {
			docOf[fd.Doc] = fd
		}
	}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if !strings.HasPrefix(c.Text, prefix) {
				continue
			}
			rest := strings.TrimPrefix(c.Text, prefix)
			if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
				continue // e.g. //concurlint:ignored
			}
			// A nested comment ends the directive ("... // want ...").
			if i := strings.Index(rest, "//"); i >= 0 {
				rest = rest[:i]
			}
			fields := strings.Fields(rest)
			d := &directive{pos: c.Pos(), file: tf}
			if len(fields) > 0 {
				d.passes = strings.Split(fields[0], ",")
				d.reason = strings.Join(fields[1:], " ")
			}
			line := tf.Line(c.Pos())
			d.from, d.to = line, line+1
			if fn, ok := docOf[cg]; ok {
				d.from, d.to = tf.Line(fn.Pos()), tf.Line(fn.End())
			}
			r.directives = append(r.directives, d)
		}
	}
}

// Report reports d unless it is in a generated file or suppressed.
func (r *Reporter) Report(d analysis.Diagnostic) {
	tf := r.pass.Fset.File(d.Pos)
	if tf == nil {
		return
	}
	if r.generated[tf] && !r.Generated {
		return
	}
	if r.Suppressed(d.Pos) {
		return
	}
	r.pass.Report(d)
}

// Suppressed reports whether a directive for this pass covers pos, and
// counts the directive as used. A pass that reports a finding away from
// its cause (blocking reports a wait at the handler's call that leads to
// it) asks here so that a directive at the cause suppresses the finding.
func (r *Reporter) Suppressed(pos token.Pos) bool {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	line := tf.Line(pos)
	for _, dir := range r.directives {
		if dir.file == tf && line >= dir.from && line <= dir.to && dir.reason != "" && slices.Contains(dir.passes, r.name) {
			dir.used = true
			return true
		}
	}
	return false
}

// Reportf reports a diagnostic with a category at pos.
func (r *Reporter) Reportf(pos token.Pos, category, format string, args ...any) {
	r.Report(analysis.Diagnostic{Pos: pos, Category: category, Message: fmt.Sprintf(format, args...)})
}

// Finish reports this pass's directives that are malformed or suppressed
// nothing. The first pass in Passes also reports directives that name no
// known pass, so that each problem is reported once.
func (r *Reporter) Finish() {
	for _, dir := range r.directives {
		if r.generated[dir.file] {
			continue
		}
		mine := slices.Contains(dir.passes, r.name)
		known := slices.ContainsFunc(dir.passes, func(p string) bool { return slices.Contains(Passes, p) })
		switch {
		case len(dir.passes) == 0 && r.name == Passes[0]:
			r.pass.Report(analysis.Diagnostic{Pos: dir.pos, Category: "bad-ignore",
				Message: "concurlint:ignore directive names no pass; write //concurlint:ignore PASS reason"})
		case !known && len(dir.passes) > 0 && r.name == Passes[0]:
			r.pass.Report(analysis.Diagnostic{Pos: dir.pos, Category: "bad-ignore",
				Message: fmt.Sprintf("concurlint:ignore directive names unknown pass %q; the passes are %s", dir.passes[0], strings.Join(Passes, ", "))})
		case mine && dir.reason == "":
			r.pass.Report(analysis.Diagnostic{Pos: dir.pos, Category: "bad-ignore",
				Message: fmt.Sprintf("concurlint:ignore %s directive needs a reason; it suppresses nothing until it has one", r.name)})
		case mine && !dir.used:
			r.pass.Report(analysis.Diagnostic{Pos: dir.pos, Category: "unused-ignore",
				Message: fmt.Sprintf("concurlint:ignore %s directive suppresses nothing; remove it", r.name)})
		}
	}
}

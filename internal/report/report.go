// Package report is how the concurlint passes report findings: it drops
// findings in generated files, in code a constant condition turns off (see
// dead.go) and findings suppressed by a //concurlint:ignore directive, and
// reports directives that are malformed or suppress nothing. Because
// suppression happens inside the passes, it works the same under every driver (the concurlint command, go vet,
// golangci-lint, nogo).
//
// A directive has the form
//
//	//concurlint:ignore PASS[,PASS...] reason
//
// and applies to findings on its own line or the line below it; placed in a
// function's doc comment it applies to the whole function. The reason is
// required.
//
// Each directive is checked by the pass it names (Reporter.Finish), when
// that pass runs; names that are no pass of the suite are checked once per
// package by the shared model (CheckDirectives), so that a misspelling is
// reported whichever passes run. What the reporter needs from the driver
// comes through the pass's own flags (RegisterFlags), never from process
// state, so that every driver configures it the same way.
package report

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/analysisutil"
	"github.com/concurlint/concurlint/internal/passdoc"
)

// Passes are the names a directive may use: the passes of the suite
// (concurlint.Analyzers, which a test compares). The list is data rather
// than the analyzers themselves so that a driver running only some passes
// (nogo, a multichecker of one's own) still knows the others' names.
var Passes = []string{"lockawait", "blocking", "cpuwork", "leak"}

// Categories of the problems with directives, which every pass (and the
// model) may report; they are documented in docs/usage.md.
var directives = passdoc.NewShared("concurlint:ignore directives", "usage.md")

var (
	catBadIgnore    = directives.Add("bad-ignore", passdoc.Warning, "a concurlint:ignore directive without a pass or a reason")
	catUnusedIgnore = directives.Add("unused-ignore", passdoc.Note, "a concurlint:ignore directive that suppresses nothing")
	catUnknownPass  = directives.Add("unknown-pass", passdoc.Warning, "a concurlint:ignore directive that names no pass of concurlint")
)

const prefix = "//concurlint:ignore"

// GeneratedFlag is the name of the flag, registered on each pass by
// RegisterFlags, that says what to do with findings in generated files.
const GeneratedFlag = "generated"

// RegisterFlags registers the reporter's options on a pass's flags:
// -PASS.generated=skip|report.
func RegisterFlags(fs *flag.FlagSet) {
	g := generated("skip")
	fs.Var(&g, GeneratedFlag, "findings in files with a \"// Code generated ... DO NOT EDIT.\" header: skip them, or report them")
}

// generated is the value of the -PASS.generated flag.
type generated string

func (g *generated) String() string { return string(*g) }

func (g *generated) Set(s string) error {
	if s != "skip" && s != "report" {
		return fmt.Errorf("want skip or report, not %q", s)
	}
	*g = generated(s)
	return nil
}

// reportGenerated reports whether the pass's -generated flag asks for
// findings in generated files.
func reportGenerated(a *analysis.Analyzer) bool {
	f := a.Flags.Lookup(GeneratedFlag)
	return f != nil && f.Value.String() == "report"
}

// directive is one //concurlint:ignore comment.
type directive struct {
	pos    token.Pos
	passes []string
	reason string
	// The directive covers lines [from, to] of file.
	file     *token.File
	from, to int
	used     bool
	// spaced marks "// concurlint:ignore", with a space: not a directive.
	spaced bool
}

// spacedDirective matches a directive written with a space after //.
var spacedDirective = regexp.MustCompile(`^//\s+concurlint:ignore\b`)

// Reporter reports one pass's findings for one package.
type Reporter struct {
	pass       *analysis.Pass
	name       string
	directives []*directive
	generated  map[*token.File]bool
	dead       []deadRange          // code a constant condition turns off
	users      map[string]*userFile // users' files of cgo copies (see cgo.go)
	// reported holds the findings reported so far: a rule reached
	// along two routes (nested callbacks) may find the same thing
	// twice, and go vet prints every diagnostic it is given.
	reported map[reportedKey]bool
	// Generated, when true, reports findings in generated files too. It
	// starts as the pass's -generated flag says.
	Generated bool
	// SkipsTests says the pass does not look at _test.go files: a
	// directive there is for runs that do, and is not unused.
	SkipsTests bool
}

// New returns a Reporter for pass, reading the package's directives.
func New(pass *analysis.Pass) *Reporter {
	r := &Reporter{pass: pass, name: pass.Analyzer.Name, Generated: reportGenerated(pass.Analyzer)}
	r.directives, r.generated = readDirectives(pass)
	for _, f := range pass.Files {
		r.dead = append(r.dead, deadRanges(f, pass.TypesInfo)...)
	}
	return r
}

// readDirectives returns the directives of the package's files, and which
// files are generated.
func readDirectives(pass *analysis.Pass) ([]*directive, map[*token.File]bool) {
	var dirs []*directive
	gen := make(map[*token.File]bool)
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil {
			continue
		}
		if analysisutil.IsGenerated(pass.Fset, f) {
			gen[tf] = true
		}
		dirs = append(dirs, fileDirectives(f, tf)...)
	}
	return dirs, gen
}

func fileDirectives(f *ast.File, tf *token.File) []*directive {
	var out []*directive
	// Directives in a function's doc comment cover the function.
	docOf := make(map[*ast.CommentGroup]ast.Node)
	for _, decl := range f.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc != nil {
			docOf[fd.Doc] = fd
		}
	}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if spacedDirective.MatchString(c.Text) {
				// "// concurlint:ignore" is an ordinary comment to
				// the go tools; say so rather than ignore it.
				out = append(out, &directive{pos: c.Pos(), file: tf, spaced: true})
				continue
			}
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
			out = append(out, d)
		}
	}
	return out
}

// reportedKey identifies a finding for deduplication.
type reportedKey struct {
	pos               token.Pos
	category, message string
}

// Report reports d unless it is in a generated file or suppressed, or
// repeats a finding already reported.
func (r *Reporter) Report(d analysis.Diagnostic) {
	k := reportedKey{d.Pos, d.Category, d.Message}
	if r.reported[k] {
		return
	}
	if r.reported == nil {
		r.reported = make(map[reportedKey]bool)
	}
	r.reported[k] = true
	tf := r.pass.Fset.File(d.Pos)
	if tf == nil {
		return
	}
	if r.generated[tf] && !r.Generated || r.inDeadCode(d.Pos) {
		return
	}
	if r.Suppressed(d.Pos) {
		return
	}
	r.pass.Report(r.fixEdits(d))
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

// Finish reports the directives that name this pass and are malformed or
// suppressed nothing.
func (r *Reporter) Finish() {
	for _, dir := range r.directives {
		if r.generated[dir.file] || !slices.Contains(dir.passes, r.name) {
			continue
		}
		switch {
		case dir.reason == "":
			reportDirective(r.pass, dir.pos, catBadIgnore,
				fmt.Sprintf("concurlint:ignore %s directive needs a reason; it suppresses nothing until it has one", r.name))
		case !dir.used && !(r.SkipsTests && strings.HasSuffix(dir.file.Name(), "_test.go")):
			reportDirective(r.pass, dir.pos, catUnusedIgnore,
				fmt.Sprintf("concurlint:ignore %s directive suppresses nothing; remove it", r.name))
		}
	}
}

// CheckDirectives reports the directives of the package that name no pass,
// or a pass that is not one of Passes. The shared model calls it once per
// package, so that such a directive is reported once, whichever passes run.
func CheckDirectives(pass *analysis.Pass) {
	dirs, gen := readDirectives(pass)
	for _, dir := range dirs {
		if gen[dir.file] {
			continue
		}
		if dir.spaced {
			reportDirective(pass, dir.pos, catBadIgnore,
				"concurlint:ignore directive has a space after //, so it is an ordinary comment and suppresses nothing; write //concurlint:ignore PASS reason")
			continue
		}
		if len(dir.passes) == 0 {
			reportDirective(pass, dir.pos, catBadIgnore,
				"concurlint:ignore directive names no pass; write //concurlint:ignore PASS reason")
			continue
		}
		for _, p := range dir.passes {
			if slices.Contains(Passes, p) {
				continue
			}
			msg := fmt.Sprintf("concurlint:ignore directive names unknown pass %q, so it suppresses nothing", p)
			if near := nearest(p); near != "" {
				msg += fmt.Sprintf("; did you mean %s?", near)
			} else {
				msg += fmt.Sprintf("; the passes are %s", strings.Join(Passes, ", "))
			}
			reportDirective(pass, dir.pos, catUnknownPass, msg)
		}
	}
}

// reportDirective reports a problem with a directive. Its URL is set
// here: the category is documented on the shared page, not on the
// reporting pass's own.
func reportDirective(pass *analysis.Pass, pos token.Pos, cat, msg string) {
	pass.Report(analysis.Diagnostic{Pos: pos, Category: cat, Message: msg, URL: directives.CategoryURL(cat)})
}

// nearest returns the pass whose name is within two edits of name, or "".
func nearest(name string) string {
	best, dist := "", 3
	for _, p := range Passes {
		if d := editDistance(strings.ToLower(name), p); d < dist {
			best, dist = p, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

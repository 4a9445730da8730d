package report

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// newPass returns a pass over one file that records what is reported.
func newPass(t *testing.T, src string) (*analysis.Pass, *[]analysis.Diagnostic) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: make(map[ast.Expr]types.TypeAndValue), Uses: make(map[*ast.Ident]types.Object), Defs: make(map[*ast.Ident]types.Object)}
	if _, err := new(types.Config).Check("x", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	var got []analysis.Diagnostic
	pass := &analysis.Pass{
		Analyzer:  &analysis.Analyzer{Name: "lockawait"},
		Fset:      fset,
		Files:     []*ast.File{f},
		TypesInfo: info,
		Report:    func(d analysis.Diagnostic) { got = append(got, d) },
	}
	return pass, &got
}

// The same finding reported twice (a rule reached along two routes) is
// passed on once: go vet prints every diagnostic it is given.
func TestReportOnce(t *testing.T) {
	pass, got := newPass(t, "package x\n\nfunc F() {}\n")
	r := New(pass)
	pos := pass.Files[0].Decls[0].Pos()
	d := analysis.Diagnostic{Pos: pos, Category: "double-lock", Message: "m"}
	r.Report(d)
	r.Report(d)
	r.Report(analysis.Diagnostic{Pos: pos, Category: "double-lock", Message: "another"})
	r.Finish()
	if len(*got) != 2 {
		t.Errorf("reported %d diagnostics, want 2: %v", len(*got), *got)
	}
}

// Findings in code a constant condition turns off are dropped.
func TestDeadCode(t *testing.T) {
	src := `package x

const debug = false

func f() {}

func F(x bool) {
	if debug {
		f() // dead
	}
	if debug && x {
		f() // dead
	}
	if !debug || x {
		f() // live
	} else {
		f() // dead
	}
	if !debug {
		return
	}
	f() // dead
}
`
	pass, got := newPass(t, src)
	r := New(pass)
	ast.Inspect(pass.Files[0], func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			r.Report(analysis.Diagnostic{Pos: call.Pos(), Message: "call"})
		}
		return true
	})
	r.Finish()
	var lines []int
	for _, d := range *got {
		lines = append(lines, pass.Fset.Position(d.Pos).Line)
	}
	if len(lines) != 1 || lines[0] != 15 {
		t.Errorf("reported at lines %v, want [15]", lines)
	}
}

// A directive written with a space after // is an ordinary comment to the
// go tools: it is reported, not silently ignored.
func TestSpacedDirective(t *testing.T) {
	pass, got := newPass(t, "package x\n\n// concurlint:ignore lockawait the reason\nfunc F() {}\n")
	CheckDirectives(pass)
	if len(*got) != 1 || (*got)[0].Category != "bad-ignore" {
		t.Errorf("got %v, want one bad-ignore", *got)
	}
}

func TestNearest(t *testing.T) {
	for name, want := range map[string]string{
		"blokcing": "blocking", // two letters swapped
		"lockwait": "lockawait",
		"Leak":     "leak",
		"cpu":      "", // too far from every pass
		"this":     "",
	} {
		if got := nearest(name); got != want {
			t.Errorf("nearest(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestGeneratedFlag(t *testing.T) {
	var fs flag.FlagSet
	RegisterFlags(&fs)
	f := fs.Lookup(GeneratedFlag)
	if f == nil || f.DefValue != "skip" {
		t.Fatalf("flag %v", f)
	}
	if err := fs.Set(GeneratedFlag, "report"); err != nil || f.Value.String() != "report" {
		t.Errorf("Set(report): %v, %s", err, f.Value)
	}
	if err := fs.Set(GeneratedFlag, "sometimes"); err == nil {
		t.Error("Set(sometimes) must fail")
	}
}

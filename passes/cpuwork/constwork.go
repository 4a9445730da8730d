package cpuwork

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/format"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/knowledge"
)

// checkConstWork reports a call that redoes constant work (compiling a
// constant pattern, parsing a constant template) inside a loop or on every
// request, and offers to hoist it into a package-level variable where
// that is mechanical.
func (c *checker) checkConstWork(file *ast.File, call *ast.CallExpr, fn *types.Func, w knowledge.ConstWork, path []ast.Node) {
	fi := enclosingFunc(path)
	if fi < 0 || runsOnce(c.pass.Pkg, path[0]) {
		return // package level, init and main run once
	}
	if !c.constArgs(call, w) || (w.FreshReceiver && !c.freshReceiver(call)) {
		return
	}
	if c.cached(path) {
		return // the result is kept beyond the call: computed once, lazily
	}
	var category, where string
	if l := c.repeatingLoop(path); l != nil {
		category, where = catLoopWork, "on every iteration of the "+c.loopPos(l)
	} else if why, ok := c.onRequestPath(c.funcOf[path[fi]]); ok {
		category, where = catRequestWork, why
	} else {
		return
	}
	d := analysis.Diagnostic{
		Pos: call.Pos(), End: call.End(), Category: category,
		Message: fmt.Sprintf("%s %s %s; %s once, in a package-level variable",
			spell(call.Fun), w.Does, where, remedyVerb(fn)),
	}
	if fix, ok := c.hoistFix(file, call, fn, w, path); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.r.Report(d)
}

// repeatingLoop returns the innermost loop around the end of path in which
// it runs more than once, or nil.
func (c *checker) repeatingLoop(path []ast.Node) ast.Stmt {
	loops, at := loopsAround(path)
	for i, l := range loops {
		below := path[at[i]+1:]
		if !exitsAfter(l, labelOf(path, at[i]), below) && !c.oncePerLoop(l, below) {
			return l
		}
	}
	return nil
}

// remedyVerb says what to do once with the result of fn, for messages.
func remedyVerb(fn *types.Func) string {
	switch fn.Pkg().Path() {
	case "regexp":
		return "compile it"
	case "text/template", "html/template":
		return "parse it"
	}
	return "compute it"
}

// runsOnce reports whether the top-level declaration d runs once per
// process: an init function, or main in package main.
func runsOnce(pkg *types.Package, d ast.Node) bool {
	fd, ok := d.(*ast.FuncDecl)
	if !ok {
		return true // a variable initialiser
	}
	if fd.Recv != nil {
		return false
	}
	return fd.Name.Name == "init" || (fd.Name.Name == "main" && pkg.Name() == "main")
}

// constArgs reports whether the arguments the entry names are constants.
func (c *checker) constArgs(call *ast.CallExpr, w knowledge.ConstWork) bool {
	if call.Ellipsis.IsValid() || len(call.Args) == 0 {
		return false
	}
	if w.Args == nil {
		for _, a := range call.Args {
			if !c.isConst(a) {
				return false
			}
		}
		return true
	}
	for _, i := range w.Args {
		if i >= len(call.Args) || !c.isConst(call.Args[i]) {
			return false
		}
	}
	return true
}

// freshReceiver reports whether a method call's receiver is built, in the
// same expression, by a chain of fresh builders from constants:
// template.New("x").Funcs(fm).Parse(text).
func (c *checker) freshReceiver(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x := ast.Unparen(sel.X)
	for {
		inner, ok := x.(*ast.CallExpr)
		if !ok {
			return false
		}
		fn := c.calleeOf(inner)
		if fn == nil || !knowledge.IsFreshBuilder(fn) {
			return false
		}
		if fn.Name() != "Funcs" { // a function map is configuration, not data
			for _, a := range inner.Args {
				if !c.isConst(a) {
					return false
				}
			}
		}
		if fn.Signature().Recv() == nil {
			return true
		}
		s, ok := ast.Unparen(inner.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		x = ast.Unparen(s.X)
	}
}

// cached reports whether the call's result is stored beyond the call, in
// a package-level variable or a field (lazy initialisation), or the call
// runs inside sync.Once: then it is computed once, not per call.
func (c *checker) cached(path []ast.Node) bool {
	call := path[len(path)-1]
	for i := len(path) - 2; i >= 0; i-- {
		switch p := path[i].(type) {
		case *ast.AssignStmt:
			for j, rhs := range p.Rhs {
				if rhs != call || j >= len(p.Lhs) {
					continue
				}
				switch lhs := ast.Unparen(p.Lhs[j]).(type) {
				case *ast.Ident:
					if v, ok := c.info.ObjectOf(lhs).(*types.Var); ok && v.Parent() == v.Pkg().Scope() {
						return true
					}
				case *ast.SelectorExpr, *ast.IndexExpr:
					return true
				}
			}
			return false
		case *ast.FuncLit:
			return c.onceBody(path[:i], p)
		case ast.Stmt:
			return false
		}
		call = path[i]
	}
	return false
}

// onceBody reports whether lit, at the end of path, is the function given
// to sync.Once.Do or to sync.OnceFunc, OnceValue or OnceValues.
func (c *checker) onceBody(path []ast.Node, lit *ast.FuncLit) bool {
	if len(path) == 0 {
		return false
	}
	call, ok := path[len(path)-1].(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := c.calleeOf(call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return false
	}
	switch fn.Name() {
	case "Do", "OnceFunc", "OnceValue", "OnceValues":
		return true
	}
	return false
}

// hoistFix builds the fix that moves a constant Must call into a new
// package-level variable declared just before the enclosing function.
func (c *checker) hoistFix(file *ast.File, call *ast.CallExpr, fn *types.Func, w knowledge.ConstWork, path []ast.Node) (analysis.SuggestedFix, bool) {
	decl, ok := path[0].(*ast.FuncDecl)
	if !ok || !w.Hoist || len(call.Args) != 1 {
		return analysis.SuggestedFix{}, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	if id, ok := sel.X.(*ast.Ident); !ok {
		return analysis.SuggestedFix{}, false
	} else if _, ok := c.info.Uses[id].(*types.PkgName); !ok {
		return analysis.SuggestedFix{}, false // reached through a variable: not a package function
	}
	tv := c.info.Types[call.Args[0]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return analysis.SuggestedFix{}, false
	}
	pattern := constant.StringVal(tv.Value)
	if !valid(w.Validate, pattern) || c.callsLongest(decl) {
		// A bad pattern would panic at start-up instead of when
		// called; Longest changes a regexp in place, so it cannot be
		// shared.
		return analysis.SuggestedFix{}, false
	}
	arg, ok := c.portableText(call.Args[0], pattern)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	name := c.hoistName(file, call, decl, path)
	at := decl.Pos()
	if decl.Doc != nil {
		at = decl.Doc.Pos()
	}
	c.hoisted[name] = true
	text := fmt.Sprintf("var %s = %s.%s(%s)\n\n", name, sel.X.(*ast.Ident).Name, sel.Sel.Name, arg)
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("Hoist %s into package-level variable %s", spell(call.Fun), name),
		TextEdits: []analysis.TextEdit{
			{Pos: at, End: at, NewText: []byte(text)},
			{Pos: call.Pos(), End: call.End(), NewText: []byte(name)},
		},
	}, true
}

// valid reports whether a constant passes the entry's validation.
func valid(how, s string) bool {
	switch how {
	case "regexp":
		_, err := regexp.Compile(s)
		return err == nil
	case "regexp-posix":
		_, err := regexp.CompilePOSIX(s)
		return err == nil
	}
	return how == ""
}

// callsLongest reports whether decl calls (*regexp.Regexp).Longest, which
// modifies a compiled regexp in place.
func (c *checker) callsLongest(decl ast.Node) bool {
	found := false
	ast.Inspect(decl, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn := c.calleeOf(call); fn != nil && knowledge.Key(fn) == "(*regexp.Regexp).Longest" {
				found = true
			}
		}
		return !found
	})
	return found
}

// portableText returns source text for the constant e that means the same
// at package level: e as written when it names only package-level and
// universe objects, otherwise the constant's value as a literal.
func (c *checker) portableText(e ast.Expr, value string) (string, bool) {
	local := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			obj := c.info.Uses[id]
			if obj != nil && obj.Parent() != types.Universe && obj.Parent() != c.pass.Pkg.Scope() {
				if _, isPkg := obj.(*types.PkgName); !isPkg {
					local = true
				}
			}
		}
		return !local
	})
	if !local {
		var buf bytes.Buffer
		if err := format.Node(&buf, c.pass.Fset, e); err != nil {
			return "", false
		}
		return buf.String(), true
	}
	if utf8.ValidString(value) && !strings.ContainsAny(value, "`\r") {
		return "`" + value + "`", true
	}
	return strconv.Quote(value), true
}

// genericNames are variable names too vague to name a package-level
// variable on their own.
var genericNames = map[string]bool{
	"re": true, "rx": true, "r": true, "regex": true, "regexp": true, "reg": true,
	"pattern": true, "pat": true, "p": true, "exp": true, "expr": true, "matcher": true, "m": true,
}

// hoistName chooses a name for the package-level variable: from the
// local the result was assigned to when that name says something
// ("word" gives "wordRe"), otherwise from the function's name ("parseRe"),
// made unique in the package, free at the call site and different from
// the local, which would otherwise shadow it.
func (c *checker) hoistName(file *ast.File, call *ast.CallExpr, decl *ast.FuncDecl, path []ast.Node) string {
	local := ""
	if as, ok := path[len(path)-2].(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 && as.Rhs[0] == call {
		if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
			local = id.Name
		}
	}
	if vs, ok := path[len(path)-2].(*ast.ValueSpec); ok && len(vs.Names) == 1 && len(vs.Values) == 1 {
		local = vs.Names[0].Name
	}
	fnName := lowerFirst(decl.Name.Name)
	var base string
	switch {
	case local == "" || genericNames[strings.ToLower(local)]:
		base = fnName + "Re"
	case strings.HasSuffix(strings.ToLower(local), "re") || strings.HasSuffix(strings.ToLower(local), "regexp"):
		base = fnName + upperFirst(local)
	default:
		base = local + "Re"
	}
	scope := c.info.Scopes[file].Innermost(call.Pos())
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s%d", base, i)
		}
		if name != local && c.nameFree(name, scope, call.Pos()) {
			return name
		}
	}
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// nameFree reports whether name can be declared at package level: no
// package-level object or import of any file has it, no earlier fix took
// it, and nothing at pos would shadow it.
func (c *checker) nameFree(name string, scope *types.Scope, pos token.Pos) bool {
	if c.hoisted[name] || c.pass.Pkg.Scope().Lookup(name) != nil {
		return false
	}
	for _, f := range c.pass.Files {
		if s := c.info.Scopes[f]; s != nil && s.Lookup(name) != nil {
			return false
		}
	}
	if scope != nil {
		if _, obj := scope.LookupParent(name, pos); obj != nil {
			return false
		}
	}
	return true
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	// Keep initialisms whole: ServeHTTP -> serveHTTP, HTTPServe -> httpServe.
	upper := 0
	for _, r := range s {
		if !unicode.IsUpper(r) {
			break
		}
		upper++
	}
	if upper > 1 && upper < len(s) {
		return strings.ToLower(s[:upper-1]) + s[upper-1:]
	}
	if upper > 1 {
		return strings.ToLower(s)
	}
	return string(unicode.ToLower(r)) + s[n:]
}

package cpuwork

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/passkit"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/reqpath"
	"github.com/concurlint/concurlint/internal/ssax"
)

//go:embed doc.go
var doc string

// Analyzer reports unbounded goroutine fan-out and constant CPU work
// redone per request or per loop iteration.
var Analyzer = passkit.New(passkit.Spec{
	Categories: categories,
	Requires:   []*analysis.Analyzer{reqpath.Analyzer},
	Tests:      &tests,
	Run:        run,
})

// Flags.
var (
	// acceptLoops reports a goroutine per accepted connection.
	acceptLoops bool
	// tests analyses _test.go files too.
	tests bool
	// extraConstFuncs names more functions whose constant calls are
	// wasted work.
	extraConstFuncs string
)

func init() {
	passkit.Document(Analyzer, categories, doc)
	Analyzer.Flags.BoolVar(&acceptLoops, "accept-loops", false, "report a goroutine started per accepted connection (the classic server accept loop)")
	Analyzer.Flags.BoolVar(&tests, "tests", false, "analyse _test.go files too")
	Analyzer.Flags.Var(knowledge.NewLimiterFlag(), "limiters", "comma-separated limiter types (example.com/sem.Gate: a call of any of its methods bounds a fan-out) or limiter methods by FullName ((*example.com/sem.Gate).Enter)")
	Analyzer.Flags.StringVar(&extraConstFuncs, "const-funcs", "", "comma-separated FullNames of more functions whose calls with all-constant arguments are redone work (\"example.com/schema.Compile\")")
}

func run(p *passkit.Pass) error {
	addExtraConstFuncs()
	c := newChecker(p.Pass, p.Model, p.Report)
	for _, f := range p.Files {
		if !tests && strings.HasSuffix(p.Fset.File(f.Pos()).Name(), "_test.go") {
			continue // neither fan-out nor redone work in tests costs production CPU
		}
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				p.Track.Enter(fd.Name.Name)
			}
			c.checkDecl(f, decl)
		}
	}
	return nil
}

// addExtraConstFuncs adds the functions named by -const-funcs to the
// table. Flags are parsed before any package is analysed, and packages may
// be analysed in parallel: the table is extended by the first run that
// sees a new value of the flag, under a lock, and only read afterwards.
func addExtraConstFuncs() {
	extraMu.Lock()
	defer extraMu.Unlock()
	if extraConstFuncs == extraAdded {
		return
	}
	for _, name := range strings.Split(extraConstFuncs, ",") {
		if name = strings.TrimSpace(name); name != "" {
			knowledge.AddConstWork(name)
		}
	}
	extraAdded = extraConstFuncs
}

var (
	extraMu    sync.Mutex
	extraAdded string // the value of -const-funcs already in the table
)

type checker struct {
	pass *analysis.Pass
	m    *model.Model
	r    *report.Reporter
	info *types.Info

	// requests says which functions run once per request (the request
	// paths of the reqpath analyzer).
	requests requestPaths
	// funcOf maps a function's syntax (FuncDecl or FuncLit) to its SSA
	// function.
	funcOf map[ast.Node]*ssa.Function
	// decls maps the package's functions to their declarations.
	decls map[*types.Func]*ast.FuncDecl
	// assigns records, per top-level declaration, every assignment to
	// each local variable.
	assigns map[ast.Decl]map[types.Object][]ast.Expr
	// limitedGroups are the errgroup variables and fields SetLimit is
	// called on somewhere in the package.
	limitedGroups map[types.Object]bool
	// hoisted are the package-level names suggested fixes introduce.
	hoisted map[string]bool
	// endpoints caches isEndpoint by type.
	endpoints map[string]bool
	msets     typeutil.MethodSetCache
	// std caches whether an import path is in the standard library.
	std map[string]bool
}

func newChecker(pass *analysis.Pass, m *model.Model, r *report.Reporter) *checker {
	c := &checker{
		pass: pass, m: m, r: r, info: pass.TypesInfo,
		funcOf:        make(map[ast.Node]*ssa.Function),
		decls:         make(map[*types.Func]*ast.FuncDecl),
		assigns:       make(map[ast.Decl]map[types.Object][]ast.Expr),
		limitedGroups: make(map[types.Object]bool),
		hoisted:       make(map[string]bool),
		endpoints:     make(map[string]bool),
		std:           make(map[string]bool),
		requests:      sharedPaths{pass.ResultOf[reqpath.Analyzer].(*reqpath.Paths)},
	}
	for _, fn := range m.Funcs {
		if syn := fn.Syntax(); syn != nil {
			switch syn.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				c.funcOf[syn] = fn
			}
		}
	}
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if obj, ok := c.info.Defs[fd.Name].(*types.Func); ok {
					c.decls[obj] = fd
				}
			}
		}
		c.findLimitedGroups(f)
	}
	return c
}

// checkDecl checks every spawn site and call of one top-level declaration.
func (c *checker) checkDecl(file *ast.File, decl ast.Decl) {
	var stack []ast.Node
	ast.Inspect(decl, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.GoStmt:
			c.checkSpawn(c.goSite(n, stack))
		case *ast.CallExpr:
			fn, _ := typeutil.Callee(c.info, n).(*types.Func)
			if fn == nil {
				break
			}
			if s, ok := c.callSite(n, fn, stack); ok {
				c.checkSpawn(s)
			}
			if w, ok := knowledge.LookupConstWork(fn); ok {
				c.checkConstWork(file, n, fn, w, stack)
			}
		}
		return true
	})
}

// onRequestPath reports whether fn runs once per request.
func (c *checker) onRequestPath(fn *ssa.Function) (string, bool) {
	return c.requests.OnRequestPath(fn)
}

// enclosingFunc returns the index in path of the innermost function
// (FuncDecl or FuncLit), or -1 for code at package level.
func enclosingFunc(path []ast.Node) int {
	for i := len(path) - 1; i >= 0; i-- {
		switch path[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return i
		}
	}
	return -1
}

// summaryOf returns the model's summary of fn, from this package or from a
// fact, or nil.
func (c *checker) summaryOf(fn *types.Func) *model.Summary {
	if fn.Pkg() == c.pass.Pkg {
		if f := c.m.Pkg.Prog.FuncValue(fn.Origin()); f != nil {
			return c.m.Summary(f)
		}
		return nil
	}
	return c.m.CalleeSummary(ssax.Callee{Obj: fn})
}

// calleeOf returns the function a call expression calls, when it is
// known statically or is an interface method.
func (c *checker) calleeOf(call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(c.info, call).(*types.Func)
	return fn
}

// spell returns the user's spelling of e.
func spell(e ast.Expr) string { return ssax.Spell(e) }

// pos formats a position as "file.go:12".
func (c *checker) pos(p token.Pos) string { return c.m.Pos(p) }

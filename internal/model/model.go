// Package model is concurlint's shared concurrency model. Its analyzer builds
// the SSA form of a package once, computes for every function a summary of
// what calling it can do (block, acquire or release locks, use channels it is
// given, honour a context), computes the locks held at every instruction,
// and exports the summaries as facts so that callers in other packages see
// them. The passes require this analyzer and read its Result; it is the only
// concurlint analyzer with facts.
//
// Standard-library packages are not analysed: the tables in package
// knowledge describe them, which keeps a run from building SSA for the whole
// standard library.
package model

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analysisutil"
	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/lockset"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/srcinfo"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Analyzer computes the Model of a package.
var Analyzer = &analysis.Analyzer{
	Name:             "concurmodel",
	Doc:              "concurmodel: build SSA and concurrency summaries shared by the concurlint passes",
	URL:              "https://github.com/concurlint/concurlint/blob/main/docs/how-it-works.md",
	Run:              run,
	RunDespiteErrors: true, // so that a type error here does not fail every importer
	ResultType:       reflect.TypeFor[*Model](),
	FactTypes:        []analysis.Fact{new(FuncFact), new(LockOrderFact)},
}

// Model is the result of Analyzer for one package.
type Model struct {
	Pass *analysis.Pass
	// Pkg is the SSA package, nil when the package was not analysed
	// (standard library, type errors).
	Pkg *ssa.Package
	// Funcs are the package's source functions, closures included, in
	// source order.
	Funcs []*ssa.Function
	// Src maps SSA positions back to syntax.
	Src *ssax.Source
	// Edges are the lock-order edges seen in this package.
	Edges []OrderEdge

	summaries map[*ssa.Function]*Summary
	imported  cache[*types.Func, *Summary] // facts of callees in other packages
	locksets  cache[*ssa.Function, *lockset.Result]
	noReturn  map[*ssa.Function]bool
	conds     map[string][]ssax.Field // cond field identity -> locker path relative to the cond's owner
	ctxValues cache[*ssa.Function, map[ssa.Value]bool]
	chanCaps  map[string]int64 // channel field identity -> buffer of every make stored there, or -1
	// notOneShot holds the fields of buffer one that carry more than
	// one value (findNotOneShot).
	notOneShot map[string]bool
	// computedCaps holds the channel fields every make stored in which
	// has a buffer of computed size (make(chan T, batch)).
	computedCaps map[string]bool
	callees      cache[ssa.CallInstruction, ssax.Callee]
	impls        cache[*types.Func, []*ssa.Function] // implementations of this package's interface methods
	// concrete are the package's non-generic, non-interface named types;
	// ifaceImpls those implementing each interface (see implementers).
	concreteOnce sync.Once
	concrete     []*types.Named
	ifaceImpls   cache[*types.Interface, []*types.Named]
	// callGraph holds the in-package callees of each function, computed
	// once while the summaries are ordered (summarise runs in one
	// goroutine).
	callGraph map[*ssa.Function][]*ssa.Function

	// Once the summaries are final, what instructions do is cached: the
	// passes ask about each instruction several times.
	final         bool
	memo          map[ssa.Instruction][]lockset.Effect // effects while summarising one function
	effects       cache[ssa.Instruction, []lockset.Effect]
	directOps     cache[ssa.Instruction, *Blocking]
	importedEdges []OrderEdge
	tracker       *analysisutil.Tracker
	unbuilt       int // functions whose SSA was not built (see neededDecls)

	// The answerer model (objects.go, answer.go).
	objs    *objIndex
	answers cache[ssa.Instruction, Answer]
	entry   cache[*ssa.Function, []string]
	needsAt cache[ssa.Instruction, []string] // needsBetween(fn, nil, instr)
	held    cache[*ssa.Function, map[ssa.Instruction][]lockset.Held]
	// objParams groups object parameters by group (objops.go).
	objParams map[string][]*ssa.Parameter
	objCalled map[*ssa.Function]bool
	// objExternal holds the groups of channels other packages returned.
	objExternal map[string]string
	objMade     map[string]bool
	// funcFieldMap maps func-typed fields to the functions stored in
	// them (implicit.go).
	funcFieldsOnce sync.Once
	funcFieldMap   map[string][]storedFunc
	// tokenDirs caches tokenDirection per object group.
	tokenDirs cache[string, opKind]
	// serving caches ServedBy per channel field; goStarts holds the
	// functions the package starts with a go statement (serving.go).
	serving cache[string, Serving]
	// setFields holds the fields some code of the package may set
	// (unset.go).
	setFieldsOnce sync.Once
	setFields     map[*types.Var]bool
	goStartsOnce  sync.Once
	goStarts      map[*ssa.Function]bool
}

// Skipped reports whether the package was not analysed.
func (m *Model) Skipped() bool { return m.Pkg == nil }

func run(pass *analysis.Pass) (any, error) {
	return analysisutil.Guard(pass, func(t *analysisutil.Tracker) (any, error) {
		m := &Model{
			Pass:      pass,
			summaries: make(map[*ssa.Function]*Summary),
			noReturn:  make(map[*ssa.Function]bool),
			conds:     make(map[string][]ssax.Field),
			tracker:   t,
		}
		m.importEdges()
		if !isStandard(pass) {
			// Directives naming no pass of the suite are reported here,
			// once per package, whichever passes run.
			report.CheckDirectives(pass)
		}
		if len(pass.TypeErrors) > 0 || isStandard(pass) || len(pass.Files) == 0 || inert(pass) {
			m.Src = ssax.NewSource(nil)
			m.exportEdges() // the packages above still need the ones below
			return m, nil
		}
		m.Src = ssax.NewSource(pass.Files)
		m.build()
		m.buildObjects()
		m.summarise()
		m.final = true
		m.seedRangeBodies()
		m.finishAnswers()
		m.exportFacts()
		return m, nil
	})
}

// isStandard reports whether the package is part of the standard library,
// judged by where its files are.
func isStandard(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return false
	}
	return srcinfo.IsStandardFile(pass.Fset.File(pass.Files[0].Pos()).Name())
}

// build creates the SSA form of the package.
func (m *Model) build() {
	pass := m.Pass
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	prog.SetNoReturn(func(fn *types.Func) bool {
		if knowledge.NoReturn(fn) {
			return true
		}
		if fn.Pkg() == nil || fn.Pkg() == pass.Pkg {
			return false
		}
		var f FuncFact
		return pass.ImportObjectFact(fn.Origin(), &f) && f.NeverReturns
	})
	for _, imp := range pass.Pkg.Imports() {
		prog.CreatePackage(imp, nil, nil, true)
	}
	skip := m.neededDecls()
	m.Pkg = prog.CreatePackage(pass.Pkg, withoutBodies(pass.Files, skip), pass.TypesInfo, false)
	m.Pkg.Build()

	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		m.Funcs = append(m.Funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			fn := prog.FuncValue(obj)
			if fn == nil {
				continue
			}
			if skip[fd] {
				// Not built: its summary is empty, as it would be.
				m.summaries[fn] = &Summary{CtxParam: ctxParam(fn)}
				m.unbuilt++
				continue
			}
			add(fn)
		}
	}
	// Package-level variable initialisers may contain closures.
	if init := m.Pkg.Func("init"); init != nil {
		for _, anon := range init.AnonFuncs {
			add(anon)
		}
	}
}

// withoutBodies returns files in which the declarations in skip have no
// body, as if implemented elsewhere; the SSA builder then creates those
// functions without building them. The files are shallow copies: the
// syntax the builder does see is the package's own.
func withoutBodies(files []*ast.File, skip map[*ast.FuncDecl]bool) []*ast.File {
	if len(skip) == 0 {
		return files
	}
	out := make([]*ast.File, len(files))
	for i, f := range files {
		copied := *f
		copied.Decls = make([]ast.Decl, len(f.Decls))
		for j, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && skip[fd] {
				bodiless := *fd
				bodiless.Body = nil
				decl = &bodiless
			}
			copied.Decls[j] = decl
		}
		out[i] = &copied
	}
	return out
}

// Summary returns the summary of a function of this package, or nil.
func (m *Model) Summary(fn *ssa.Function) *Summary { return m.summaries[fn] }

// CalleeSummary returns the summary of a call's target, from this package or
// from a fact, or nil when nothing is known.
func (m *Model) CalleeSummary(c ssax.Callee) *Summary {
	if c.Fn != nil {
		if s, ok := m.summaries[c.Fn]; ok {
			return s
		}
		if c.Fn.Pkg == m.Pkg {
			return nil
		}
	}
	if c.Obj != nil && c.Invoke {
		return m.dispatchSummary(c.Obj)
	}
	if c.Obj == nil {
		return nil
	}
	obj := c.Obj.Origin()
	if obj.Pkg() == nil || obj.Pkg() == m.Pass.Pkg {
		return nil
	}
	if s, ok := m.imported.get(obj); ok {
		return s
	}
	var f FuncFact
	var s *Summary
	if m.Pass.ImportObjectFact != nil && m.Pass.ImportObjectFact(obj, &f) {
		s = &f.Summary
	}
	m.imported.put(obj, s)
	return s
}

// Callee resolves the target of a call instruction.
func (m *Model) Callee(call ssa.CallInstruction) ssax.Callee {
	if c, ok := m.callees.get(call); ok {
		return c
	}
	c := ssax.Resolve(call.Common())
	m.callees.put(call, c)
	return c
}

// Lockset returns the locks held at each instruction of fn, a function of
// this package.
func (m *Model) Lockset(fn *ssa.Function) *lockset.Result {
	if r, ok := m.locksets.get(fn); ok {
		return r
	}
	r := lockset.Analyze(fn, m)
	m.locksets.put(fn, r)
	return r
}

// ImportedEdges returns the lock-order edges of the packages this one
// depends on.
func (m *Model) ImportedEdges() []OrderEdge { return m.importedEdges }

// Pos formats pos as "file.go:12".
func (m *Model) Pos(pos token.Pos) string { return analysisutil.Position(m.Pass.Fset, pos) }

// Enter tells the model's panic guard which function is being analysed.
func (m *Model) enter(fn *ssa.Function) {
	if m.tracker != nil {
		m.tracker.Enter(fn.String())
	}
}

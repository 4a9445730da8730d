// Package stream runs analyzers over packages and their dependencies in one
// process, in dependency order, keeping of each package only what later
// packages need: its types and its facts. Its syntax, type information and
// analysis results are dropped as soon as its analysis is done.
//
// The x/tools checker loads every package's syntax and types first and
// keeps every result to the end, so that its peak memory grows with the
// size of the whole tree (10 GB on a tree of 650 packages). Here the peak
// is the retained types and facts plus the packages being analysed at the
// moment, one per worker.
//
// Packages of the standard library are type-checked without function
// bodies and not analysed, unless they are among the packages to report
// on: the analyzers this driver serves describe the standard library by
// tables instead of facts (see package model).
package stream

import (
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/concurlint/concurlint/internal/srcinfo"
)

// LoadMode is the go/packages mode Run needs: metadata only; Run parses
// and type-checks the files itself.
const LoadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedModule | packages.NeedForTest

// Result is the outcome of one analyzer on one of the packages to report
// on.
type Result struct {
	Package     *packages.Package
	Analyzer    *analysis.Analyzer
	Diagnostics []analysis.Diagnostic
	Err         error
}

// Options configure Run.
type Options struct {
	// Workers is how many packages are analysed at once; 0 means
	// GOMAXPROCS.
	Workers int
	// Report receives each Result as soon as it is known, from one
	// goroutine at a time, with the file set that positions refer to.
	Report func(fset *token.FileSet, r Result)
	// Errors receives each package's load, parse and type errors,
	// formatted as go/packages formats them, from one goroutine at a time.
	Errors func(p *packages.Package, errs []packages.Error)
	// AfterPackage, if set, is called after each package is done, from
	// the goroutine that did it (several may run at once): caches of the
	// analyzers that refer to packages' types can be emptied there, so
	// that they do not keep every package's types to the end of the run.
	AfterPackage func()
}

// Run analyses roots (loaded with LoadMode) with analyzers, and their
// dependencies with the analyzers that have facts (and those they
// require).
func Run(analyzers []*analysis.Analyzer, roots []*packages.Package, opts Options) error {
	if err := analysis.Validate(analyzers); err != nil {
		return err
	}
	r := newRun(analyzers, roots, opts)
	r.schedule()
	return nil
}

// unit is one package to type-check and perhaps analyse.
type unit struct {
	pkg      *packages.Package
	root     bool
	std      bool
	pending  int     // dependencies not yet done
	users    []*unit // packages that import this one
	types    *types.Package
	illTyped bool
	closure  []*types.Package // this package and its dependencies, for AllPackageFacts
}

type run struct {
	analyzers []*analysis.Analyzer // for roots
	factual   []*analysis.Analyzer // for dependencies: those with facts, and what they require
	opts      Options
	fset      *token.FileSet
	sizes     types.Sizes
	units     map[*packages.Package]*unit
	order     []*unit

	mu      sync.Mutex // guards ready, the units' pending counts, and output
	ready   []*unit
	cond    *sync.Cond
	left    int
	facts   *factStore
	reportM sync.Mutex
}

func newRun(analyzers []*analysis.Analyzer, roots []*packages.Package, opts Options) *run {
	r := &run{
		analyzers: analyzers,
		factual:   withFacts(analyzers),
		opts:      opts,
		fset:      token.NewFileSet(),
		sizes:     types.SizesFor("gc", build.Default.GOARCH),
		units:     make(map[*packages.Package]*unit),
		facts:     newFactStore(),
	}
	r.cond = sync.NewCond(&r.mu)
	if r.sizes == nil {
		r.sizes = types.SizesFor("gc", "amd64")
	}
	isRoot := make(map[*packages.Package]bool)
	for _, p := range roots {
		isRoot[p] = true
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		u := &unit{pkg: p, root: isRoot[p], std: isStandard(p)}
		r.units[p] = u
		r.order = append(r.order, u)
	})
	for _, u := range r.order {
		for _, imp := range u.pkg.Imports {
			if d := r.units[imp]; d != nil {
				u.pending++
				d.users = append(d.users, u)
			}
		}
		if u.pending == 0 {
			r.ready = append(r.ready, u)
		}
	}
	r.left = len(r.order)
	return r
}

// withFacts returns the analyzers among as, and those they require, that
// use facts, with their requirements.
func withFacts(as []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var add func(a *analysis.Analyzer)
	add = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			add(req)
		}
		out = append(out, a)
	}
	var visit func(a *analysis.Analyzer)
	visited := make(map[*analysis.Analyzer]bool)
	visit = func(a *analysis.Analyzer) {
		if visited[a] {
			return
		}
		visited[a] = true
		if len(a.FactTypes) > 0 {
			add(a)
		}
		for _, req := range a.Requires {
			visit(req)
		}
	}
	for _, a := range as {
		visit(a)
	}
	return out
}

// schedule runs the workers until every unit is done. A unit is ready
// when its dependencies are done; among ready units, the one found last
// runs first, which finishes a chain of dependencies before starting
// another and so lets go of their syntax sooner.
func (r *run) schedule() {
	workers := r.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				r.mu.Lock()
				for len(r.ready) == 0 && r.left > 0 {
					r.cond.Wait()
				}
				if r.left == 0 {
					r.mu.Unlock()
					return
				}
				u := r.ready[len(r.ready)-1]
				r.ready = r.ready[:len(r.ready)-1]
				r.mu.Unlock()

				r.process(u)
				r.facts.seal(u.types)
				if r.opts.AfterPackage != nil {
					r.opts.AfterPackage()
				}

				r.mu.Lock()
				r.left--
				for _, user := range u.users {
					user.pending--
					if user.pending == 0 {
						r.ready = append(r.ready, user)
					}
				}
				r.cond.Broadcast()
				r.mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// process type-checks and analyses one unit.
func (r *run) process(u *unit) {
	p := u.pkg
	errs := slices.Clone(p.Errors) // from go list
	u.types = types.NewPackage(p.PkgPath, p.Name)
	if p.PkgPath == "unsafe" {
		u.types = types.Unsafe
	}

	std := u.std && !u.root
	files, parseErrs := r.parse(p.CompiledGoFiles, !std)
	errs = append(errs, parseErrs...)

	var info *types.Info
	if !std {
		info = &types.Info{
			Types:        make(map[ast.Expr]types.TypeAndValue),
			Defs:         make(map[*ast.Ident]types.Object),
			Uses:         make(map[*ast.Ident]types.Object),
			Implicits:    make(map[ast.Node]types.Object),
			Instances:    make(map[*ast.Ident]types.Instance),
			Scopes:       make(map[ast.Node]*types.Scope),
			Selections:   make(map[*ast.SelectorExpr]*types.Selection),
			FileVersions: make(map[*ast.File]string),
		}
	}
	var typeErrs []types.Error
	if u.types != types.Unsafe {
		tc := &types.Config{
			Importer:         importer{r, p},
			IgnoreFuncBodies: std,
			Sizes:            r.sizes,
			Error: func(err error) {
				if te, ok := err.(types.Error); ok {
					typeErrs = append(typeErrs, te)
					errs = append(errs, packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
				}
			},
		}
		if p.Module != nil && p.Module.GoVersion != "" {
			tc.GoVersion = "go" + p.Module.GoVersion
		}
		err := types.NewChecker(tc, r.fset, u.types, info).Files(files)
		if err != nil && len(errs) == 0 {
			errs = append(errs, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
		}
	}
	u.illTyped = len(errs) > 0
	for _, imp := range p.Imports {
		if d := r.units[imp]; d != nil && d.illTyped {
			u.illTyped = true
		}
	}
	u.closure = r.closure(u)
	if len(errs) > 0 && r.opts.Errors != nil {
		r.reportM.Lock()
		r.opts.Errors(p, errs)
		r.reportM.Unlock()
	}
	if std {
		return
	}
	analyzers := r.factual
	if u.root {
		analyzers = r.analyzers
	}
	if len(analyzers) == 0 {
		return
	}
	pass := &passInput{
		run: r, unit: u, files: files, info: info, typeErrs: typeErrs,
	}
	pass.analyse(analyzers)
	if len(u.users) > 0 && u.types != types.Unsafe {
		r.lighten(u, files)
	}
}

// lighten replaces u's types, once its analysis is done and before any
// package that imports it is type-checked, by types checked anew from the
// same syntax without function bodies. The types a package's importers
// need are those of its declarations; checking the bodies also built a
// scope and an object for every local variable, block and statement,
// which the package's types keep reachable (a third of the retained heap
// on client-go) although no importer can name them. The facts about the
// package move to the new objects, matched by object path as go vet
// matches them across processes.
func (r *run) lighten(u *unit, files []*ast.File) {
	p := u.pkg
	lean := types.NewPackage(p.PkgPath, p.Name)
	tc := &types.Config{
		Importer:         importer{r, p},
		IgnoreFuncBodies: true,
		Sizes:            r.sizes,
		Error:            func(error) {}, // reported by the full check
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		tc.GoVersion = "go" + p.Module.GoVersion
	}
	types.NewChecker(tc, r.fset, lean, nil).Files(files)
	r.facts.rekey(u.types, lean)
	u.types = lean
	u.closure = r.closure(u)
}

// parse parses the named files; withComments keeps comments, which
// analyzers read (directives, generated-file markers).
func (r *run) parse(names []string, withComments bool) ([]*ast.File, []packages.Error) {
	mode := parser.SkipObjectResolution
	if withComments {
		mode |= parser.ParseComments
	}
	var files []*ast.File
	var errs []packages.Error
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			errs = append(errs, packages.Error{Pos: name + ":1", Msg: err.Error(), Kind: packages.ParseError})
			continue
		}
		f, err := parser.ParseFile(r.fset, name, src, mode|parser.AllErrors)
		var list scanner.ErrorList
		switch {
		case errors.As(err, &list):
			for _, e := range list {
				errs = append(errs, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		case err != nil:
			errs = append(errs, packages.Error{Pos: name + ":1", Msg: err.Error(), Kind: packages.ParseError})
		}
		if f != nil {
			files = append(files, f)
		}
	}
	return files, errs
}

// closure returns u's package and the packages of its dependencies.
func (r *run) closure(u *unit) []*types.Package {
	seen := map[*types.Package]bool{u.types: true}
	out := []*types.Package{u.types}
	for _, imp := range u.pkg.Imports {
		if d := r.units[imp]; d != nil {
			for _, t := range d.closure {
				if !seen[t] {
					seen[t] = true
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// importer resolves the imports of one package to the types of the
// packages go list matched them to, all of which are done.
type importer struct {
	r *run
	p *packages.Package
}

func (im importer) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	dep := im.p.Imports[path]
	if dep == nil {
		return nil, fmt.Errorf("no metadata for %s", path)
	}
	u := im.r.units[dep]
	if u == nil || u.types == nil {
		return nil, fmt.Errorf("no types for %s", path)
	}
	return u.types, nil
}

// isStandard reports whether p is part of the standard library, judged
// by where its files are.
func isStandard(p *packages.Package) bool {
	if len(p.GoFiles) == 0 {
		return p.PkgPath == "unsafe"
	}
	return srcinfo.IsStandardFile(p.GoFiles[0])
}

// passInput holds what the analyzers of one package share.
type passInput struct {
	run      *run
	unit     *unit
	files    []*ast.File
	info     *types.Info
	typeErrs []types.Error
}

// analyse runs analyzers (in an order where requirements come first) on
// the package and reports the results of the root's analyzers.
func (in *passInput) analyse(analyzers []*analysis.Analyzer) {
	type outcome struct {
		result any
		err    error
		diags  []analysis.Diagnostic
	}
	done := make(map[*analysis.Analyzer]*outcome)
	var order []*analysis.Analyzer
	var exec func(a *analysis.Analyzer) *outcome
	exec = func(a *analysis.Analyzer) *outcome {
		if o := done[a]; o != nil {
			return o
		}
		o := new(outcome)
		done[a] = o
		order = append(order, a)
		inputs := make(map[*analysis.Analyzer]any)
		var failed []string
		for _, req := range a.Requires {
			ro := exec(req)
			if ro.err != nil {
				failed = append(failed, req.String())
				continue
			}
			inputs[req] = ro.result
		}
		if failed != nil {
			slices.Sort(failed)
			o.err = fmt.Errorf("failed prerequisites: %s", strings.Join(failed, ", "))
			return o
		}
		if in.unit.illTyped && !a.RunDespiteErrors {
			o.err = errors.New("analysis skipped due to errors in package")
			return o
		}
		pass := in.newPass(a, inputs, func(d analysis.Diagnostic) { o.diags = append(o.diags, d) })
		o.result, o.err = a.Run(pass)
		if o.err == nil && a.ResultType != nil && reflect.TypeOf(o.result) != a.ResultType {
			o.err = fmt.Errorf("internal error: analyzer %s returned a result of type %T, but declared ResultType %v", a, o.result, a.ResultType)
		}
		pass.ExportObjectFact = nil
		pass.ExportPackageFact = nil
		return o
	}
	for _, a := range analyzers {
		exec(a)
	}
	if !in.unit.root || in.run.opts.Report == nil {
		return
	}
	in.run.reportM.Lock()
	defer in.run.reportM.Unlock()
	for _, a := range in.run.analyzers {
		o := done[a]
		in.run.opts.Report(in.run.fset, Result{Package: in.unit.pkg, Analyzer: a, Diagnostics: o.diags, Err: o.err})
	}
	// The diagnostics of the analyzers the roots' analyzers require
	// (the shared model reports directives that name no pass), in the
	// order they ran; their errors are their dependents' to report.
	for _, a := range order {
		if o := done[a]; !slices.Contains(in.run.analyzers, a) && len(o.diags) > 0 {
			in.run.opts.Report(in.run.fset, Result{Package: in.unit.pkg, Analyzer: a, Diagnostics: o.diags})
		}
	}
}

func (in *passInput) newPass(a *analysis.Analyzer, inputs map[*analysis.Analyzer]any, report func(analysis.Diagnostic)) *analysis.Pass {
	u := in.unit
	p := u.pkg
	facts := in.run.facts
	pass := &analysis.Pass{
		Analyzer:     a,
		Fset:         in.run.fset,
		Files:        in.files,
		OtherFiles:   p.OtherFiles,
		IgnoredFiles: p.IgnoredFiles,
		Pkg:          u.types,
		TypesInfo:    in.info,
		TypesSizes:   in.run.sizes,
		TypeErrors:   in.typeErrs,
		Module:       module(p.Module),
		ResultOf:     inputs,
		Report:       report,
		ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
			return facts.object(obj, ptr)
		},
		ImportPackageFact: func(pkg *types.Package, ptr analysis.Fact) bool {
			return facts.pkg(pkg, ptr)
		},
		AllObjectFacts: func() []analysis.ObjectFact {
			return facts.allObjects(u.closure, a.FactTypes)
		},
		AllPackageFacts: func() []analysis.PackageFact {
			return facts.allPackages(u.closure, a.FactTypes)
		},
	}
	pass.ExportObjectFact = func(obj types.Object, fact analysis.Fact) {
		if pass.ExportObjectFact == nil {
			panic(fmt.Sprintf("%s: ExportObjectFact(%s, %T) called after Run", a, obj, fact))
		}
		if obj.Pkg() != u.types {
			panic(fmt.Sprintf("%s: cannot set a fact on %s, which belongs to another package", a, obj))
		}
		facts.setObject(obj, fact)
	}
	pass.ExportPackageFact = func(fact analysis.Fact) {
		if pass.ExportPackageFact == nil {
			panic(fmt.Sprintf("%s: ExportPackageFact(%T) called after Run", a, fact))
		}
		facts.setPackage(u.types, fact)
	}
	pass.ReadFile = func(name string) ([]byte, error) {
		if !in.ownsFile(name) {
			return nil, fmt.Errorf("Pass.ReadFile: %s is not among the package's files", name)
		}
		return os.ReadFile(name)
	}
	return pass
}

// ownsFile reports whether name is one of the package's files.
func (in *passInput) ownsFile(name string) bool {
	p := in.unit.pkg
	for _, list := range [][]string{p.GoFiles, p.CompiledGoFiles, p.OtherFiles, p.IgnoredFiles, p.EmbedFiles} {
		if slices.Contains(list, name) {
			return true
		}
	}
	return false
}

// module converts go/packages' module description to the analysis one.
func module(m *packages.Module) *analysis.Module {
	if m == nil {
		return &analysis.Module{}
	}
	out := &analysis.Module{
		Path: m.Path, Version: m.Version, Time: m.Time, Main: m.Main,
		Indirect: m.Indirect, Dir: m.Dir, GoMod: m.GoMod, GoVersion: m.GoVersion,
	}
	if m.Replace != nil {
		out.Replace = module(m.Replace)
	}
	if m.Error != nil {
		out.Error = &analysis.ModuleError{Err: m.Error.Err}
	}
	return out
}

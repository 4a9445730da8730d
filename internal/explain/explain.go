// Package explain answers, for a goroutine dump, why each blocked goroutine
// is stuck. It reads the dump (package dump), groups goroutines blocked on
// the same stack, attributes each group to the innermost frame in the
// module, finds the blocked operation in the SSA the model built for that
// package, and asks an Answerers implementation which operations could
// answer the wait and why none does. The static findings of the packages
// concerned are listed too, marked when the dump shows the very operation
// they are about blocked.
//
// It runs in the module the dump came from: frames are mapped to files
// here by path, by package, or by the tail of the path, and frames whose
// files do not exist here are reported as from another build.
package explain

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/dump"
	"github.com/concurlint/concurlint/internal/finding"
	"github.com/concurlint/concurlint/internal/model"
)

// Options configure a run.
type Options struct {
	// Dir is a directory of the module the dump came from; "" is the
	// current directory.
	Dir string
	// Suite are the passes whose findings the dump may confirm.
	Suite []*analysis.Analyzer
	// Patterns are packages to analyse besides those of the dump, so
	// that their findings are listed too (e.g. "./...").
	Patterns []string
	// Tags are build tags, as for go build -tags.
	Tags string
	// Tests says to load the packages' tests too. Run sets it when a
	// frame of the dump is in a _test.go file; loading the testing
	// package and its dependencies costs time otherwise wasted.
	Tests bool
	// Answers explains waits; nil selects the default.
	Answers Answerers
}

// Input is one dump to read.
type Input struct {
	Name string
	Data []byte
}

// Run reads the dumps and explains them: it loads and analyses the
// packages of the module that the dumps' frames are in (and opts.Patterns).
func Run(opts Options, inputs []Input) (*Report, error) {
	dumps, err := Parse(inputs)
	if err != nil {
		return nil, err
	}
	mod, err := moduleOf(opts.Dir)
	if err != nil {
		return nil, err
	}
	patterns, tests := dumpPatterns(mod, dumps)
	opts.Tests = opts.Tests || tests
	a, err := load(opts, mod, append(patterns, opts.Patterns...))
	if err != nil {
		return nil, err
	}
	return a.Explain(dumps), nil
}

// Parse reads the inputs.
func Parse(inputs []Input) ([]*dump.Dump, error) {
	var dumps []*dump.Dump
	for _, in := range inputs {
		d, err := dump.Parse(in.Name, in.Data)
		if err != nil {
			return nil, err
		}
		dumps = append(dumps, d)
	}
	return dumps, nil
}

// Load loads and analyses the packages matching patterns in the module of
// opts.Dir, to explain dumps against (for a tool that explains many dumps
// of one program).
func Load(opts Options, patterns []string) (*Analysis, error) {
	mod, err := moduleOf(opts.Dir)
	if err != nil {
		return nil, err
	}
	return load(opts, mod, patterns)
}

func moduleOf(dir string) (*module, error) {
	if dir == "" {
		var err error
		if dir, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	return findModule(dir)
}

// dumpPatterns returns the directories, as patterns relative to the module,
// of the module's files that the dumps' frames are in, and whether one of
// those files is a test.
func dumpPatterns(mod *module, dumps []*dump.Dump) (patterns []string, tests bool) {
	seen := make(map[string]bool)
	for _, d := range dumps {
		for _, g := range d.Goroutines {
			frames := g.Frames
			if g.CreatedBy != nil {
				frames = append(slices.Clip(frames), *g.CreatedBy)
			}
			for _, f := range frames {
				fr := mod.resolve(f)
				if fr.abs == "" {
					continue
				}
				tests = tests || strings.HasSuffix(fr.abs, "_test.go")
				rel, err := filepath.Rel(mod.Dir, filepath.Dir(fr.abs))
				if err != nil {
					continue
				}
				p := "./" + filepath.ToSlash(rel)
				if !seen[p] {
					seen[p] = true
					patterns = append(patterns, p)
				}
			}
		}
	}
	return patterns, tests
}

// Analysis is the module's packages, loaded and analysed.
type Analysis struct {
	opts   Options
	mod    *module
	fset   *token.FileSet
	models []*model.Model
	// lines indexes the instructions of the analysed packages by file
	// and line.
	lines    map[lineRef][]ssa.Instruction
	owner    map[*ssa.Function]*model.Model
	findings []Finding
	errors   []string
}

// Explain explains the dumps.
func (a *Analysis) Explain(dumps []*dump.Dump) *Report {
	s := &session{Analysis: a, rep: &Report{Module: a.mod.Path, ModuleDir: a.mod.Dir, Groups: []*Group{}, Findings: []*Finding{}}}
	for _, d := range dumps {
		n := 0
		for _, g := range d.Goroutines {
			n += max(g.Count, 1)
		}
		s.rep.Dumps = append(s.rep.Dumps, DumpSummary{Name: d.Name, Format: d.Format, Goroutines: n})
	}
	for _, f := range a.findings {
		s.rep.Findings = append(s.rep.Findings, &f)
	}
	s.rep.Errors = a.errors
	groups := dump.Groups(dumps...)
	dump.Sort(groups)
	s.select_(groups)
	s.locate()
	s.confirm()
	s.explain()
	return s.rep
}

// session holds the state of explaining one set of dumps.
type session struct {
	*Analysis
	rep *Report

	raw []*dump.Group // parallel to rep.Groups
	// sites are the instructions of the groups' blocked operations,
	// parallel to rep.Groups (nil when not found); frames the
	// instructions of every in-module frame of each group.
	sites  []ssa.Instruction
	frames [][]frameInstr
	// held are the locks each group holds where it is stopped.
	held [][]heldLock
	// live are the in-module functions that goroutines not blocked
	// (running, sleeping, in a system call) are in: they may still
	// answer a wait.
	live map[*ssa.Function]string
}

// noteLive records the functions of the module that a group that is not
// blocked is running, with a description for messages.
func (s *session) noteLive(g *dump.Group) {
	for j, f := range g.Frames {
		fr := s.mod.resolve(f)
		if !fr.InModule || fr.abs == "" || isWrapper(f.Func) {
			continue
		}
		inner := ""
		if j > 0 {
			inner = g.Frames[j-1].Func
		}
		instr := s.findOp(fr, dump.WaitNone, false, inner)
		if instr == nil {
			continue
		}
		if s.live == nil {
			s.live = make(map[*ssa.Function]string)
		}
		fn := instr.Parent()
		if _, ok := s.live[fn]; !ok {
			who := plural(g.Count, "goroutine")
			if len(g.IDs) > 0 {
				who = goroutinesOf(g.IDs)
			}
			s.live[fn] = fmt.Sprintf("%s [%s] at %s:%d", who, g.State, fr.File, fr.Line)
		}
	}
}

// frameInstr is an in-module frame of a group resolved to the instruction
// at its line: the blocked operation for the innermost, a call for the
// others.
type frameInstr struct {
	frame Frame
	instr ssa.Instruction
}

// select_ keeps the groups blocked in the module and summarises the rest.
func (s *session) select_(groups []*dump.Group) {
	for _, g := range groups {
		top := ""
		if len(g.Frames) > 0 {
			top = g.Frames[0].Func
		}
		if !g.Blocked() {
			s.rep.Others = append(s.rep.Others, Other{State: g.State, Count: g.Count, Top: top, Why: "not blocked on a channel or lock"})
			s.noteLive(g)
			continue
		}
		gr := &Group{ID: len(s.rep.Groups) + 1, State: g.State, Wait: dump.WaitOf(g.State).String(), Count: g.Count,
			Goroutines: g.IDs, Leaked: g.Leaked, MaxMinutes: g.MaxMinutes}
		site := -1
		for i, f := range g.Frames {
			fr := s.mod.resolve(f)
			gr.Stack = append(gr.Stack, fr)
			if fr.InModule && site < 0 && !isWrapper(f.Func) {
				site = i
			}
		}
		for _, f := range g.CreatedBy {
			gr.CreatedBy = append(gr.CreatedBy, s.mod.resolve(f))
		}
		if site < 0 {
			why := "no frame in the module " + s.mod.Path
			if g.Elided {
				why += " (the stack is elided)"
			}
			s.rep.Others = append(s.rep.Others, Other{State: g.State, Count: g.Count, Top: top, Why: why})
			continue
		}
		gr.Site = &gr.Stack[site]
		for i := site - 1; i >= 0; i-- {
			if !isRuntimeFrame(g.Frames[i]) {
				gr.Chain = append(gr.Chain, g.Frames[i].Func)
			}
		}
		s.rep.Groups = append(s.rep.Groups, gr)
		s.raw = append(s.raw, g)
	}
}

// load loads the packages matching patterns and runs the suite on them,
// keeping the model of each.
func load(opts Options, mod *module, patterns []string) (*Analysis, error) {
	if opts.Answers == nil {
		opts.Answers = modelAnswers{}
	}
	a := &Analysis{opts: opts, mod: mod, fset: token.NewFileSet(),
		lines: make(map[lineRef][]ssa.Instruction), owner: make(map[*ssa.Function]*model.Model)}
	if len(patterns) == 0 {
		return a, nil
	}
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule | packages.NeedForTest,
		Dir:   mod.Dir,
		Tests: opts.Tests,
		Fset:  a.fset,
	}
	if opts.Tags != "" {
		cfg.BuildFlags = []string{"-tags=" + opts.Tags}
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	roots := roots(pkgs)
	packages.Visit(roots, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			a.errors = append(a.errors, e.Error())
		}
	})
	if len(roots) == 0 {
		return a, nil
	}
	passes := append([]*analysis.Analyzer{model.Analyzer}, opts.Suite...)
	graph, err := checker.Analyze(passes, roots, nil)
	if err != nil {
		return nil, err
	}
	var fs []finding.Finding
	for _, act := range graph.Roots {
		if act.Err != nil {
			a.errors = append(a.errors, fmt.Sprintf("%s: %s: %v", act.Analyzer.Name, act.Package.ID, act.Err))
			continue
		}
		if act.Analyzer == model.Analyzer {
			if m, ok := act.Result.(*model.Model); ok && !m.Skipped() {
				a.models = append(a.models, m)
			}
			continue
		}
		for _, d := range act.Diagnostics {
			fs = append(fs, finding.FromDiagnostic(act.Package.Fset, act.Package.ID, act.Analyzer.Name, d))
		}
	}
	for _, f := range finding.SortDedupe(fs) {
		out := Finding{Rule: f.Rule(), Pos: mod.rel(f.Pos.Filename, f.Pos.Line), Message: f.Message,
			file: realPath(f.Pos.Filename), line: f.Pos.Line}
		if len(f.Fixes) > 0 {
			out.Fix = f.Fixes[0].Message
		}
		for _, r := range f.Related {
			out.related = append(out.related, lineRef{realPath(r.Pos.Filename), r.Pos.Line})
		}
		a.findings = append(a.findings, out)
	}
	// Index the instructions by line.
	for _, m := range a.models {
		for _, fn := range m.Funcs {
			a.owner[fn] = m
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					pos := instr.Pos()
					if !pos.IsValid() {
						continue
					}
					p := a.fset.Position(pos)
					k := lineRef{realPath(p.Filename), p.Line}
					a.lines[k] = append(a.lines[k], instr)
				}
			}
		}
	}
	return a, nil
}

// roots drops packages whose files are analysed in another: with tests,
// go/packages returns p, its test variant "p [p.test]" (all of p's files
// and the in-package tests) and the test main "p.test".
func roots(pkgs []*packages.Package) []*packages.Package {
	hasTest := make(map[string]bool)
	for _, p := range pkgs {
		if p.ForTest != "" && p.PkgPath == p.ForTest {
			hasTest[p.PkgPath] = true
		}
	}
	var out []*packages.Package
	for _, p := range pkgs {
		if p.ForTest == "" && hasTest[p.PkgPath] {
			continue
		}
		if p.Name == "main" && strings.HasSuffix(p.ID, ".test") && p.ForTest == "" {
			continue
		}
		out = append(out, p)
	}
	return out
}

// rel returns file:line with file relative to the module directory.
func (m *module) rel(file string, line int) string {
	file = realPath(file)
	if r, err := filepath.Rel(m.Dir, file); err == nil && !strings.HasPrefix(r, "..") {
		file = filepath.ToSlash(r)
	}
	return fmt.Sprintf("%s:%d", file, line)
}

func (s *session) rel(file string, line int) string { return s.mod.rel(file, line) }

// posString returns the module-relative file:line of pos.
func (s *session) posString(pos token.Pos) string {
	if !pos.IsValid() {
		return ""
	}
	p := s.fset.Position(pos)
	return s.rel(p.Filename, p.Line)
}

func realPath(name string) string {
	if r, err := filepath.EvalSymlinks(name); err == nil {
		return r
	}
	return name
}

package leak

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A goroutine that never finishes is a leak only if more of them can be
// started: a function that runs once per program can start a goroutine
// that lives for the program's life by design. The rule, applied to the
// function containing the go statement:
//
//   - main.main, init functions and package variable initialisers run
//     once, and so do the function literals inside them;
//   - so does a function literal passed to Do of a sync.Once held in a
//     package-level variable, or in a field of an unexported type whose
//     only values are package-level variables (a registry);
//   - so does an unexported function of the package every reference to
//     which is a call, outside any loop, from a function that runs once;
//   - a goroutine documented as living for the life of the program (a
//     comment on the line above the go statement or the function's doc
//     comment saying
//     "for the life(time) of the program/process", "runs forever", "never
//     exits/stops/returns") is taken at its word;
//   - every other function can run more than once: an exported function
//     or method, a constructor, a handler, a method called per object.

// singletonField reports whether v is the address of a field of a value of
// an unexported type of this package that no function (tests aside)
// makes: its only values are package-level variables.
func (c *checker) singletonField(v ssa.Value) bool {
	fa, ok := v.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	ptr, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := ptr.Elem().(*types.Named)
	if !ok || named.Obj().Pkg() != c.pass.Pkg || named.Obj().Exported() {
		return false
	}
	for _, fn := range c.m.Funcs {
		if c.inTestFile(fn.Pos()) {
			continue // tests reset package state
		}
		for instr := range ssax.Instrs(fn) {
			if a, ok := instr.(*ssa.Alloc); ok && types.Identical(a.Type(), ptr) {
				return false
			}
		}
	}
	return true
}

// runsOnce returns the functions of the package that run at most once per
// program.
func (c *checker) runsOnce() map[*ssa.Function]bool {
	once := make(map[*ssa.Function]bool)
	for _, fn := range c.m.Funcs {
		top := outermost(fn)
		if top.Pkg != nil && top.Pkg.Pkg.Name() == "main" && top.Name() == "main" && top.Signature.Recv() == nil {
			once[fn] = true
		}
		if top.Synthetic == "package initializer" || strings.HasPrefix(top.Name(), "init#") || top.Name() == "init" && top.Signature.Recv() == nil {
			once[fn] = true
		}
	}
	// Function literals handed to a package-level sync.Once.
	for _, fn := range c.m.Funcs {
		for call := range ssax.PlainCalls(fn) {
			callee := c.m.Callee(call)
			if callee.Obj == nil {
				continue
			}
			arg, ok := knowledge.RunsOnce(knowledge.Key(callee.Obj))
			if !ok || 1+arg >= len(callee.Args) { // Args[0] is the receiver
				continue
			}
			if p, ok := ssax.PathOf(callee.Args[0]); (!ok || p.Root != ssax.RootGlobal) && !c.singletonField(callee.Args[0]) {
				continue
			}
			if mc, ok := callee.Args[1+arg].(*ssa.MakeClosure); ok {
				once[mc.Fn.(*ssa.Function)] = true
			} else if f, ok := callee.Args[1+arg].(*ssa.Function); ok {
				once[f] = true
			}
		}
	}
	// Unexported functions called only from functions that run once.
	refs := c.references()
	for changed := true; changed; {
		changed = false
		for _, fn := range c.m.Funcs {
			if once[fn] || fn.Parent() != nil || fn.Object() == nil || fn.Object().Exported() {
				continue
			}
			rs := refs[fn]
			if len(rs) == 0 {
				continue
			}
			all := true
			for _, r := range rs {
				all = all && r.call && once[r.from] && !c.loopsOf(r.from).inAnyLoop(r.block)
			}
			if all {
				once[fn] = true
				changed = true
			}
		}
	}
	// Function literals of functions that run once run once, unless
	// they are called in a loop.
	for _, fn := range c.m.Funcs {
		if fn.Parent() != nil && once[outermostNamed(fn)] {
			once[fn] = true
		}
	}
	return once
}

func outermost(fn *ssa.Function) *ssa.Function {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn
}

func outermostNamed(fn *ssa.Function) *ssa.Function { return outermost(fn) }

// reference is a mention of a function of the package.
type reference struct {
	from  *ssa.Function
	block *ssa.BasicBlock
	call  bool // the mention is the callee of a static call or go statement
}

// references finds every mention of the package's functions.
func (c *checker) references() map[*ssa.Function][]reference {
	refs := make(map[*ssa.Function][]reference)
	var buf [16]*ssa.Value
	for _, fn := range c.m.Funcs {
		for instr := range ssax.Instrs(fn) {
			var callee ssa.Value
			if call, ok := instr.(ssa.CallInstruction); ok && !call.Common().IsInvoke() {
				callee = call.Common().Value
			}
			for _, op := range instr.Operands(buf[:0]) {
				if op == nil {
					continue
				}
				f, ok := (*op).(*ssa.Function)
				if !ok {
					continue
				}
				f = ssax.Origin(f)
				refs[f] = append(refs[f], reference{from: fn, block: instr.Block(), call: *op == callee})
			}
		}
	}
	return refs
}

// foreverComment matches comments that document a goroutine as living for
// the program's life ("for the lifetime of the process", "runs forever",
// "let it exit with the process").
var foreverComment = regexp.MustCompile(`(?i)(for the (whole )?life(time)? of the (program|process|application|binary)|(exits?|ends?|dies?) (along )?with the (program|process|application|binary)|runs? forever|never (exits|stops|returns|terminates))`)

// documentedForever reports whether the go statement at pos, or the
// function fn containing it, is documented as living for the program's
// life.
func (c *checker) documentedForever(fn *ssa.Function, pos token.Pos) bool {
	if fd, ok := outermost(fn).Syntax().(*ast.FuncDecl); ok && fd.Doc != nil && foreverComment.MatchString(fd.Doc.Text()) {
		return true
	}
	file := c.fileOf(pos)
	if file == nil {
		return false
	}
	line := c.pass.Fset.Position(pos).Line
	for _, cg := range file.Comments {
		end := c.pass.Fset.Position(cg.End()).Line
		if end == line-1 && foreverComment.MatchString(cg.Text()) {
			return true
		}
	}
	return false
}

func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// isMethodOrExported is used in messages to say why fn can run again.
func whyAgain(fn *ssa.Function) string {
	top := outermost(fn)
	name := ssax.FuncDisplayName(top)
	if obj, ok := top.Object().(*types.Func); ok && obj.Signature().Recv() != nil {
		return "each call of the method " + name + " starts one more"
	}
	return "each call of " + name + " starts one more"
}

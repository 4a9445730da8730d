package leak

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
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
//     which is a call, outside any loop, from a function that runs once or
//     at a point that runs once per process (below);
//   - a go statement or call that a registration in a registry of the
//     whole process precedes or follows on every path through its
//     function (flag.BoolVar, http.HandleFunc with a constant name: the
//     knowledge table of process registrations, or a call of a function
//     of the package that makes one on every path) runs once per process
//     whoever calls the function: a second run panics on the name
//     registered twice. This is how a command's Run method called by
//     reflection, or a shim's entry point exported for the binaries that
//     embed it, shows that it runs once;
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
	if init := c.pkgInit(); init != nil {
		once[init] = true
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
			// References from the tests are left out, as the
			// test-free variant of the package has none: a test
			// calling a once-per-process function again is
			// exercising it, not running it in the program.
			rs := slices.DeleteFunc(slices.Clone(refs[fn]), func(r reference) bool {
				return !tests && c.inTestFile(r.from.Pos())
			})
			if len(rs) == 0 {
				continue
			}
			all := true
			for _, r := range rs {
				all = all && r.call && (once[r.from] || c.registeredAround(r.instr)) && !c.loopsOf(r.from).inAnyLoop(r.instr.Block())
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

// pkgInit returns the package initialiser go/ssa synthesises, which runs
// the package's variable initialisers and init functions once.
func (c *checker) pkgInit() *ssa.Function {
	if c.m.Pkg == nil {
		return nil
	}
	return c.m.Pkg.Func("init")
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
	instr ssa.Instruction
	call  bool // the mention is the callee of a static call or go statement
}

// references finds every mention of the package's functions, in its
// functions and in the package initialiser that go/ssa synthesises for
// its variables (var logOnce = newLogOnceType()), which the model's
// Funcs do not hold.
func (c *checker) references() map[*ssa.Function][]reference {
	refs := make(map[*ssa.Function][]reference)
	var buf [16]*ssa.Value
	funcs := c.m.Funcs
	if init := c.pkgInit(); init != nil {
		funcs = append(slices.Clip(funcs), init)
	}
	for _, fn := range funcs {
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
				refs[f] = append(refs[f], reference{from: fn, instr: instr, call: *op == callee})
			}
		}
	}
	return refs
}

// startsOnce reports whether the go statement (or spawning call) at
// instr in fn starts at most one goroutine per process: fn runs once, or
// instr is not in a loop and a process registration surrounds it.
func (c *checker) startsOnce(fn *ssa.Function, instr ssa.Instruction) bool {
	if c.once[fn] {
		return true
	}
	return instr != nil && !c.loopsOf(fn).inAnyLoop(instr.Block()) && c.registeredAround(instr)
}

// registeredAround reports whether a process registration (registers)
// runs on every path to instr in its function, or on every path from
// instr to a return of it: either way a second run of instr is preceded
// or followed by a panic on the name registered twice. (A panic after
// instr that a caller recovers would let instr run again; a registry
// entry made anew on every run of a recovered handler is broken code
// of its own.)
func (c *checker) registeredAround(instr ssa.Instruction) bool {
	for in := range ssax.Before(instr) {
		if c.registers(in, 0) {
			return true
		}
	}
	b := instr.Block()
	after := false
	for _, in := range b.Instrs {
		if after && c.registers(in, 0) {
			return true
		}
		if _, ok := in.(*ssa.Return); ok && after {
			return false
		}
		after = after || in == instr
	}
	stop := func(in ssa.Instruction) bool { return c.registers(in, 0) || c.m.NoReturn(in) }
	for _, s := range b.Succs {
		if ssax.ReachedReturn(s, stop, nil) != nil {
			return false
		}
	}
	return len(b.Succs) > 0
}

// registers reports whether instr registers a constant name in a registry
// of the whole process (knowledge.RegistersInProcess), or calls a function
// of the package that does on every path to its returns.
func (c *checker) registers(instr ssa.Instruction, depth int) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	callee := c.m.Callee(call)
	if callee.Obj != nil {
		if i, ok := knowledge.RegistersInProcess(knowledge.Key(callee.Obj)); ok {
			if i >= len(call.Call.Args) {
				return false
			}
			_, isConst := call.Call.Args[i].(*ssa.Const)
			return isConst // a computed name may differ on each run
		}
	}
	fn := callee.Fn
	if fn == nil || depth > 3 || len(fn.Blocks) == 0 || c.m.Summary(fn) == nil {
		return false
	}
	if r, ok := c.registering[fn]; ok {
		return r
	}
	c.registering[fn] = false // a recursive call proves nothing
	met := false
	stop := func(in ssa.Instruction) bool {
		if c.registers(in, depth+1) {
			met = true
			return true
		}
		return c.m.NoReturn(in)
	}
	r := !ssax.ReturnReachable(fn, stop, nil) && met
	c.registering[fn] = r
	return r
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

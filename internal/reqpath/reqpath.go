// Package reqpath finds a server's request paths: the functions that run on
// a request's goroutine while the request is being served. It finds the
// entry points (roots) without annotations — net/http handlers and
// ServeHTTP methods, handlers of the common routers, gRPC service methods,
// and functions the user names with the -reqpath.roots flag — and the
// functions of the package they call synchronously, with the chain from the
// root. Analyzer computes them once per package for every pass that needs
// them.
//
// Functions of other packages are not followed here: their behaviour
// arrives through the model's facts, and a pass reports a call into
// another package at the call site, which is on the request path.
//
// Roots declared in _test.go files are ignored: handlers there belong to
// test servers.
package reqpath

import (
	"flag"
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/analysisutil"
	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Kind says what kind of entry point a root is.
type Kind uint8

const (
	HTTP       Kind = iota + 1 // a net/http handler or ServeHTTP method
	Router                     // a handler of a router framework (gin, echo, httprouter)
	GRPC                       // a unary gRPC method
	GRPCStream                 // a streaming gRPC method
	Named                      // a function named by the -reqpath.roots flag
)

// Root is an entry point of request paths.
type Root struct {
	Fn   *ssa.Function
	Kind Kind
	// Why says why Fn is a root, for messages: "http handler registered
	// at main.go:12", "gRPC method of pb.GreeterServer".
	Why string
	// Pos is where the root was found: the registration call, or the
	// function itself.
	Pos token.Pos
}

// Reach says how a function is reached from a root.
type Reach struct {
	Root *Root
	// Via lists the functions from the root (first) to the reached
	// function (last), along a shortest chain of calls.
	Via []*ssa.Function
}

// Chain renders Via for messages: "(*Server).get → load → retry".
func (r *Reach) Chain() string {
	names := make([]string, len(r.Via))
	for i, fn := range r.Via {
		names[i] = ssax.FuncDisplayName(fn)
	}
	return strings.Join(names, " → ")
}

// Paths are the request paths of a package.
type Paths struct {
	roots []*Root
	reach map[*ssa.Function]*Reach
	funcs []*ssa.Function
	// calls holds, for each function on a request path, its calls of
	// functions of the package on the request's goroutine; callers is
	// its inverse.
	calls   map[*ssa.Function][]call
	callers map[*ssa.Function][]*ssa.Function
}

// call is a call, in a function on a request path, that runs fn on the
// request's goroutine: fn is the callee, or a function value the callee
// calls.
type call struct {
	instr ssa.CallInstruction
	fn    *ssa.Function
}

// Entry is one way requests reach a function: a root that reaches it, and
// the call in the root where the path leaves the root.
type Entry struct {
	Root *Root
	// Call is the root's call on the way to the function, nil when the
	// function is the root itself.
	Call ssa.CallInstruction
	// Via lists the functions from the root (first) to the function
	// (last), along a shortest chain that starts with Call.
	Via []*ssa.Function
}

// Entries returns every root that reaches fn, in the order the package
// declares them, each with the first call out of the root on a shortest
// chain to fn, so that a pass can report a problem of fn once, at the
// place a request enters it, and name the other entries.
func (p *Paths) Entries(fn *ssa.Function) []Entry {
	if p.Reach(fn) == nil {
		return nil
	}
	if ssax.IsRangeBody(fn) {
		// Entered where its function is.
		out := p.Entries(ssax.EnclosingFunc(fn))
		for i := range out {
			out[i].Via = slices.Clone(out[i].Via)
			out[i].Via[len(out[i].Via)-1] = fn
		}
		return out
	}
	// up holds the functions from which fn can be reached.
	up := map[*ssa.Function]bool{fn: true}
	work := []*ssa.Function{fn}
	for len(work) > 0 {
		g := work[len(work)-1]
		work = work[:len(work)-1]
		for _, caller := range p.callers[g] {
			if !up[caller] {
				up[caller] = true
				work = append(work, caller)
			}
		}
	}
	type node struct {
		via   []*ssa.Function
		first ssa.CallInstruction
	}
	var out []Entry
	for _, r := range p.roots {
		if !up[r.Fn] {
			continue
		}
		if r.Fn == fn {
			out = append(out, Entry{Root: r, Via: []*ssa.Function{fn}})
			continue
		}
		seen := map[*ssa.Function]bool{r.Fn: true}
		var queue []node
		for _, c := range p.calls[r.Fn] {
			if up[c.fn] && !seen[c.fn] {
				seen[c.fn] = true
				queue = append(queue, node{via: []*ssa.Function{r.Fn, c.fn}, first: c.instr})
			}
		}
		for i := 0; i < len(queue); i++ {
			n := queue[i]
			last := n.via[len(n.via)-1]
			if last == fn {
				out = append(out, Entry{Root: r, Call: n.first, Via: n.via})
				break
			}
			for _, c := range p.calls[last] {
				if up[c.fn] && !seen[c.fn] {
					seen[c.fn] = true
					queue = append(queue, node{via: append(slices.Clone(n.via), c.fn), first: n.first})
				}
			}
		}
	}
	return out
}

// Roots returns the roots in the order the package declares them.
func (p *Paths) Roots() []*Root { return p.roots }

// Reach returns how fn is reached from a root, or nil when fn is not on a
// request path.
func (p *Paths) Reach(fn *ssa.Function) *Reach {
	if p == nil {
		return nil
	}
	return p.reach[fn]
}

// On reports whether fn is on a request path.
func (p *Paths) On(fn *ssa.Function) bool { return p.Reach(fn) != nil }

// Funcs returns the functions on request paths, roots included, in source
// order.
func (p *Paths) Funcs() []*ssa.Function { return p.funcs }

// Config is what the user can say about request paths.
type Config struct {
	// Roots are extra root functions, by name.
	Roots Names
}

// RegisterFlags registers the flags of c (-roots) on fs, normally
// Analyzer's Flags, so that they read -reqpath.roots on the command line.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	model.KeepFuncs(c.Roots.Match)
	fs.Var(&c.Roots, "roots", "comma-separated functions that serve requests, besides those found automatically: pkg.Func, (*pkg.Type).Method, pkg.Type.Method, pkg.Type.* for its exported methods (pkg is an import path or its last elements)")
}

// Names is a list of function names; it implements flag.Value.
type Names struct{ patterns []string }

func (n *Names) String() string { return strings.Join(n.patterns, ",") }

// Set replaces the list with the comma-separated names in s.
func (n *Names) Set(s string) error {
	n.patterns = nil
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !wellFormed(p) {
			return fmt.Errorf("root %q: want pkg.Func, (*pkg.Type).Method, pkg.Type.Method or pkg.Type.*", p)
		}
		n.patterns = append(n.patterns, p)
	}
	return nil
}

// wellFormed reports whether p has one of the shapes a root may have, so
// that a mistyped root is an error rather than a root that silently
// matches nothing: "(*pkg.T).M", "(pkg.T).M", or dot-separated names with
// a package first ("pkg.F", "pkg.T.M", "pkg.T.*"), the package an import
// path or its last elements.
func wellFormed(p string) bool {
	if strings.ContainsAny(p, " \t") {
		return false
	}
	if strings.ContainsAny(p, "()") {
		recv, method, ok := strings.Cut(strings.TrimPrefix(p, "("), ").")
		if !strings.HasPrefix(p, "(") || !ok {
			return false
		}
		recv = strings.TrimPrefix(recv, "*")
		if strings.ContainsAny(recv+method, "()*") || strings.Contains(method, ".") {
			return false
		}
		p = recv + "." + method
	}
	slash := strings.LastIndex(p, "/")
	if slash >= 0 && slices.Contains(strings.Split(p[:slash], "/"), "") {
		return false // an empty import path element
	}
	parts := strings.Split(p[slash+1:], ".")
	if len(parts) < 2 || parts[0] == "" {
		return false
	}
	for i, part := range parts {
		if i > 0 && part == "" || strings.Contains(part, "*") && (part != "*" || i != len(parts)-1 || i < 2) {
			return false
		}
	}
	return true
}

// Match reports whether fn is one of the named functions.
func (n *Names) Match(fn *types.Func) bool {
	if n == nil || len(n.patterns) == 0 || fn == nil {
		return false
	}
	full := normalise(fn.FullName())
	for _, p := range n.patterns {
		p = normalise(p)
		if prefix, ok := strings.CutSuffix(p, ".*"); ok {
			// A wildcard names the exported functions or methods.
			if i := strings.LastIndex(full, "."); i >= 0 && fn.Exported() && pathSuffix(full[:i], prefix) {
				return true
			}
			continue
		}
		if pathSuffix(full, p) {
			return true
		}
	}
	return false
}

// normalise turns "(*example.com/p.T).M" into "example.com/p.T.M".
func normalise(name string) string {
	return strings.NewReplacer("(*", "", "(", "", ")", "").Replace(name)
}

// pathSuffix reports whether name equals suffix or ends with it at an
// import-path boundary.
func pathSuffix(name, suffix string) bool {
	return name == suffix || strings.HasSuffix(name, "/"+suffix)
}

// Find computes the request paths of the model's package. cfg may be nil.
func Find(m *model.Model, cfg *Config) *Paths {
	p := &Paths{reach: make(map[*ssa.Function]*Reach), calls: make(map[*ssa.Function][]call), callers: make(map[*ssa.Function][]*ssa.Function)}
	if m.Skipped() {
		return p
	}
	f := &finder{m: m, cfg: cfg, roots: make(map[*ssa.Function]*Root), testServed: make(map[*ssa.Function]bool)}
	if !f.testSupport() {
		f.findTestServers()
		f.findShapes()
		f.findRegistrations()
		f.findGRPC()
	}
	f.findNamed()
	for _, fn := range m.Funcs {
		if r := f.roots[fn]; r != nil {
			p.roots = append(p.roots, r)
		}
	}
	p.walk(m)
	p.demoteHelpers(m)
	return p
}

// demoteHelpers drops the roots found by their shape alone that another
// root calls: a function with a handler's signature that a handler calls
// is a helper of that handler (the request enters at the caller), unless it
// is also registered. A shape-only root that would then not be reached at
// all stays a root.
func (p *Paths) demoteHelpers(m *model.Model) {
	var keep []*Root
	demoted := false
	for _, r := range p.roots {
		if r.Kind != Named && r.Pos == r.Fn.Pos() && slices.ContainsFunc(p.callers[r.Fn], func(g *ssa.Function) bool { return g != r.Fn }) {
			demoted = true
			continue
		}
		keep = append(keep, r)
	}
	if !demoted {
		return
	}
	all := p.roots
	p.roots = keep
	p.rewalk(m)
	// Restore, in declaration order, the demoted roots that no kept
	// root reaches (helpers of each other only).
	var again bool
	for _, r := range all {
		if p.reach[r.Fn] == nil {
			again = true
		}
	}
	if again {
		p.roots = slices.DeleteFunc(slices.Clone(all), func(r *Root) bool {
			return !slices.Contains(keep, r) && p.reach[r.Fn] != nil
		})
		p.rewalk(m)
	}
}

// rewalk recomputes what the roots reach.
func (p *Paths) rewalk(m *model.Model) {
	p.reach = make(map[*ssa.Function]*Reach)
	p.calls = make(map[*ssa.Function][]call)
	p.callers = make(map[*ssa.Function][]*ssa.Function)
	p.funcs = nil
	p.walk(m)
}

// testSupport reports whether the package is test support code: one of
// its non-test files imports package testing. Its handlers serve tests.
func (f *finder) testSupport() bool {
	return analysisutil.IsTestSupportPackage(f.m.Pass)
}

// findTestServers finds the function literals served by test servers
// (httptest.NewServer(http.HandlerFunc(func(w, r) {...}))): they are not
// request paths. Named handlers given to a test server are left alone:
// they are the server's real handlers under test.
func (f *finder) findTestServers() {
	for _, fn := range f.m.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				c := f.m.Callee(call)
				arg, ok := knowledge.TestServer(c.Obj)
				if !ok || arg >= len(c.Args) {
					continue
				}
				for _, h := range f.handlerFuncs(c.Args[arg]) {
					if h.Parent() != nil {
						f.testServed[h] = true
					}
				}
			}
		}
	}
}

// testOnly reports whether fn serves tests: a function literal given to a
// test server, or one inside a test helper (a function that takes a
// *testing.T or the like).
func (f *finder) testOnly(fn *ssa.Function) bool {
	if f.testServed[fn] {
		return true
	}
	for g := fn; g != nil; g = g.Parent() {
		for _, p := range g.Params {
			if knowledge.IsTestingType(p.Type()) {
				return true
			}
		}
	}
	return false
}

type finder struct {
	m     *model.Model
	cfg   *Config
	roots map[*ssa.Function]*Root
	// testServed are the function literals test servers serve.
	testServed map[*ssa.Function]bool
}

// add records fn as a root unless it is one already (the first reason
// found wins; registrations are looked for after shapes so that they can
// refine the reason) or it is declared in a test file.
func (f *finder) add(fn *ssa.Function, kind Kind, why string, pos token.Pos) {
	if fn == nil || len(fn.Blocks) == 0 || f.inTestFile(fn) || kind != Named && f.testOnly(fn) {
		return
	}
	if old := f.roots[fn]; old != nil {
		if old.Kind != Named && pos != fn.Pos() && old.Pos == fn.Pos() {
			old.Why, old.Pos = why, pos // a registration says more than a shape
		}
		return
	}
	if !pos.IsValid() {
		pos = fn.Pos()
	}
	f.roots[fn] = &Root{Fn: fn, Kind: kind, Why: why, Pos: pos}
}

func (f *finder) inTestFile(fn *ssa.Function) bool {
	pos := fn.Pos()
	if !pos.IsValid() {
		return false
	}
	return strings.HasSuffix(f.m.Pass.Fset.File(pos).Name(), "_test.go")
}

// findShapes finds the functions, methods and function literals with a
// handler's signature, and ServeHTTP methods.
func (f *finder) findShapes() {
	for _, fn := range f.m.Funcs {
		fw := knowledge.HandlerFramework(fn.Signature)
		if fw == "" {
			continue
		}
		kind, what := HTTP, "http handler"
		if fw != "net/http" {
			kind, what = Router, fw+" handler"
		}
		if fn.Name() == "ServeHTTP" && fn.Signature.Recv() != nil {
			what = "ServeHTTP method"
		}
		f.add(fn, kind, what, fn.Pos())
	}
}

// findRegistrations finds handlers passed to registration calls of
// net/http and the routers, and functions converted to handler function
// types; they are mostly found by shape already, and the registration
// gives a better reason.
func (f *finder) findRegistrations() {
	for _, fn := range f.m.Funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case ssa.CallInstruction:
					c := f.m.Callee(instr)
					reg, ok := knowledge.LookupRegistration(c.Obj)
					if !ok {
						continue
					}
					args := c.Params()
					why := reg.Framework + " handler registered at " + f.m.Pos(instr.Pos())
					if reg.Framework == "net/http" {
						why = "http handler registered at " + f.m.Pos(instr.Pos())
					}
					for i := reg.First; i < len(args); i++ {
						f.addHandlerValue(args[i], why, instr.Pos())
					}
				case *ssa.ChangeType:
					// Implicit conversions (a method value passed for an
					// http.HandlerFunc parameter) have no position; the
					// registration gives the reason.
					if fw := knowledge.HandlerFuncType(instr.Type()); fw != "" && instr.Pos().IsValid() {
						what := fw + " handler"
						if fw == "net/http" {
							what = "http handler"
						}
						f.addHandlerValue(instr.X, what+" converted at "+f.m.Pos(instr.Pos()), instr.Pos())
					}
				}
			}
		}
	}
}

// addHandlerValue adds the functions behind a handler argument.
func (f *finder) addHandlerValue(v ssa.Value, why string, pos token.Pos) {
	for _, fn := range f.handlerFuncs(v) {
		kind := HTTP
		if fw := knowledge.HandlerFramework(fn.Signature); fw != "" && fw != "net/http" {
			kind = Router
		}
		f.add(fn, kind, why, pos)
	}
}

// handlerFuncs returns the functions of this package behind a handler
// value: a function, a closure, a method value, a conversion to a handler
// function type, a value whose type has a ServeHTTP method, or a variadic
// list of these.
func (f *finder) handlerFuncs(v ssa.Value) []*ssa.Function {
	if sl, ok := v.(*ssa.Slice); ok {
		// A variadic list of handlers (gin's handler chains).
		var out []*ssa.Function
		for _, el := range ssax.SliceElems(sl) {
			out = append(out, f.handlerFuncs(el)...)
		}
		return out
	}
	for i := 0; i < 4; i++ {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			if fn := f.serveHTTP(x.X.Type()); fn != nil {
				return []*ssa.Function{fn}
			}
			v = x.X
			continue
		}
		break
	}
	var fn *ssa.Function
	switch x := v.(type) {
	case *ssa.Function:
		fn = ssax.Origin(x)
		if x.Synthetic != "" {
			if obj, ok := x.Object().(*types.Func); ok {
				fn = x.Prog.FuncValue(obj)
			}
		}
	case *ssa.MakeClosure:
		fn = x.Fn.(*ssa.Function)
		if strings.HasPrefix(fn.Synthetic, "bound method wrapper") {
			if obj, ok := fn.Object().(*types.Func); ok {
				fn = fn.Prog.FuncValue(obj)
			}
		}
	}
	if fn == nil || fn.Pkg != f.m.Pkg && fn.Parent() == nil {
		return nil
	}
	return []*ssa.Function{fn}
}

// serveHTTP returns the ServeHTTP method of t, when this package declares
// it.
func (f *finder) serveHTTP(t types.Type) *ssa.Function {
	obj, _, _ := types.LookupFieldOrMethod(t, true, f.m.Pass.Pkg, "ServeHTTP")
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() != f.m.Pass.Pkg {
		return nil
	}
	return f.m.Pkg.Prog.FuncValue(fn)
}

// findGRPC finds the methods of this package's types that implement a
// generated gRPC service interface: the interface a RegisterFooServer
// function of this package or of an import takes.
func (f *finder) findGRPC() {
	for svc, impl := range knowledge.GRPCMethods(f.m.Pass.Pkg) {
		if !impl.Exported() {
			continue // mustEmbedUnimplemented...Server
		}
		kind, what := GRPC, "gRPC method of "
		if !unary(impl.Signature()) {
			kind, what = GRPCStream, "streaming gRPC method of "
		}
		fn := f.m.Pkg.Prog.FuncValue(impl)
		f.add(fn, kind, what+svc.Obj().Pkg().Name()+"."+svc.Obj().Name(), fn.Pos())
	}
}

// unary reports whether sig is (context.Context, *Req) (*Resp, error).
func unary(sig *types.Signature) bool {
	return sig.Params().Len() == 2 && model.IsContextType(sig.Params().At(0).Type()) &&
		sig.Results().Len() == 2 && types.TypeString(sig.Results().At(1).Type(), nil) == "error"
}

// findNamed adds the functions named by the -roots flag.
func (f *finder) findNamed() {
	if f.cfg == nil || len(f.cfg.Roots.patterns) == 0 {
		return
	}
	for _, fn := range f.m.Funcs {
		obj, ok := fn.Object().(*types.Func)
		if ok && fn.Parent() == nil && f.cfg.Roots.Match(obj) {
			f.add(fn, Named, "named by -reqpath.roots", fn.Pos())
		}
	}
}

// walk finds the functions reachable from the roots by synchronous calls
// (not go statements), breadth first so that each gets a shortest chain.
func (p *Paths) walk(m *model.Model) {
	var queue []*ssa.Function
	for _, r := range p.roots {
		if p.reach[r.Fn] == nil {
			p.reach[r.Fn] = &Reach{Root: r, Via: []*ssa.Function{r.Fn}}
			queue = append(queue, r.Fn)
		}
	}
	for len(queue) > 0 {
		fn := queue[0]
		queue = queue[1:]
		from := p.reach[fn]
		// The bodies of fn's range-over-func loops are fn's own code:
		// they are on the path where fn is, and their calls are fn's.
		for _, body := range rangeBodies(fn) {
			via := slices.Clone(from.Via)
			via[len(via)-1] = body
			p.reach[body] = &Reach{Root: from.Root, Via: via}
		}
		p.calls[fn] = syncCalls(m, fn)
		for _, c := range p.calls[fn] {
			if !slices.Contains(p.callers[c.fn], fn) {
				p.callers[c.fn] = append(p.callers[c.fn], fn)
			}
			if p.reach[c.fn] != nil {
				continue
			}
			p.reach[c.fn] = &Reach{Root: from.Root, Via: append(slices.Clone(from.Via), c.fn)}
			queue = append(queue, c.fn)
		}
	}
	for _, fn := range m.Funcs {
		if p.reach[fn] != nil {
			p.funcs = append(p.funcs, fn)
		}
	}
}

// syncCalls returns the calls by which fn runs functions of the package on
// its own goroutine: its calls and defers, and the function values it
// passes to a function of the package that calls that parameter itself;
// one call per function, the first in source order.
func syncCalls(m *model.Model, fn *ssa.Function) []call {
	var out []call
	add := func(at ssa.CallInstruction, g *ssa.Function) {
		if g == nil || len(g.Blocks) == 0 || !inPackage(m, g) {
			return
		}
		for i, c := range out {
			if c.fn == g {
				if at.Pos() < c.instr.Pos() {
					out[i].instr = at
				}
				return
			}
		}
		out = append(out, call{at, g})
	}
	for _, b := range slices.Concat(append([][]*ssa.BasicBlock{fn.Blocks}, blocksOf(rangeBodies(fn))...)...) {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			c := m.Callee(ci)
			if c.Fn == nil || !inPackage(m, c.Fn) {
				continue
			}
			add(ci, c.Fn)
			for i, a := range c.Args {
				if g := funcValue(a); g != nil && callsParam(c.Fn, i) {
					add(ci, g)
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b call) int { return int(a.instr.Pos() - b.instr.Pos()) })
	return out
}

// rangeBodies returns the bodies of fn's range-over-func loops, nested
// ones included.
func rangeBodies(fn *ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	for _, anon := range fn.AnonFuncs {
		if ssax.IsRangeBody(anon) {
			out = append(out, anon)
			out = append(out, rangeBodies(anon)...)
		}
	}
	return out
}

func blocksOf(fns []*ssa.Function) [][]*ssa.BasicBlock {
	var out [][]*ssa.BasicBlock
	for _, fn := range fns {
		out = append(out, fn.Blocks)
	}
	return out
}

func inPackage(m *model.Model, fn *ssa.Function) bool {
	return fn.Pkg == m.Pkg || (fn.Pkg == nil && fn.Parent() != nil)
}

// funcValue returns the function behind a function value, or nil.
func funcValue(v ssa.Value) *ssa.Function {
	switch x := v.(type) {
	case *ssa.Function:
		return ssax.Origin(x)
	case *ssa.MakeClosure:
		fn := x.Fn.(*ssa.Function)
		if strings.HasPrefix(fn.Synthetic, "bound method wrapper") {
			if obj, ok := fn.Object().(*types.Func); ok {
				return fn.Prog.FuncValue(obj)
			}
		}
		return fn
	}
	return nil
}

// callsParam reports whether fn calls its i-th parameter (counting the
// receiver) on its own goroutine and never starts it as a goroutine.
func callsParam(fn *ssa.Function, i int) bool {
	if i >= len(fn.Params) {
		return false
	}
	refs := fn.Params[i].Referrers()
	if refs == nil {
		return false
	}
	called := false
	for _, ref := range *refs {
		call, ok := ref.(ssa.CallInstruction)
		if !ok || call.Common().Value != fn.Params[i] {
			continue
		}
		if _, isGo := ref.(*ssa.Go); isGo {
			return false
		}
		called = true
	}
	return called
}

package cpuwork

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
)

// spawnKind says how a spawn site starts its goroutine.
type spawnKind uint8

const (
	spawnGo      spawnKind = iota // a go statement
	spawnLib                      // a library method: errgroup.Group.Go, sync.WaitGroup.Go
	spawnWrapper                  // a spawn helper: a function that runs its argument in a goroutine
)

// spawnSite is a place that starts a goroutine.
type spawnSite struct {
	kind spawnKind
	pos  token.Pos
	// name spells the call that starts the goroutine ("g.Go"), "" for a
	// go statement.
	name string
	// body is the body of the function the goroutine runs, when it is
	// known (a function literal or a function of this package).
	body *ast.BlockStmt
	// recv is the receiver of a library spawn ("g" in g.Go(f)), and
	// entry its table entry.
	recv  ast.Expr
	entry knowledge.Spawn
	// path runs from the top-level declaration down to the site.
	path []ast.Node
}

// goSite describes a go statement.
func (c *checker) goSite(g *ast.GoStmt, stack []ast.Node) spawnSite {
	return spawnSite{kind: spawnGo, pos: g.Go, body: c.funcBody(g.Call.Fun), path: clonePath(stack)}
}

// callSite describes a call that starts a goroutine, if call is one.
func (c *checker) callSite(call *ast.CallExpr, fn *types.Func, stack []ast.Node) (spawnSite, bool) {
	s := spawnSite{pos: call.Pos(), name: spell(call.Fun), path: clonePath(stack)}
	arg := -1
	if e, ok := knowledge.LookupSpawn(fn); ok {
		s.kind, s.entry, arg = spawnLib, e, e.FuncArg
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			s.recv = sel.X
		}
	} else if i, ok := c.spawnHelperArg(fn); ok {
		s.kind, arg = spawnWrapper, i
	} else {
		return spawnSite{}, false
	}
	if arg >= 0 && arg < len(call.Args) {
		s.body = c.funcBody(call.Args[arg])
	}
	return s, true
}

// spawnHelperArg reports whether fn, of this package or another, runs one
// of its function arguments in a new goroutine (the model's summary says
// so), and returns that argument's index among the call's arguments.
func (c *checker) spawnHelperArg(fn *types.Func) (int, bool) {
	s := c.summaryOf(fn)
	if s == nil || len(s.Spawns) == 0 {
		return 0, false
	}
	i := s.Spawns[0]
	if fn.Signature().Recv() != nil {
		i-- // summaries count the receiver as parameter 0
	}
	return i, i >= 0
}

func clonePath(stack []ast.Node) []ast.Node { return append([]ast.Node(nil), stack...) }

// funcBody returns the body of the function a function-valued expression
// denotes: a function literal, or a function or method of this package.
func (c *checker) funcBody(e ast.Expr) *ast.BlockStmt {
	e = ast.Unparen(e)
	if lit, ok := e.(*ast.FuncLit); ok {
		return lit.Body
	}
	var id *ast.Ident
	switch e := e.(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	case *ast.IndexExpr: // an instantiation
		return c.funcBody(e.X)
	}
	if id == nil {
		return nil
	}
	if fn, ok := c.info.Uses[id].(*types.Func); ok {
		if d := c.decls[fn.Origin()]; d != nil {
			return d.Body
		}
	}
	return nil
}

// checkSpawn reports a spawn site inside a loop driven by input when
// nothing bounds how many goroutines it starts.
func (c *checker) checkSpawn(s spawnSite) {
	if len(s.path) == 0 {
		return
	}
	decl, ok := s.path[0].(ast.Decl)
	if !ok {
		return
	}
	loops, at := loopsAround(s.path)
	if len(loops) == 0 {
		return
	}
	if c.startsWithAcquire(s.body, 0) {
		return // the goroutine waits for a slot before it does any work
	}
	if c.longLived(s) || c.onlyWaits(s.body) {
		return // a worker per component, or a goroutine that only waits
	}
	if s.kind == spawnLib && s.entry.Limit != "" && c.groupMayBeLimited(decl, s.recv) {
		return
	}
	for i, l := range loops {
		below := s.path[at[i]+1:]
		if exitsAfter(l, labelOf(s.path, at[i]), below) || c.oncePerLoop(l, below) {
			continue // at most one goroutine per run of this loop
		}
		info := c.classify(decl, l, below)
		if c.limitedBefore(below, info.kind) || c.joinedAfter(below) {
			return
		}
		switch info.kind {
		case loopData:
			if c.endpointFanout(l, below, s) || c.ownMembers(decl, l) {
				return // bounded by the cluster or by the object's own members
			}
			c.reportFanout(s, info, catFanout)
			return
		case loopMessages:
			c.reportFanout(s, info, catPerMessage)
			return
		case loopConns:
			if acceptLoops {
				c.reportFanout(s, info, catPerConn)
			}
			return
		}
	}
}

// labelOf returns the label of the loop at path[i], if it has one.
func labelOf(path []ast.Node, i int) *ast.Ident {
	if i > 0 {
		if ls, ok := path[i-1].(*ast.LabeledStmt); ok {
			return ls.Label
		}
	}
	return nil
}

func (c *checker) reportFanout(s spawnSite, l loop, category string) {
	subject := "a goroutine is started"
	if s.name != "" {
		subject = s.name + " starts a goroutine"
	}
	where := ""
	if c.pass.Fset.Position(l.stmt.Pos()).Line != c.pass.Fset.Position(s.pos).Line {
		where = " in the " + c.loopPos(l.stmt)
	}
	var remedy string
	switch {
	case s.kind == spawnLib && s.entry.Limit != "":
		recv := spell(s.recv)
		remedy = fmt.Sprintf("call %s.%s(n) before the loop", recv, s.entry.Limit)
	case category == catPerMessage:
		remedy = "handle messages in a fixed pool of workers, or acquire a semaphore before starting each goroutine"
	case category == catPerConn:
		remedy = "acquire a semaphore before each Accept to cap the connections served at once"
	default:
		remedy = "process them with a fixed pool of workers, or acquire a semaphore (a buffered channel or semaphore.Weighted) before starting each goroutine"
	}
	msg := fmt.Sprintf("%s for every %s%s, with nothing bounding how many run at once (no semaphore, worker pool or errgroup limit); %s",
		subject, l.describe(), where, remedy)
	c.r.Report(analysis.Diagnostic{
		Pos: s.pos, Category: category, Message: msg,
		Related: []analysis.RelatedInformation{{Pos: l.stmt.Pos(), Message: "the loop"}},
	})
}

// limitedBefore reports whether the iteration, before the spawn site,
// waits for a slot: it sends on a channel (a semaphore), receives a token,
// acquires a semaphore or waits for earlier goroutines. In a loop over
// messages, receiving the message itself does not count.
func (c *checker) limitedBefore(below []ast.Node, kind loopKind) bool {
	for _, st := range precedingStmts(below) {
		if c.waits(st, kind != loopMessages) {
			return true
		}
	}
	// A spawn inside a select case that sends (case sem <- token:).
	for _, n := range below {
		if cc, ok := n.(*ast.CommClause); ok {
			if _, send := cc.Comm.(*ast.SendStmt); send {
				return true
			}
		}
	}
	return false
}

// joinedAfter reports whether the iteration, after the spawn site, waits:
// for the goroutine (wg.Wait, a receive of its result) or for time. Each
// iteration then has a bounded number of goroutines running.
func (c *checker) joinedAfter(below []ast.Node) bool {
	for _, st := range followingStmts(below) {
		if c.waits(st, true) {
			return true
		}
	}
	return false
}

// waits reports whether st may wait for another goroutine, a semaphore or
// time: a channel send, a receive (assigned receives only when
// keptRecv), a select without default, a range over a channel, a limiter,
// or a call that may block on a channel, a WaitGroup or a sleep.
func (c *checker) waits(st ast.Stmt, keptRecv bool) bool {
	if ch := recvChan(st); ch != nil {
		if _, discarded := st.(*ast.ExprStmt); discarded || keptRecv {
			return true
		}
	}
	found := false
	inspectStmt(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			found = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && keptRecv {
				found = true
			}
		case *ast.SelectStmt:
			found = found || !hasDefault(n)
		case *ast.RangeStmt:
			if t := c.info.TypeOf(n.X); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					found = true
				}
			}
		case *ast.CallExpr:
			found = found || c.callWaits(n)
		}
		return !found
	})
	return found
}

func hasDefault(sel *ast.SelectStmt) bool {
	for _, s := range sel.Body.List {
		if cc, ok := s.(*ast.CommClause); ok && cc.Comm == nil {
			return true
		}
	}
	return false
}

// callWaits reports whether a call acquires a limit or may wait on a
// channel, a WaitGroup-like primitive or a timer, by the tables or by the
// callee's summary.
func (c *checker) callWaits(call *ast.CallExpr) bool {
	fn := c.calleeOf(call)
	if fn == nil {
		return false
	}
	if knowledge.IsLimiter(fn) {
		return true
	}
	if op, ok := knowledge.Lookup(fn); ok {
		return op.Kind == knowledge.SyncWait || op.Kind == knowledge.Sleep
	}
	s := c.summaryOf(fn)
	return s.Blocking(func(w model.Witness) bool {
		return w.Kind == knowledge.Channel || w.Kind == knowledge.SyncWait || w.Kind == knowledge.Sleep
	}) != nil
}

// maxAcquireDepth bounds how deep startsWithAcquire follows the first call
// of a goroutine into helpers of this package.
const maxAcquireDepth = 2

// startsWithAcquire reports whether a goroutine body waits for a slot
// before doing anything else: its first statement, after defers and
// plain assignments, sends on a channel (a semaphore), takes a token from
// one, or calls a limiter — directly or as the first thing a helper of
// this package does.
func (c *checker) startsWithAcquire(body *ast.BlockStmt, depth int) bool {
	if body == nil || depth > maxAcquireDepth {
		return false
	}
	for _, st := range body.List {
		switch st.(type) {
		case *ast.DeferStmt:
			continue
		case *ast.AssignStmt, *ast.DeclStmt:
			if !hasCallOrRecv(st) {
				continue
			}
		}
		return c.acquires(st, depth)
	}
	return false
}

// acquires reports whether st acquires a concurrency slot.
func (c *checker) acquires(st ast.Stmt, depth int) bool {
	if recvChan(st) != nil {
		return true // a token taken from a pool, kept or not
	}
	found := false
	inspectStmt(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			found = c.isToken(n.Value) // a result sent on a channel is not a slot
		case *ast.CallExpr:
			if fn := c.calleeOf(n); fn != nil {
				switch {
				case knowledge.IsLimiter(fn):
					found = true
				case c.decls[fn.Origin()] != nil:
					found = c.startsWithAcquire(c.decls[fn.Origin()].Body, depth+1)
				default:
					// A semaphore of another package: its summary
					// shows the send that takes a slot.
					found = c.summaryOf(fn).Blocking(func(w model.Witness) bool {
						return w.Kind == knowledge.Channel && strings.HasPrefix(w.What, "send on ")
					}) != nil
				}
			}
		}
		return !found
	})
	return found
}

// isToken reports whether a value sent on a channel is a token rather than
// data: a value of an empty struct type, or a constant.
func (c *checker) isToken(e ast.Expr) bool {
	if c.isConst(e) {
		return true
	}
	t := c.info.TypeOf(e)
	if t == nil {
		return false
	}
	st, ok := t.Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}

// hasCallOrRecv reports whether st calls a function or receives.
func hasCallOrRecv(st ast.Stmt) bool {
	found := false
	inspectStmt(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			found = true
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		}
		return !found
	})
	return found
}

// groupMayBeLimited reports whether the group a library spawn uses may
// have a limit: SetLimit (the entry's Limit method) is called on it, or it
// comes from somewhere this package cannot see (a parameter, a field of a
// type of another package, a call), or it is handed to other code that
// could set one.
func (c *checker) groupMayBeLimited(decl ast.Decl, recv ast.Expr) bool {
	obj := c.groupObject(recv)
	if obj == nil {
		return true
	}
	if c.limitedGroups[obj] {
		return true
	}
	v, ok := obj.(*types.Var)
	if !ok {
		return true
	}
	if v.IsField() {
		return v.Pkg() != c.pass.Pkg
	}
	if v.Parent() == v.Pkg().Scope() || isParam(decl, v) {
		return v.Parent() != v.Pkg().Scope() // a parameter: the caller may have limited it
	}
	return c.escapes(decl, v)
}

// groupObject returns the variable or field that holds a group: g in g.Go,
// s.group in s.group.Go.
func (c *checker) groupObject(e ast.Expr) types.Object {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	if st, ok := e.(*ast.StarExpr); ok {
		e = ast.Unparen(st.X)
	}
	switch e := e.(type) {
	case *ast.Ident:
		return c.info.ObjectOf(e)
	case *ast.SelectorExpr:
		if sel := c.info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			return sel.Obj()
		}
		return c.info.ObjectOf(e.Sel)
	}
	return nil
}

// escapes reports whether local variable v is used in decl other than as
// the receiver of a method call or the target of an assignment: passed to a
// function, stored, or captured by address.
func (c *checker) escapes(decl ast.Decl, v *types.Var) bool {
	var stack []ast.Node
	escaped := false
	ast.Inspect(decl, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok || c.info.Uses[id] != v || len(stack) < 2 {
			return !escaped
		}
		parent := stack[len(stack)-2]
		switch p := parent.(type) {
		case *ast.SelectorExpr:
			if p.X == id {
				return true // g.Go, g.Wait
			}
		case *ast.AssignStmt:
			for _, lhs := range p.Lhs {
				if lhs == id {
					return true
				}
			}
		}
		escaped = true
		return false
	})
	return escaped
}

// findLimitedGroups records the groups (fields, variables) that a limit
// method (errgroup's SetLimit) is called on in file.
func (c *checker) findLimitedGroups(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := c.calleeOf(call)
		if fn == nil || !isLimitMethod(fn) {
			return true
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if obj := c.groupObject(sel.X); obj != nil {
				c.limitedGroups[obj] = true
			}
		}
		return true
	})
}

// isLimitMethod reports whether fn is the limit method of a spawning type
// (errgroup.Group.SetLimit).
func isLimitMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	named := namedOf(recv.Type())
	if named == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(named), false, named.Obj().Pkg(), "Go")
	gofn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	e, ok := knowledge.LookupSpawn(gofn)
	return ok && e.Limit == fn.Name()
}

func namedOf(t types.Type) *types.Named {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := t.(*types.Named)
	return n
}

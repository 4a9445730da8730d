package cpuwork

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// loopKind says what drives a loop's iterations.
type loopKind uint8

const (
	// loopBounded runs a fixed or configured number of times: over an
	// array or a literal, up to a constant, runtime.NumCPU() or a size
	// that is not the length of some data.
	loopBounded loopKind = iota
	// loopOther is not recognisably driven by input (a retry loop, a
	// loop until some flag is set, a loop woken by a timer).
	loopOther
	// loopData runs once per element of input data: a slice, map or
	// string that is not a literal, an iterator, or up to len(data).
	loopData
	// loopMessages runs once per message received from a channel or read
	// from a connection.
	loopMessages
	// loopConns runs once per accepted connection.
	loopConns
)

// loop is an enclosing loop of a spawn site, classified.
type loop struct {
	stmt ast.Stmt // *ast.ForStmt or *ast.RangeStmt
	kind loopKind
	// unit and source say what one iteration stands for, for messages:
	// "element of" "items (a parameter)", "message received from" "ch".
	unit, source string
}

// describe renders what drives the loop: "element of items (a parameter)".
func (l loop) describe() string { return l.unit + " " + l.source }

// loopsAround returns the loops enclosing path's last node within its
// innermost function, innermost first, with the index of each in path.
func loopsAround(path []ast.Node) (loops []ast.Stmt, at []int) {
	for i := len(path) - 2; i >= 0; i-- {
		switch n := path[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return loops, at
		// Only the body repeats; the init, condition and range
		// expression run once or outside the iteration.
		case *ast.ForStmt:
			if path[i+1] == n.Body {
				loops, at = append(loops, n), append(at, i)
			}
		case *ast.RangeStmt:
			if path[i+1] == n.Body {
				loops, at = append(loops, n), append(at, i)
			}
		}
	}
	return loops, at
}

// oncePerLoop reports whether the code at the end of below runs at most
// once per run of the loop l: l ranges over a map and the code sits in a
// switch case or an if that compares the map's key with a constant, and
// map keys are unique.
func (c *checker) oncePerLoop(l ast.Stmt, below []ast.Node) bool {
	r, ok := l.(*ast.RangeStmt)
	if !ok || r.Key == nil {
		return false
	}
	if t := c.info.TypeOf(r.X); t == nil {
		return false
	} else if _, isMap := t.Underlying().(*types.Map); !isMap {
		return false
	}
	id, ok := r.Key.(*ast.Ident)
	if !ok {
		return false
	}
	key := c.info.ObjectOf(id)
	if key == nil {
		return false
	}
	for i := 0; i+1 < len(below); i++ {
		switch n := below[i].(type) {
		case *ast.SwitchStmt:
			if i+2 >= len(below) || n.Tag == nil || !c.refersTo(n.Tag, key) {
				continue
			}
			// switch → its body → the case the code is in.
			if cc, ok := below[i+2].(*ast.CaseClause); ok && len(cc.List) > 0 && c.allConst(cc.List) {
				return true
			}
		case *ast.IfStmt:
			if below[i+1] == n.Body && c.keyEqualsConst(n.Cond, key) {
				return true
			}
		}
	}
	return false
}

func (c *checker) allConst(es []ast.Expr) bool {
	for _, e := range es {
		if !c.isConst(e) {
			return false
		}
	}
	return true
}

// keyEqualsConst reports whether cond is key == constant (possibly as one
// operand of an &&).
func (c *checker) keyEqualsConst(cond ast.Expr, key types.Object) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.LAND:
		return c.keyEqualsConst(b.X, key) || c.keyEqualsConst(b.Y, key)
	case token.EQL:
		return (c.refersTo(b.X, key) && c.isConst(b.Y)) || (c.refersTo(b.Y, key) && c.isConst(b.X))
	}
	return false
}

// classify says what drives the loop l, given the path from l down to the
// spawn site (below[0] is l's body).
func (c *checker) classify(d ast.Decl, l ast.Stmt, below []ast.Node) loop {
	switch l := l.(type) {
	case *ast.RangeStmt:
		return c.classifyRange(d, l)
	case *ast.ForStmt:
		return c.classifyFor(d, l, below)
	}
	return loop{stmt: l, kind: loopOther}
}

func (c *checker) classifyRange(d ast.Decl, l *ast.RangeStmt) loop {
	out := loop{stmt: l, kind: loopData, unit: "element of"}
	t := c.info.TypeOf(l.X)
	if t == nil {
		out.kind = loopOther
		return out
	}
	if elem := ssax.ElemType(t); elem != nil {
		if _, isFunc := elem.Underlying().(*types.Signature); isFunc {
			// A list of functions is a list of tasks someone wrote
			// (AggregateGoroutines(f, g, h)): its length is code,
			// not data.
			out.kind = loopBounded
			return out
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		if _, groups := u.Elem().Underlying().(*types.Slice); groups {
			// Items grouped by a key (a shard, a broker, a node):
			// one goroutine per group is a batch per destination,
			// bounded by the keys, not by the items.
			out.kind = loopBounded
			return out
		}
	case *types.Chan:
		if c.isTickOrSignal(l.X) {
			out.kind = loopOther
			return out
		}
		out.kind, out.unit, out.source = loopMessages, "message received from", spell(l.X)
		if c.isEndpoint(u.Elem()) {
			out.kind, out.unit = loopConns, "connection received from"
		}
		return out
	case *types.Basic:
		if u.Info()&types.IsInteger != 0 {
			out.unit = "iteration of"
			return c.bound(d, l.X, out, 0)
		}
		if c.isConst(l.X) {
			out.kind = loopBounded
		}
		out.source = spell(l.X)
		return out
	case *types.Array:
		out.kind = loopBounded
		return out
	case *types.Pointer:
		if _, ok := u.Elem().Underlying().(*types.Array); ok {
			out.kind = loopBounded
			return out
		}
	case *types.Signature:
		out.source = "the sequence " + spell(l.X)
		return out
	}
	out = c.source(d, l.X, out, 0)
	if out.source == "" {
		out.source = spell(l.X)
	}
	return out
}

// maxFollow bounds how far local definitions are followed.
const maxFollow = 4

// source classifies the collection e a loop ranges over.
func (c *checker) source(d ast.Decl, e ast.Expr, out loop, depth int) loop {
	e = ast.Unparen(e)
	if out.source == "" {
		out.source = spell(e)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		out.kind = loopBounded
		return out
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok {
			return out
		}
		switch {
		case isParam(d, v):
			out.source += " (a parameter)"
		case v.Parent() == v.Pkg().Scope():
			if init := c.packageInit(v); init != nil && depth < maxFollow {
				if _, lit := ast.Unparen(init).(*ast.CompositeLit); lit {
					out.kind = loopBounded
				}
			}
		default:
			if rhs := c.singleDef(d, v); rhs != nil && depth < maxFollow {
				out.source = "" // name the data, not the local copy
				res := c.source(d, rhs, out, depth+1)
				if res.source == "" {
					res.source = e.Name
				}
				return res
			}
		}
		return out
	case *ast.SelectorExpr:
		if sel := c.info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			out.source += " (a field)"
		}
		return out
	case *ast.CallExpr:
		if isBuiltin(c.info, e, "make") && len(e.Args) >= 2 {
			out.unit = "element of"
			return c.bound(d, e.Args[1], out, depth+1)
		}
		if isBuiltin(c.info, e, "make") || isBuiltin(c.info, e, "append") {
			out.source = "" // filled later: the caller names the variable
			return out
		}
		out.source = "the result of " + spell(e.Fun)
		return out
	case *ast.SliceExpr:
		if e.High != nil && c.isConst(e.High) && (e.Low == nil || c.isConst(e.Low)) {
			out.kind = loopBounded
			return out
		}
		return c.source(d, e.X, out, depth+1)
	}
	return out
}

// bound classifies a loop by its bound e (the n of "i < n" or "range n").
// A loop is taken to start a fixed or configured number of goroutines
// unless its bound is derived from the length of data: that is the rule
// that tells a worker pool sized by a constant, runtime.NumCPU() or a
// Workers field from a goroutine per element.
func (c *checker) bound(d ast.Decl, e ast.Expr, out loop, depth int) loop {
	e = ast.Unparen(e)
	if c.isConst(e) {
		out.kind = loopBounded
		return out
	}
	if src, ok := c.lengthOf(d, e, depth); ok {
		out.unit = "iteration of"
		out.source = "a loop bounded by " + spell(e)
		if src.kind == loopBounded {
			out.kind = loopBounded
		} else {
			out.kind = loopData
			if strings.HasSuffix(src.source, ")") {
				out.source += ", the length of " + src.source
			}
		}
		return out
	}
	out.kind = loopBounded
	return out
}

// lengthOf reports whether e is derived from the length of a collection
// (len(xs), n := len(xs), len(xs)/2, int(len(xs))), and classifies that
// collection.
func (c *checker) lengthOf(d ast.Decl, e ast.Expr, depth int) (loop, bool) {
	if depth > maxFollow {
		return loop{}, false
	}
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.CallExpr:
		if (isBuiltin(c.info, e, "len") || isBuiltin(c.info, e, "cap")) && len(e.Args) == 1 {
			src := c.source(d, e.Args[0], loop{kind: loopData, unit: "element of"}, depth+1)
			if t := c.info.TypeOf(e.Args[0]); t != nil {
				if _, ok := t.Underlying().(*types.Array); ok {
					src.kind = loopBounded
				}
			}
			return src, true
		}
		if isBuiltin(c.info, e, "min") {
			return loop{}, false // capped
		}
		if isBuiltin(c.info, e, "max") {
			for _, a := range e.Args {
				if src, ok := c.lengthOf(d, a, depth+1); ok {
					return src, true
				}
			}
			return loop{}, false
		}
		if tv, ok := c.info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return c.lengthOf(d, e.Args[0], depth+1) // a conversion
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.SHL, token.SHR:
			if src, ok := c.lengthOf(d, e.X, depth+1); ok {
				return src, true
			}
			return c.lengthOf(d, e.Y, depth+1)
		}
	case *ast.Ident:
		if v, ok := c.info.Uses[e].(*types.Var); ok && !isParam(d, v) && v.Parent() != v.Pkg().Scope() {
			if rhs := c.singleDef(d, v); rhs != nil {
				return c.lengthOf(d, rhs, depth+1)
			}
		}
	}
	return loop{}, false
}

func (c *checker) classifyFor(d ast.Decl, l *ast.ForStmt, below []ast.Node) loop {
	out := loop{stmt: l, kind: loopOther, unit: "iteration of"}
	if bound, ok := c.counterBound(l); ok {
		return c.bound(d, bound, out, 0)
	}
	if it, ok := iteratorCond(l.Cond); ok {
		out.kind, out.unit, out.source = loopData, "item from", spell(it)
		return out
	}
	return c.classifyByBody(l, below, out)
}

// counterBound returns the bound of a counting loop: n in
// "for i := 0; i < n; i++", or the start of a loop counting down.
func (c *checker) counterBound(l *ast.ForStmt) (ast.Expr, bool) {
	cond, ok := ast.Unparen(l.Cond).(*ast.BinaryExpr)
	if !ok {
		return nil, false
	}
	switch cond.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ:
	default:
		return nil, false
	}
	counter := c.counter(l)
	if counter == nil {
		return nil, false
	}
	var other ast.Expr
	switch {
	case c.refersTo(cond.X, counter):
		other = cond.Y
	case c.refersTo(cond.Y, counter):
		other = cond.X
	default:
		return nil, false
	}
	if down(l.Post) {
		// for i := len(xs) - 1; i >= 0; i--: the start is the bound.
		if as, ok := l.Init.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
			return as.Rhs[0], true
		}
		return nil, false
	}
	return other, true
}

// counter returns the variable a for loop's post statement steps.
func (c *checker) counter(l *ast.ForStmt) types.Object {
	var id *ast.Ident
	switch p := l.Post.(type) {
	case *ast.IncDecStmt:
		id, _ = ast.Unparen(p.X).(*ast.Ident)
	case *ast.AssignStmt:
		if len(p.Lhs) == 1 {
			id, _ = ast.Unparen(p.Lhs[0]).(*ast.Ident)
		}
	}
	if id == nil {
		return nil
	}
	return c.info.ObjectOf(id)
}

func down(post ast.Stmt) bool {
	switch p := post.(type) {
	case *ast.IncDecStmt:
		return p.Tok == token.DEC
	case *ast.AssignStmt:
		return p.Tok == token.SUB_ASSIGN
	}
	return false
}

// refersTo reports whether e is the variable obj (possibly converted).
func (c *checker) refersTo(e ast.Expr, obj types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && c.info.ObjectOf(id) == obj {
			found = true
		}
		return !found
	})
	return found
}

// iteratorCond reports whether cond advances an iterator
// ("scanner.Scan()", "rows.Next()", "it.Next(ctx)"), returning the call.
func iteratorCond(cond ast.Expr) (ast.Expr, bool) {
	call, ok := ast.Unparen(cond).(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	switch sel.Sel.Name {
	case "Next", "Scan", "More", "HasNext", "NextResultSet":
		return call, true
	}
	return nil, false
}

// classifyByBody classifies a loop without a counter or iterator by what
// each iteration waits for before the spawn site: a connection from
// Accept, a message from a channel or from a connection.
func (c *checker) classifyByBody(l ast.Stmt, below []ast.Node, out loop) loop {
	// A spawn inside a select case that receives: one per message.
	for i := len(below) - 1; i >= 0; i-- {
		cc, ok := below[i].(*ast.CommClause)
		if !ok || cc.Comm == nil {
			continue
		}
		if ch := recvChan(cc.Comm); ch != nil && !c.isTickOrSignal(ch) {
			return c.received(out, ch)
		}
	}
	for _, st := range precedingStmts(below) {
		if call := c.acceptCall(st); call != nil {
			out.kind, out.unit, out.source = loopConns, "connection accepted by", spell(call.Fun)
		} else if ch := c.messageRecv(st); ch != nil {
			out = c.received(out, ch)
		} else if call := c.networkRead(st); call != nil {
			out.kind, out.unit, out.source = loopMessages, "message read by", spell(call.Fun)
		}
	}
	return out
}

// received classifies a loop that receives from ch: one iteration per
// message, or per connection when the channel carries connections (a
// listener behind a channel).
func (c *checker) received(out loop, ch ast.Expr) loop {
	out.kind, out.unit, out.source = loopMessages, "message received from", spell(ch)
	if t := c.info.TypeOf(ch); t != nil {
		if ct, ok := t.Underlying().(*types.Chan); ok && c.isEndpoint(ct.Elem()) {
			out.kind, out.unit = loopConns, "connection received from"
		}
	}
	return out
}

// recvChan returns the channel a select case or statement receives from.
func recvChan(st ast.Stmt) ast.Expr {
	var e ast.Expr
	switch st := st.(type) {
	case *ast.ExprStmt:
		e = st.X
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			e = st.Rhs[0]
		}
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// messageRecv returns the channel a statement receives a message from and
// keeps: "m := <-ch", "m, ok := <-ch".
func (c *checker) messageRecv(st ast.Stmt) ast.Expr {
	var rhs ast.Expr
	switch st := st.(type) {
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			rhs = st.Rhs[0]
		}
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok && len(gd.Specs) == 1 {
			if vs, ok := gd.Specs[0].(*ast.ValueSpec); ok && len(vs.Values) == 1 {
				rhs = vs.Values[0]
			}
		}
	}
	if u, ok := ast.Unparen(rhs).(*ast.UnaryExpr); ok && u.Op == token.ARROW && !c.isTickOrSignal(u.X) {
		return u.X
	}
	return nil
}

// acceptCall returns the call in st of a method named Accept (net.Listener
// and every listener-like type), or nil.
func (c *checker) acceptCall(st ast.Stmt) *ast.CallExpr {
	var found *ast.CallExpr
	inspectStmt(st, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Accept") {
				found = call
			}
		}
		return found == nil
	})
	return found
}

// networkRead returns a call in an assignment of st that reads from the
// network (by the knowledge table or the callee's summary), or nil:
// "msg, err := conn.ReadMessage()".
func (c *checker) networkRead(st ast.Stmt) *ast.CallExpr {
	as, ok := st.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 {
		return nil
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return nil
	}
	fn := c.calleeOf(call)
	if fn == nil {
		return nil
	}
	if op, ok := knowledge.Lookup(fn); ok {
		if op.Kind == knowledge.Network && !op.RequestIO {
			return call
		}
		return nil
	}
	if s := c.summaryOf(fn); s != nil && s.Blocking(func(w model.Witness) bool { return w.Kind == knowledge.Network && !w.RequestIO }) != nil {
		return call
	}
	return nil
}

// isTickOrSignal reports whether receiving from ch waits for time or for a
// signal rather than for a message: a timer's or ticker's channel,
// time.After, ctx.Done(), or a chan struct{}.
func (c *checker) isTickOrSignal(ch ast.Expr) bool {
	ch = ast.Unparen(ch)
	if t := c.info.TypeOf(ch); t != nil {
		if ct, ok := t.Underlying().(*types.Chan); ok {
			if st, ok := ct.Elem().Underlying().(*types.Struct); ok && st.NumFields() == 0 {
				return true
			}
			if named, ok := ct.Elem().(*types.Named); ok && named.Obj().Pkg() != nil &&
				named.Obj().Pkg().Path() == "time" && named.Obj().Name() == "Time" {
				return true // timers, tickers, time.After, time.Tick
			}
		}
	}
	if call, ok := ch.(*ast.CallExpr); ok {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Done" {
			return true
		}
	}
	return false
}

// precedingStmts returns the statements that run in the same iteration
// before the spawn site: at each level of the path from the loop body
// down, the statements before the one leading to the site.
func precedingStmts(below []ast.Node) []ast.Stmt {
	var out []ast.Stmt
	for i := 0; i+1 < len(below); i++ {
		list := stmtList(below[i])
		for _, st := range list {
			if st == below[i+1] {
				break
			}
			out = append(out, st)
		}
		if ifs, ok := below[i].(*ast.IfStmt); ok && ifs.Init != nil && below[i+1] != ifs.Init {
			out = append(out, ifs.Init)
		}
	}
	return out
}

// followingStmts returns the statements that run in the same iteration
// after the spawn site.
func followingStmts(below []ast.Node) []ast.Stmt {
	var out []ast.Stmt
	for i := len(below) - 2; i >= 0; i-- {
		list := stmtList(below[i])
		after := false
		for _, st := range list {
			if after {
				out = append(out, st)
			}
			if st == below[i+1] {
				after = true
			}
		}
	}
	return out
}

// stmtList returns the statements of a block-like node that run in
// sequence; the clauses of a switch or select are alternatives, not a
// sequence.
func stmtList(n ast.Node) []ast.Stmt {
	switch n := n.(type) {
	case *ast.BlockStmt:
		if len(n.List) > 0 {
			switch n.List[0].(type) {
			case *ast.CaseClause, *ast.CommClause:
				return nil
			}
		}
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}

// exitsAfter reports whether, right after the spawn site, the iteration
// leaves the loop l for good (a return, or a break out of l): the loop
// then starts one goroutine at most.
func exitsAfter(l ast.Stmt, label *ast.Ident, below []ast.Node) bool {
	for i := len(below) - 2; i >= 0; i-- {
		list := stmtList(below[i])
		after := false
		for _, st := range list {
			if after && leaves(st, label, below[:i+1]) {
				return true
			}
			if st == below[i+1] {
				after = true
			}
		}
	}
	return false
}

// leaves reports whether st, a statement in the block at the end of path
// (path[0] being the loop body), unconditionally leaves the loop.
func leaves(st ast.Stmt, label *ast.Ident, path []ast.Node) bool {
	switch st := st.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		if st.Tok != token.BREAK {
			return false
		}
		if st.Label != nil {
			return label != nil && st.Label.Name == label.Name
		}
		// An unlabelled break leaves the innermost for, switch or
		// select: it must be the loop itself.
		for _, n := range path[1:] {
			switch n.(type) {
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.ForStmt, *ast.RangeStmt:
				return false
			}
		}
		return true
	case *ast.ExprStmt:
		if call, ok := st.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

// inspectStmt walks st without entering function literals, which run
// elsewhere.
func inspectStmt(st ast.Node, f func(ast.Node) bool) {
	ast.Inspect(st, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		return f(n)
	})
}

// isParam reports whether v is a parameter or receiver of the top-level
// function d or of a function literal in it.
func isParam(d ast.Decl, v *types.Var) bool {
	found := false
	ast.Inspect(d, func(n ast.Node) bool {
		var ft *ast.FuncType
		var recv *ast.FieldList
		switch n := n.(type) {
		case *ast.FuncDecl:
			ft, recv = n.Type, n.Recv
		case *ast.FuncLit:
			ft = n.Type
		default:
			return !found
		}
		for _, fl := range []*ast.FieldList{recv, ft.Params} {
			if fl == nil {
				continue
			}
			for _, f := range fl.List {
				for _, name := range f.Names {
					if name.Pos() == v.Pos() {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// packageInit returns the initialiser of a package-level variable, or nil.
func (c *checker) packageInit(v *types.Var) ast.Expr {
	for _, init := range c.info.InitOrder {
		if len(init.Lhs) == 1 && init.Lhs[0] == v {
			return init.Rhs
		}
	}
	return nil
}

// singleDef returns the expression a local variable is given, when it is
// given exactly one value in its declaration d (and nil otherwise).
func (c *checker) singleDef(d ast.Decl, v *types.Var) ast.Expr {
	defs := c.assignments(d)[v]
	if len(defs) == 1 {
		return defs[0]
	}
	return nil
}

// assignments records every value assigned to each local variable of d; a
// nil entry stands for a value that cannot be named (a range variable, an
// op-assignment, one result of a multi-value call).
func (c *checker) assignments(d ast.Decl) map[types.Object][]ast.Expr {
	if a, ok := c.assigns[d]; ok {
		return a
	}
	a := make(map[types.Object][]ast.Expr)
	note := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok || id.Name == "_" {
			return
		}
		if obj := c.info.ObjectOf(id); obj != nil {
			a[obj] = append(a[obj], rhs)
		}
	}
	ast.Inspect(d, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				var rhs ast.Expr
				switch {
				case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
				case len(n.Lhs) == len(n.Rhs):
					rhs = n.Rhs[i]
				case len(n.Rhs) == 1 && i == 0:
					// v, err := f(): v is the result of f.
					if _, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok {
						rhs = n.Rhs[0]
					}
				}
				note(lhs, rhs)
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				var rhs ast.Expr
				if len(n.Names) == len(n.Values) {
					rhs = n.Values[i]
				}
				note(name, rhs)
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				note(n.Key, nil)
			}
			if n.Value != nil {
				note(n.Value, nil)
			}
		case *ast.IncDecStmt:
			note(n.X, nil)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				note(n.X, nil) // address taken: may be assigned through a pointer
			}
		}
		return true
	})
	c.assigns[d] = a
	return a
}

// isConst reports whether e is a constant expression.
func (c *checker) isConst(e ast.Expr) bool {
	tv, ok := c.info.Types[e]
	return ok && tv.Value != nil
}

// isBuiltin reports whether call calls the named built-in function.
func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// loopPos names where a loop starts, for messages.
func (c *checker) loopPos(l ast.Stmt) string { return fmt.Sprintf("loop at %s", c.pos(l.Pos())) }

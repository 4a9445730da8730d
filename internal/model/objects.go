package model

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// The object index groups the values of a package that may denote the same
// synchronisation object (a channel, a WaitGroup, a Cond or a lock), and
// records every operation on each group. It is what the answerer model asks
// "who else touches this channel?".
//
// Values are grouped with union-find over nodes, which are strings:
//
//	field:<type identity>   a struct field of a type ("field ch of *p.T")
//	elems:<node>            the elements of a slice or map node
//	global:<id>             a package-level variable
//	res:<fn>:<i>            result i of a function of the package
//	v:<ptr>                 one SSA value (a make, a parameter, a free
//	                        variable, an address-taken local)
//	done, timer             a context's Done channel, a timer's channel
//
// A value stored into a field joins the field's group, an argument joins
// the callee's parameter, a binding joins the closure's free variable, a
// returned value joins the function's result. The grouping is by flow, not
// by instance: every channel ever kept in field ch of T is one group. That
// over-approximates who may answer a wait, which errs towards reporting
// fewer harmless waits as cycles only when no answerer needs the lock.
//
// A group escapes when some of its values reach code the package cannot
// see: an exported field or variable, a parameter or result of an exported
// function, an interface conversion, a call of an unknown function, a send
// over another channel. Operations on an escaped group may happen
// elsewhere, so its waits have answerers out of view.
type objIndex struct {
	parent  map[string]string
	escapes map[string]string // group root -> why it escapes (the first reason seen)
	escDir  map[string]uint8  // group root -> what code out of view can do with it
	// upward marks the groups that escape to code that may call back
	// into the package (callers, importers); a group that only comes
	// from a package this one calls is answered by code that cannot name
	// this package's functions.
	upward map[string]bool
	sites  []objSite
	// bySite groups the sites by the root of their node, once the
	// unions are complete.
	byRoot map[string][]int
	// byFn lists the sites of each function.
	byFn map[*ssa.Function][]int
	// flows are the argument-to-parameter edges between nodes; fwd and
	// bwd hold them between group roots once the unions are complete.
	flows    [][2]string
	fwd, bwd map[string][]string
	closures cache[string, groupSet]
	// shared marks the groups holding a value that more than one run of
	// a function can reach: a field, a variable, a parameter, a result.
	shared map[string]bool
	// open lists, per group, why it is reachable from other packages
	// through parameters of exported functions (openBy: which ones).
	open   map[string][]string
	openBy map[string][]*ssa.Parameter
	// callers lists, for each function of the package, the synchronous
	// in-package call sites that run it (go statements excluded: a new
	// goroutine holds none of its starter's locks).
	callers map[*ssa.Function][]ssa.CallInstruction
}

// opKind is what an operation does to a synchronisation object.
type opKind uint8

const (
	opSend opKind = iota + 1
	opRecv
	opRange
	opClose
	opAdd    // WaitGroup.Add, WaitGroup.Go
	opDone   // WaitGroup.Done
	opWait   // WaitGroup.Wait
	opSignal // Cond.Signal, Cond.Broadcast
	opCondWait
)

// syncSites maps what a method of a WaitGroup-like or Cond-like object
// does (knowledge.SyncOp) to the one site its call makes in the index.
// SyncGo makes two (an Add now, a Done when the function returns).
var syncSites = map[knowledge.SyncOp]opKind{
	knowledge.SyncAdd:      opAdd,
	knowledge.SyncDone:     opDone,
	knowledge.SyncWaitAll:  opWait,
	knowledge.SyncSignal:   opSignal,
	knowledge.SyncCondWait: opCondWait,
}

func (k opKind) String() string {
	switch k {
	case opSend:
		return "send"
	case opRecv:
		return "receive"
	case opRange:
		return "range"
	case opClose:
		return "close"
	case opAdd:
		return "Add"
	case opDone:
		return "Done"
	case opWait:
		return "Wait"
	case opSignal:
		return "Signal"
	case opCondWait:
		return "Wait"
	}
	return "operation"
}

// objSite is one operation on an object.
type objSite struct {
	node     string
	kind     opKind
	fn       *ssa.Function   // the function the operation is in
	instr    ssa.Instruction // the operation, or the call that performs it
	ext      *ParamObj       // set when the operation is inside a callee of another package
	goFn     *ssa.Function   // for WaitGroup.Go: the function whose return is the Done
	async    bool            // the operation happens in a goroutine the call starts (WaitGroup.Go)
	deferred bool            // the operation runs when fn returns (defer close(ch), defer wg.Done())
	sel      bool            // one case of a select
	what     string          // for messages: "receive in worker (pool.go:40)"
	pos      token.Pos       // where the operation is
	cases    *ssa.Select     // the select the case belongs to, if sel
	v        ssa.Value       // the object operated on, as fn sees it (nil for another package's)
}

func newObjIndex() *objIndex {
	return &objIndex{
		parent:  make(map[string]string),
		escapes: make(map[string]string),
		escDir:  make(map[string]uint8),
		upward:  make(map[string]bool),
		shared:  make(map[string]bool),
		open:    make(map[string][]string),
		openBy:  make(map[string][]*ssa.Parameter),
		callers: make(map[*ssa.Function][]ssa.CallInstruction),
	}
}

func (x *objIndex) find(n string) string {
	p, ok := x.parent[n]
	if !ok || p == n {
		return n
	}
	r := x.find(p)
	x.parent[n] = r
	return r
}

// rank orders candidate roots: a group is named by its most telling node,
// a field or a variable, so that a lock's identity survives in facts.
func rank(n string) int {
	switch {
	case strings.HasPrefix(n, "field:"), strings.HasPrefix(n, "global:"):
		return 3
	case strings.HasPrefix(n, "elems:"):
		return 2
	case strings.HasPrefix(n, "res:"):
		return 1
	}
	return 0
}

// isSharedNode reports whether node n can be reached by more than one run
// of a function.
func isSharedNode(n string) bool {
	return rank(n) > 0 || strings.HasPrefix(n, "p:")
}

func (x *objIndex) union(a, b string) {
	if a == "" || b == "" {
		return
	}
	ra, rb := x.find(a), x.find(b)
	if isSharedNode(a) {
		x.shared[ra] = true
	}
	if isSharedNode(b) {
		x.shared[rb] = true
	}
	if ra == rb {
		return
	}
	// The better-ranked root wins; ties go to the smaller string so
	// that the grouping does not depend on the order of unions.
	if rank(rb) > rank(ra) || (rank(rb) == rank(ra) && rb < ra) {
		ra, rb = rb, ra
	}
	x.parent[rb] = ra
	if x.shared[rb] {
		x.shared[ra] = true
		delete(x.shared, rb)
	}
	if o := x.open[rb]; o != nil {
		x.open[ra] = append(x.open[ra], o...)
		x.openBy[ra] = append(x.openBy[ra], x.openBy[rb]...)
		delete(x.open, rb)
		delete(x.openBy, rb)
	}
	if d := x.escDir[rb]; d != 0 {
		x.escDir[ra] |= d
		delete(x.escDir, rb)
	}
	if x.upward[rb] {
		x.upward[ra] = true
		delete(x.upward, rb)
	}
	if why, ok := x.escapes[rb]; ok {
		if _, had := x.escapes[ra]; !had {
			x.escapes[ra] = why
		}
		delete(x.escapes, rb)
	}
}

// Escape directions: what code out of view can do with an object it gets.
const (
	escRecv uint8 = 1 << iota // receive from it (answering a send)
	escSend                   // send on it or close it (answering a receive)
	escBoth = escRecv | escSend
)

// escapeDir returns what code holding a value of type t can do with the
// channel in it: a receive-only channel can only be received from.
func escapeDir(t types.Type) uint8 {
	if ch, ok := t.Underlying().(*types.Chan); ok {
		switch ch.Dir() {
		case types.RecvOnly:
			return escRecv
		case types.SendOnly:
			return escSend
		}
	}
	return escBoth
}

// escape records that the group of n reaches code out of view, as a value
// of type t, and why.
func (x *objIndex) escape(n, why string, t types.Type) {
	if n == "" {
		return
	}
	x.upward[x.find(n)] = true
	x.escapeDown(n, why, t)
	// A collection that escapes hands out the channels in it.
	if elem := containerElem(t); elem != nil && !strings.HasPrefix(n, "elems:elems:") {
		x.escape("elems:"+n, why, elem)
	}
}

// containerElem returns the element type of t when t (or what t points
// to) is a collection of channels, or nil.
func containerElem(t types.Type) types.Type {
	if !isChanContainer(t) {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	return ssax.ElemType(t)
}

// escapeDown records that the group of node n comes from code of a
// package this one calls, which cannot call back into it.
func (x *objIndex) escapeDown(n, why string, t types.Type) {
	if n == "" {
		return
	}
	r := x.find(n)
	if _, ok := x.escapes[r]; !ok {
		x.escapes[r] = why
	}
	x.escDir[r] |= escapeDir(t)
}

// escaped returns why the group of node n escapes, or "".
func (x *objIndex) escaped(n string) string { return x.escapes[x.find(n)] }

// isObjType reports whether values of type t are synchronisation objects
// the index follows: channels, and pointers to WaitGroups, Conds and
// mutexes (the values their methods are called on).
func isObjType(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Chan:
		return true
	case *types.Pointer:
		if knowledge.IsSyncObjType(ssax.TypeString(u.Elem())) {
			return true
		}
		if _, ok := u.Elem().Underlying().(*types.Chan); ok {
			return true // a variable holding a channel
		}
		if p, ok := u.Elem().Underlying().(*types.Pointer); ok && isObjType(p) {
			return true // a captured variable holding a *sync.WaitGroup
		}
	}
	return false
}

// isChanContainer reports whether t holds channels as elements: a slice,
// array or map of channels.
func isChanContainer(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return isObjType(u.Elem())
	case *types.Array:
		return isObjType(u.Elem())
	case *types.Map:
		return isObjType(u.Elem())
	case *types.Pointer:
		return isChanContainer(u.Elem())
	}
	return false
}

// node returns the node of value v.
func (m *Model) node(v ssa.Value) string {
	for depth := 0; depth < 8; depth++ {
		if IsTimerChan(v) {
			return "timer"
		}
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op == token.MUL {
				v = x.X // what is stored at an address is the address's object
				continue
			}
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.ChangeInterface:
			v = x.X
			continue
		case *ssa.TypeAssert:
			if !x.CommaOk {
				v = x.X
				continue
			}
		case *ssa.Slice:
			v = x.X
			continue
		case *ssa.FieldAddr, *ssa.Field:
			if p, _ := ssax.PathOf(x); p.TypeKey() != "" {
				return "field:" + p.TypeKey()
			}
		case *ssa.IndexAddr:
			return "elems:" + m.node(x.X)
		case *ssa.Index:
			return "elems:" + m.node(x.X)
		case *ssa.Lookup:
			return "elems:" + m.node(x.X)
		case *ssa.Global:
			p, _ := ssax.PathOf(x)
			return "global:" + p.ID
		case *ssa.Call:
			if IsDoneChan(x) {
				return "done"
			}
			if IsTimerChan(x) {
				return "timer"
			}
			if fn := m.Callee(x).Fn; m.inPackage(fn) {
				return fmt.Sprintf("res:%p:0", fn)
			}
		case *ssa.Extract:
			if l, ok := x.Tuple.(*ssa.Lookup); ok && x.Index == 0 {
				return "elems:" + m.node(l.X) // v, ok := m[k]
			}
			if next, ok := x.Tuple.(*ssa.Next); ok && !next.IsString && x.Index == 2 {
				// The value of a range over a map is one of its
				// elements, as MapUpdate stores them.
				if r, ok := next.Iter.(*ssa.Range); ok {
					return "elems:" + m.node(r.X)
				}
			}
			if call, ok := x.Tuple.(*ssa.Call); ok {
				if fn := m.Callee(call).Fn; m.inPackage(fn) {
					return fmt.Sprintf("res:%p:%d", fn, x.Index)
				}
			}
		}
		break
	}
	if IsTimerChan(v) {
		return "timer"
	}
	if _, ok := v.(*ssa.Parameter); ok {
		return fmt.Sprintf("p:%p", v)
	}
	return fmt.Sprintf("v:%p", v)
}

// buildObjects builds the object index of the package.
func (m *Model) buildObjects() {
	x := newObjIndex()
	m.objs = x
	for _, fn := range m.Funcs {
		for instr := range ssax.Instrs(fn) {
			m.indexInstr(fn, instr)
		}
		m.indexSignature(fn)
	}
	x.fwd = make(map[string][]string)
	x.bwd = make(map[string][]string)
	for _, f := range x.flows {
		a, b := x.find(f[0]), x.find(f[1])
		if a == b {
			continue
		}
		if !slices.Contains(x.fwd[a], b) {
			x.fwd[a] = append(x.fwd[a], b)
			x.bwd[b] = append(x.bwd[b], a)
		}
	}
	x.byRoot = make(map[string][]int)
	x.byFn = make(map[*ssa.Function][]int)
	for i, s := range x.sites {
		r := x.find(s.node)
		x.byRoot[r] = append(x.byRoot[r], i)
		x.byFn[s.fn] = append(x.byFn[s.fn], i)
	}
}

// indexSignature joins fn's parameters and results to what other packages
// can see: those of an exported function escape.
func (m *Model) indexSignature(fn *ssa.Function) {
	x := m.objs
	visible := exportedFunc(fn)
	for _, p := range fn.Params {
		if !isObjType(p.Type()) && !isChanContainer(p.Type()) {
			continue
		}
		n := m.node(p)
		x.shared[x.find(n)] = true
		if visible {
			r := x.find(n)
			x.open[r] = append(x.open[r], fmt.Sprintf("it is a parameter of %s, which other packages call", ssax.FuncDisplayName(fn)))
			x.openBy[r] = append(x.openBy[r], p)
		}
	}
	for i, fv := range fn.FreeVars {
		if !isObjType(fv.Type()) && !isChanContainer(fv.Type()) {
			continue
		}
		// A captured collection of channels (workers[idx] in a
		// goroutine, workers[i] = make(...) in its maker) holds the
		// same elements as the bound one: join the elements too, as
		// node names them after the container.
		join := func(b ssa.Value) {
			x.union(m.node(fv), m.node(b))
			if isChanContainer(fv.Type()) {
				x.union("elems:"+m.node(fv), "elems:"+m.node(b))
			}
		}
		if mc, binding := capturedOnce(fv); mc != nil {
			join(binding)
		} else if fn.Parent() != nil {
			// A closure made in more than one place: join every binding.
			for instr := range ssax.Instrs(fn.Parent()) {
				if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && i < len(mc.Bindings) {
					join(mc.Bindings[i])
				}
			}
		}
	}
}

// capturedOnce returns the closure creation binding fv and the bound value,
// when the closure is made in one place.
func capturedOnce(fv *ssa.FreeVar) (*ssa.MakeClosure, ssa.Value) {
	fn := fv.Parent()
	parent := fn.Parent()
	if parent == nil {
		return nil, nil
	}
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	var found *ssa.MakeClosure
	for instr := range ssax.Instrs(parent) {
		if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
			if found != nil {
				return nil, nil
			}
			found = mc
		}
	}
	if found == nil || idx < 0 || idx >= len(found.Bindings) {
		return nil, nil
	}
	return found, found.Bindings[idx]
}

// exportedFunc reports whether code in other packages can call fn by name:
// an exported function, or an exported method of any type (an unexported
// type's exported method is reachable through interfaces and returned
// values).
func exportedFunc(fn *ssa.Function) bool {
	if fn.Parent() != nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return false
	}
	if obj.Pkg() != nil && obj.Pkg().Name() == "main" {
		return false
	}
	return obj.Exported()
}

// fieldEscapes reports whether a field node is visible to other packages:
// an exported field, or a field of a type declared elsewhere.
func (m *Model) fieldEscapes(v ssa.Value) string {
	var st types.Type
	var idx int
	switch f := v.(type) {
	case *ssa.FieldAddr:
		st, idx = derefType(f.X.Type()), f.Field
	case *ssa.Field:
		st, idx = f.X.Type(), f.Field
	default:
		return ""
	}
	s, ok := st.Underlying().(*types.Struct)
	if !ok || idx >= s.NumFields() {
		return ""
	}
	field := s.Field(idx)
	if field.Pkg() != nil && field.Pkg() != m.Pass.Pkg {
		return "it is kept in field " + field.Name() + " of a type of package " + field.Pkg().Name()
	}
	if field.Exported() && m.Pass.Pkg.Name() != "main" {
		return "it is kept in exported field " + field.Name()
	}
	return ""
}

// indexInstr records what instr does to objects.
func (m *Model) indexInstr(fn *ssa.Function, instr ssa.Instruction) {
	x := m.objs
	add := func(v ssa.Value, kind opKind, pos token.Pos) {
		n := m.node(v)
		if why := m.fieldEscapesOf(v); why != "" {
			x.escape(n, why, v.Type())
		}
		if g, ok := rootGlobal(v); ok && g.Object() != nil && g.Object().Exported() && m.Pass.Pkg.Name() != "main" {
			x.escape(n, "it is kept in exported variable "+g.Name(), v.Type())
		}
		if isSharedNode(n) {
			x.shared[x.find(n)] = true
		}
		x.sites = append(x.sites, objSite{node: n, kind: kind, fn: fn, instr: instr, pos: pos, v: v})
	}
	switch instr := instr.(type) {
	case *ssa.Send:
		add(instr.Chan, opSend, instr.Pos())
		if isObjType(instr.X.Type()) || isChanContainer(instr.X.Type()) {
			x.escape(m.node(instr.X), "it is sent over a channel", instr.X.Type())
		}
	case *ssa.UnOp:
		if instr.Op == token.ARROW {
			kind := opRecv
			if instr.Block().Comment == "rangechan.loop" {
				kind = opRange
			}
			add(instr.X, kind, instr.Pos())
		}
	case *ssa.Select:
		for _, st := range instr.States {
			kind := opRecv
			if st.Dir == types.SendOnly {
				kind = opSend
				if isObjType(st.Send.Type()) {
					x.escape(m.node(st.Send), "it is sent over a channel", st.Send.Type())
				}
			}
			add(st.Chan, kind, st.Pos)
			s := &x.sites[len(x.sites)-1]
			s.sel, s.cases = true, instr
		}
	case *ssa.Store:
		if isObjType(instr.Val.Type()) || isChanContainer(instr.Val.Type()) {
			if c, ok := instr.Val.(*ssa.Const); ok && c.IsNil() {
				return
			}
			n := m.node(instr.Addr)
			if why := m.fieldEscapesOf(instr.Addr); why != "" {
				x.escape(n, why, instr.Val.Type())
			}
			if g, ok := rootGlobal(instr.Addr); ok && g.Object() != nil && g.Object().Exported() && m.Pass.Pkg.Name() != "main" {
				x.escape(n, "it is kept in exported variable "+g.Name(), instr.Val.Type())
			}
			x.union(m.node(instr.Val), n)
		}
	case *ssa.MapUpdate:
		if isObjType(instr.Value.Type()) {
			x.union(m.node(instr.Value), "elems:"+m.node(instr.Map))
		}
	case *ssa.Phi:
		if isObjType(instr.Type()) || isChanContainer(instr.Type()) {
			for _, e := range instr.Edges {
				if c, ok := e.(*ssa.Const); ok && c.IsNil() {
					continue
				}
				x.union(m.node(instr), m.node(e))
			}
		}
	case *ssa.Return:
		for i, r := range instr.Results {
			if !isObjType(r.Type()) && !isChanContainer(r.Type()) {
				continue
			}
			if c, ok := r.(*ssa.Const); ok && c.IsNil() {
				continue
			}
			res := fmt.Sprintf("res:%p:%d", fn, i)
			x.union(m.node(r), res)
			if exportedFunc(fn) {
				why := "it is returned by " + ssax.FuncDisplayName(fn) + ", which other packages call"
				x.escape(res, why, fn.Signature.Results().At(i).Type())
				// The returned value's own name reaches its elements
				// (elems:cell for a captured slice) where res's does not.
				x.escape(m.node(r), why, fn.Signature.Results().At(i).Type())
			}
		}
	case *ssa.MakeInterface:
		if isObjType(instr.X.Type()) || isChanContainer(instr.X.Type()) {
			x.escape(m.node(instr.X), "it is converted to an interface", instr.X.Type())
		}
	case *ssa.MakeClosure:
		// Bindings are joined to free variables from the closure's side
		// (indexSignature).
	case *ssa.Extract:
		if call, ok := instr.Tuple.(*ssa.Call); ok && isObjType(instr.Type()) {
			if impls := m.privateDispatch(call); impls != nil {
				for _, impl := range impls {
					x.union(m.node(instr), fmt.Sprintf("res:%p:%d", impl, instr.Index))
				}
			} else {
				m.fromOutside(call, instr)
			}
		}
	case ssa.CallInstruction:
		if call, ok := instr.(*ssa.Call); ok && isObjType(call.Type()) {
			if impls := m.privateDispatch(call); impls != nil {
				for _, impl := range impls {
					x.union(m.node(call), fmt.Sprintf("res:%p:0", impl))
				}
			} else {
				m.fromOutside(call, call)
			}
		}
		m.indexCall(fn, instr)
	}
}

// privateDispatch returns the methods an interface call can run when its
// method is unexported: only this package's types can implement it, so
// the implementations the package declares are all there are, and what
// the call returns is what one of them returns (minio's
// iamStorageWatcher.watch hands out the channel IAMEtcdStore.watch
// makes). It returns nil for other calls, or when an implementation is
// not a function of this package.
func (m *Model) privateDispatch(call *ssa.Call) []*ssa.Function {
	if !call.Call.IsInvoke() || call.Call.Method.Exported() {
		return nil
	}
	return m.implementations(call.Call.Method)
}

// fromOutside records that v, a result of call, is an object made by code
// out of view when the callee is not a function of this package: whoever
// made it can do anything with it. A context's Done channel and a timer's
// are understood without seeing their makers.
func (m *Model) fromOutside(call *ssa.Call, v ssa.Value) {
	c := m.Callee(call)
	if m.inPackage(c.Fn) || c.Obj != nil && knowledge.MakesFresh(knowledge.Key(c.Obj)) {
		return
	}
	n := m.node(v)
	if n == "done" || n == "timer" {
		return
	}
	m.objs.escapeDown(n, "it comes from "+c.Name(m.Pass.Pkg), types.Typ[types.Invalid])
}

// fieldEscapesOf says why the field v is loaded from (or is the address
// of) escapes the package, or "".
func (m *Model) fieldEscapesOf(v ssa.Value) string {
	switch x := throughLoads(v).(type) {
	case *ssa.FieldAddr, *ssa.Field:
		return m.fieldEscapes(x)
	}
	return ""
}

// rootGlobal returns the package variable v is loaded from, or is.
func rootGlobal(v ssa.Value) (*ssa.Global, bool) {
	g, ok := throughLoads(v).(*ssa.Global)
	return g, ok
}

// throughLoads follows v through loads (*p) and conversions between
// types of the same underlying type, at most seven steps, to the address
// it is loaded from; nil when the chain is longer.
func throughLoads(v ssa.Value) ssa.Value {
	for depth := 0; depth < 8; depth++ {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op == token.MUL {
				v = x.X
				continue
			}
		case *ssa.ChangeType:
			v = x.X
			continue
		}
		return v
	}
	return nil
}

// indexCall records the operations of a call: a library method of a
// WaitGroup or Cond, close, or a call that hands objects to a callee.
func (m *Model) indexCall(fn *ssa.Function, call ssa.CallInstruction) {
	x := m.objs
	common := call.Common()
	_, isGo := call.(*ssa.Go)
	_, isDefer := call.(*ssa.Defer)
	site := func(v ssa.Value, kind opKind) *objSite {
		n := m.node(v)
		if isSharedNode(n) {
			x.shared[x.find(n)] = true
		}
		x.sites = append(x.sites, objSite{node: n, kind: kind, fn: fn, instr: call, pos: call.Pos(), deferred: isDefer, v: v})
		return &x.sites[len(x.sites)-1]
	}
	if b, ok := common.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "close":
			if len(common.Args) == 1 {
				site(common.Args[0], opClose)
			}
		case "append", "copy":
			// append(chans, ch): the channel joins the slice's elements.
			if len(common.Args) == 2 {
				if sl, ok := common.Args[1].(*ssa.Slice); ok {
					x.union("elems:"+m.node(sl.X), "elems:"+m.node(common.Args[0]))
				}
				if c, ok := call.(*ssa.Call); ok {
					x.union(m.node(c), m.node(common.Args[0]))
				}
			}
		}
		return
	}
	c := m.Callee(call)
	if c.Obj != nil && len(c.Args) > 0 {
		op := knowledge.LookupSyncOp(knowledge.Key(c.Obj))
		if kind, ok := syncSites[op]; ok {
			site(c.Args[0], kind)
			return
		}
		if op == knowledge.SyncGo {
			site(c.Args[0], opAdd)
			d := site(c.Args[0], opDone)
			d.async = true
			if len(c.Args) > 1 {
				if f, _, _ := ssax.FuncValue(c.Args[1]); m.inPackage(f) {
					d.goFn = f
				}
			}
			return
		}
		if knowledge.LookupLock(c.Obj) != knowledge.NotLock {
			m.node(c.Args[0]) // locks need no site; their identity is their node
			return
		}
	}
	// Objects handed to the callee.
	if m.inPackage(c.Fn) && !c.Invoke {
		if !isGo {
			x.callers[c.Fn] = append(x.callers[c.Fn], call)
		}
		// The argument flows into the parameter, one way: what the
		// callee does to its parameter it does to the argument, but
		// another caller's argument is another object.
		for i, a := range c.Args {
			if i < len(c.Fn.Params) && (isObjType(a.Type()) || isChanContainer(a.Type())) {
				x.flows = append(x.flows, [2]string{m.node(a), m.node(c.Fn.Params[i])})
			}
		}
		return
	}
	var cs *Summary
	if c.Known() {
		cs = m.CalleeSummary(c)
	}
	// Operations the callee performs on objects of its own package that
	// this package can name too.
	if cs != nil && !isGo {
		for _, op := range cs.FieldOps {
			node := op.Obj
			if op.Via > 0 && op.Via-1 < len(c.Args) {
				node = m.instNode(c.Args[op.Via-1], op.Obj)
			}
			x.sites = append(x.sites, objSite{node: node, kind: op.Kind, fn: fn, instr: call, pos: call.Pos(), deferred: isDefer})
			x.shared[x.find(node)] = true
		}
	}
	for i, a := range c.Args {
		if !isObjType(a.Type()) && !isChanContainer(a.Type()) {
			continue
		}
		if c.Obj != nil {
			switch knowledge.LookupChanArg(knowledge.Key(c.Obj)) {
			case knowledge.ChanArgInert:
				continue
			case knowledge.ChanArgSends:
				site(a, opSend).ext = &ParamObj{Index: i, Ops: []opKind{opSend}}
				continue
			}
		}
		if c.Obj != nil && knowledge.LookupLock(c.Obj) != knowledge.NotLock {
			continue
		}
		e := cs.ParamObj(i)
		if e == nil || e.Kept {
			x.escape(m.node(a), "it is passed to "+c.Name(m.Pass.Pkg), a.Type())
			if e == nil {
				continue
			}
		}
		for _, k := range e.Ops {
			s := site(a, k)
			s.ext = e
		}
	}
}

// groupSet is what an object may be: the groups it may have come from
// (back: the group itself and those flowing into it, for an object that is
// a parameter) and every group those flow on into (all).
type groupSet struct {
	all  []string
	back []string
}

// groups returns the group set of root r.
func (x *objIndex) groups(r string) groupSet {
	if g, ok := x.closures.get(r); ok {
		return g
	}
	back := reach(r, x.bwd)
	var all []string
	for _, b := range back {
		for _, f := range reach(b, x.fwd) {
			if !slices.Contains(all, f) {
				all = append(all, f)
			}
		}
	}
	g := groupSet{all: all, back: back}
	x.closures.put(r, g)
	return g
}

// maxReach bounds the groups a flow search visits.
const maxReach = 64

// reach returns r and the roots reachable from it along edges.
func reach(r string, edges map[string][]string) []string {
	out := []string{r}
	for i := 0; i < len(out) && len(out) < maxReach; i++ {
		for _, n := range edges[out[i]] {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// lockRoot returns the identity of a lock node: its group, or, for a lock
// that is a parameter fed by one group only, that group.
func (x *objIndex) lockRoot(n string) string {
	r := x.find(n)
	if srcs := x.bwd[r]; len(srcs) == 1 {
		return x.lockRoot(srcs[0])
	}
	return r
}

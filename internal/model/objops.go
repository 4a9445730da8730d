package model

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// The answerer model answers "who can answer this wait?" with a verdict
// and a description. The leak pass also judges how the answerers behave:
// whether a receiver loops and can leave its loop early, whether every
// sender gives up on cancellation, whether the answerers run in the
// goroutine that waits. ObjectOps hands it the operations of an object's
// group, as the object index records them, so that it asks the one index
// rather than keeping a second one.

// ObjOp is one operation of the package on a synchronisation object.
type ObjOp struct {
	// Fn is the function the operation is in, Instr the operation
	// itself or the call that performs it (close, a WaitGroup method, a
	// callee of another package).
	Fn    *ssa.Function
	Instr ssa.Instruction
	Pos   token.Pos
	kind  opKind
	// Deferred says the operation runs when Fn returns.
	Deferred bool
	// Select is the select the operation is one case of, or nil.
	Select *ssa.Select
	// External says the operation happens inside a callee of another
	// package, as its facts describe it.
	External bool
	// GoFn is, for the Done of sync.WaitGroup.Go, the function whose
	// return is the Done.
	GoFn *ssa.Function
}

// Sends reports whether op sends on a channel.
func (op ObjOp) Sends() bool { return op.kind == opSend }

// Receives reports whether op receives from a channel, a range included.
func (op ObjOp) Receives() bool { return op.kind == opRecv || op.kind == opRange }

// Ranges reports whether op is the receive of a range loop.
func (op ObjOp) Ranges() bool { return op.kind == opRange }

// Closes reports whether op closes a channel.
func (op ObjOp) Closes() bool { return op.kind == opClose }

// Adds, Dones and Waits report the WaitGroup operations.
func (op ObjOp) Adds() bool  { return op.kind == opAdd }
func (op ObjOp) Dones() bool { return op.kind == opDone }
func (op ObjOp) Waits() bool { return op.kind == opWait }

// Object describes the group of values that may denote one object.
type Object struct {
	// ID identifies the group; two values with the same ID may be the
	// same object.
	ID string
	// Groups lists the groups that flow into this one or that it flows
	// into (ID included): a value of any of them may be this object.
	Groups []string
	// Ops are the package's operations on the group.
	Ops []ObjOp
	// Local says the group holds only values of single function runs:
	// no field, variable, parameter or result that other runs share.
	Local bool
	// Escapes says why some operations may be out of view (the object
	// reaches code the package cannot see), or "" when all are in view.
	Escapes string
	// Made says a make(chan) of the package flows into the group: the
	// object exists (a slice nothing appends to holds none).
	Made bool
	// Unbound says the group holds a parameter of a function that
	// nothing in the package calls directly (a callback, an interface
	// method, dead code): what its callers pass it is unknown.
	Unbound string
}

// ObjectOf returns the object group of v, a value of this package, and
// every operation on it; ok is false when the model has no object index.
func (m *Model) ObjectOf(v ssa.Value) (Object, bool) {
	if m.objs == nil {
		return Object{}, false
	}
	x := m.objs
	n := m.node(v)
	root := x.find(n)
	if n == "done" || n == "timer" {
		return Object{ID: n}, true
	}
	// The group and every group that flows into it (back) or that it
	// flows into (all), as the answerer model reads them.
	g := x.groups(root)
	o := Object{ID: root, Local: true, Groups: unionStrings(g.all, g.back)}
	for _, b := range g.back {
		if x.shared[b] {
			o.Local = false
		}
		if open := x.open[b]; len(open) > 0 && o.Escapes == "" {
			o.Escapes = open[0]
		}
	}
	for _, gr := range g.all {
		if why := x.escapes[gr]; why != "" && o.Escapes == "" {
			o.Escapes = why
		}
	}
	for _, b := range g.back {
		if why := m.externalRoots()[b]; why != "" && o.Escapes == "" {
			o.Escapes = why
		}
	}
	for _, b := range g.back {
		if m.madeRoots()[b] {
			o.Made = true
		}
		for _, p := range m.paramsByRoot()[b] {
			if fn := p.Parent(); !m.calledDirectly()[fn] && o.Unbound == "" {
				o.Unbound = fmt.Sprintf("it is a parameter of %s, which nothing in this package calls directly", ssax.FuncDisplayName(fn))
			}
		}
	}
	for _, gr := range g.all {
		for _, i := range x.byRoot[gr] {
			s := &x.sites[i]
			o.Ops = append(o.Ops, ObjOp{Fn: s.fn, Instr: s.instr, Pos: s.pos, kind: s.kind,
				Deferred: s.deferred, Select: s.cases, External: s.ext != nil, GoFn: s.goFn})
		}
	}
	return o, true
}

// Same reports whether o and p may be the same object.
func (o Object) Same(p Object) bool {
	return o.ID == p.ID || slices.Contains(o.Groups, p.ID) || slices.Contains(p.Groups, o.ID)
}

// paramsByRoot groups the object parameters of the package's functions by
// the root of their group.
func (m *Model) paramsByRoot() map[string][]*ssa.Parameter {
	if m.objParams != nil {
		return m.objParams
	}
	m.objParams = make(map[string][]*ssa.Parameter)
	for _, fn := range m.Funcs {
		for _, p := range fn.Params {
			if isObjType(p.Type()) || isChanContainer(p.Type()) {
				r := m.objs.find(m.node(p))
				m.objParams[r] = append(m.objParams[r], p)
			}
		}
	}
	return m.objParams
}

// madeRoots returns the groups holding a channel made in the package.
func (m *Model) madeRoots() map[string]bool {
	if m.objMade != nil {
		return m.objMade
	}
	m.objMade = make(map[string]bool)
	fns := m.Funcs
	if init := m.Pkg.Func("init"); init != nil {
		fns = append([]*ssa.Function{init}, fns...) // package variables' initialisers
	}
	for _, fn := range fns {
		for instr := range ssax.Instrs(fn) {
			mk, ok := instr.(*ssa.MakeChan)
			if !ok {
				continue
			}
			m.objMade[m.objs.find(m.node(mk))] = true
			// The package initialiser is not in the object index:
			// follow its stores (var ready = make(chan T)) here.
			for _, ref := range *mk.Referrers() {
				if st, ok := ref.(*ssa.Store); ok && st.Val == mk {
					m.objMade[m.objs.find(m.node(st.Addr))] = true
				}
			}
		}
	}
	return m.objMade
}

// externalRoots returns the groups holding a channel that a call of a
// function outside the package returned (its answerers are where that
// function put them), with why.
func (m *Model) externalRoots() map[string]string {
	if m.objExternal != nil {
		return m.objExternal
	}
	m.objExternal = make(map[string]string)
	note := func(v ssa.Value, call *ssa.Call) {
		if !isObjType(v.Type()) && !isChanContainer(v.Type()) {
			return
		}
		c := m.Callee(call)
		if c.Fn != nil && m.inPackage(c.Fn) && !c.Invoke {
			return
		}
		if m.privateDispatch(call) != nil {
			return // the package's own implementations return it (buildObjects)
		}
		if IsDoneChan(v) || IsTimerChan(v) {
			return
		}
		r := m.objs.find(m.node(v))
		if _, ok := m.objExternal[r]; !ok {
			m.objExternal[r] = "it is returned by " + c.Name(m.Pass.Pkg)
		}
	}
	for _, fn := range m.Funcs {
		for call := range ssax.PlainCalls(fn) {
			if _, tuple := call.Type().(*types.Tuple); !tuple {
				note(call, call)
				continue
			}
			for _, ref := range *call.Referrers() {
				if ex, ok := ref.(*ssa.Extract); ok {
					note(ex, call)
				}
			}
		}
	}
	return m.objExternal
}

// calledDirectly returns the functions of the package that some call, go
// or defer statement of the package names statically: their arguments are
// in view.
func (m *Model) calledDirectly() map[*ssa.Function]bool {
	if m.objCalled != nil {
		return m.objCalled
	}
	m.objCalled = make(map[*ssa.Function]bool)
	for _, fn := range m.Funcs {
		for call := range ssax.Calls(fn) {
			if c := m.Callee(call); c.Fn != nil && !c.Invoke {
				m.objCalled[c.Fn] = true
			}
		}
	}
	return m.objCalled
}

// FieldBuffer returns the constant buffer every make stored in the field
// (or slice field's elements) that v is loaded from has; ok is false when
// v is not such a field or the makes disagree.
func (m *Model) FieldBuffer(v ssa.Value) (int64, bool) {
	p, _ := ssax.PathOf(v)
	if len(p.Fields) == 0 {
		return 0, false
	}
	n, ok := m.chanCaps[chanKey(p)]
	return n, ok && n >= 0
}

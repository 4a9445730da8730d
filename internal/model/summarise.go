package model

import (
	"go/token"
	"go/types"
	"log"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/lockset"
	"github.com/concurlint/concurlint/internal/ssax"
)

// summarise computes the summary of every function of the package,
// callees before callers, iterating within recursive cycles.
func (m *Model) summarise() {
	m.findCondLockers()
	m.findChanBuffers()
	m.findNotOneShot()
	m.computeNoReturn()
	for _, scc := range m.sccs() {
		recursive := len(scc) > 1 || m.callsItself(scc[0])
		for round := 0; round < 6; round++ {
			changed := false
			for _, fn := range scc {
				m.enter(fn)
				s := m.safeSummarise(fn)
				if old := m.summaries[fn]; old == nil || old.String() != s.String() {
					changed = true
				}
				m.summaries[fn] = s
			}
			if !recursive || !changed {
				break
			}
		}
	}
}

// inPackage reports whether fn has a body in this package's SSA.
func (m *Model) inPackage(fn *ssa.Function) bool {
	return fn != nil && len(fn.Blocks) > 0 && (fn.Pkg == m.Pkg || (fn.Pkg == nil && fn.Parent() != nil))
}

// calleesOf returns the functions of this package that fn calls or starts
// as goroutines: fn's summary depends on all of them (a goroutine can take
// over a lock fn hands it).
func (m *Model) calleesOf(fn *ssa.Function) []*ssa.Function {
	if out, ok := m.callGraph[fn]; ok {
		return out
	}
	out := m.findCallees(fn)
	if m.callGraph == nil {
		m.callGraph = make(map[*ssa.Function][]*ssa.Function)
	}
	m.callGraph[fn] = out
	return out
}

func (m *Model) findCallees(fn *ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	for instr := range ssax.Instrs(fn) {
		call, ok := instr.(ssa.CallInstruction)
		if !ok {
			continue
		}
		if c := m.Callee(call); m.inPackage(c.Fn) && !slices.Contains(out, c.Fn) {
			out = append(out, c.Fn)
		}
		if c := m.Callee(call); c.Invoke && c.Obj != nil {
			for _, f := range m.implementations(c.Obj) {
				if !slices.Contains(out, f) {
					out = append(out, f)
				}
			}
		}
		for _, f := range m.passedFuncsOf(call) {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
		// Functions the call runs implicitly: String methods of
		// formatted values, functions kept in a field.
		for _, pf := range append(m.formattedStringers(m.Callee(call)), m.fieldFuncs(call)...) {
			if !slices.Contains(out, pf.Fn) {
				out = append(out, pf.Fn)
			}
		}
	}
	return out
}

func (m *Model) callsItself(fn *ssa.Function) bool {
	return slices.Contains(m.calleesOf(fn), fn)
}

// sccs returns the strongly connected components of the package's call
// graph, callees before callers (Tarjan's algorithm emits them in that
// order).
func (m *Model) sccs() [][]*ssa.Function {
	index := map[*ssa.Function]int{}
	low := map[*ssa.Function]int{}
	onStack := map[*ssa.Function]bool{}
	var stack []*ssa.Function
	var out [][]*ssa.Function
	next := 0
	var visit func(fn *ssa.Function)
	visit = func(fn *ssa.Function) {
		index[fn], low[fn] = next, next
		next++
		stack = append(stack, fn)
		onStack[fn] = true
		for _, callee := range m.calleesOf(fn) {
			if _, seen := index[callee]; !seen {
				visit(callee)
				low[fn] = min(low[fn], low[callee])
			} else if onStack[callee] {
				low[fn] = min(low[fn], index[callee])
			}
		}
		if low[fn] == index[fn] {
			var scc []*ssa.Function
			for {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[top] = false
				scc = append(scc, top)
				if top == fn {
					break
				}
			}
			out = append(out, scc)
		}
	}
	for _, fn := range m.Funcs {
		if _, seen := index[fn]; !seen {
			visit(fn)
		}
	}
	return out
}

// computeNoReturn finds the package's functions that never return normally,
// iterating because one such function makes its callers such functions too.
func (m *Model) computeNoReturn() {
	for changed := true; changed; {
		changed = false
		for _, fn := range m.Funcs {
			if m.noReturn[fn] || len(fn.Blocks) == 0 || fn.Recover != nil {
				continue
			}
			if !m.returnReachable(fn) {
				m.noReturn[fn] = true
				changed = true
			}
		}
	}
}

func (m *Model) returnReachable(fn *ssa.Function) bool {
	return ssax.ReturnReachable(fn, m.NoReturn, nil)
}

// NoReturn reports whether instr is a call that never returns. It is part
// of the lockset.Oracle interface.
func (m *Model) NoReturn(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	c := m.Callee(call)
	if m.inPackage(c.Fn) {
		return m.noReturn[c.Fn]
	}
	if c.Obj != nil && knowledge.NoReturn(c.Obj) {
		return true
	}
	s := m.CalleeSummary(c)
	return s != nil && s.NeverReturns
}

// Effects returns the lock effects of instr in the terms of its function.
// It is part of the lockset.Oracle interface.
func (m *Model) Effects(instr ssa.Instruction) []lockset.Effect {
	if _, ok := instr.(ssa.CallInstruction); !ok {
		// Only calls have lock effects (see effectsOf). The lockset
		// analysis asks about every instruction, several times over:
		// remembering a nil for each cost more than the map lookups
		// saved (a fifth of the model's time on a package of 250
		// kLOC).
		return nil
	}
	if !m.final {
		// While summaries change, remember effects only for the
		// function being summarised: its callees' summaries hold still
		// while it is analysed.
		if m.memo == nil {
			return m.effectsOf(instr)
		}
		if effs, ok := m.memo[instr]; ok {
			return effs
		}
		effs := m.effectsOf(instr)
		m.memo[instr] = effs
		return effs
	}
	if effs, ok := m.effects.get(instr); ok {
		return effs
	}
	effs := m.effectsOf(instr)
	m.effects.put(instr, effs)
	return effs
}

func (m *Model) effectsOf(instr ssa.Instruction) []lockset.Effect {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return nil
	}
	c := m.Callee(call)
	if c.Obj != nil {
		op := knowledge.LookupLock(c.Obj)
		if op == knowledge.NotLock && c.Invoke && len(c.Args) > 0 {
			op = knowledge.LookupLockOn(c.Args[0].Type(), c.Obj)
		}
		if op != knowledge.NotLock {
			if len(c.Args) == 0 {
				return nil
			}
			p, _ := ssax.PathOf(c.Args[0])
			if alias, read, ok := m.aliasLock(c.Args[0]); ok {
				p = alias
				if read {
					switch op {
					case knowledge.Acquire:
						op = knowledge.RAcquire
					case knowledge.Release:
						op = knowledge.RRelease
					}
				}
			}
			switch op {
			case knowledge.Acquire:
				return []lockset.Effect{{Kind: lockset.Acquire, Lock: p}}
			case knowledge.RAcquire:
				return []lockset.Effect{{Kind: lockset.Acquire, Lock: p, Read: true}}
			case knowledge.Release:
				return []lockset.Effect{{Kind: lockset.Release, Lock: p}}
			case knowledge.RRelease:
				return []lockset.Effect{{Kind: lockset.Release, Lock: p, Read: true}}
			case knowledge.TryAcquire:
				return []lockset.Effect{{Kind: lockset.TryAcquire, Lock: p}}
			case knowledge.TryRAcquire:
				return []lockset.Effect{{Kind: lockset.TryAcquire, Lock: p, Read: true}}
			}
		}
	}
	effs := m.implicitEffects(call, c)
	s := m.CalleeSummary(c)
	if s == nil {
		return effs
	}
	name := c.Name(m.Pass.Pkg)
	// Releases come first: a callee can only re-acquire a lock its
	// caller held after releasing it (an unlock-wait-lock helper).
	for _, r := range s.Releases {
		if p, ok := r.Subst(c.Args, c.Bindings); ok {
			effs = append(effs, lockset.Effect{Kind: lockset.Release, Lock: p, Via: name})
		}
	}
	for _, l := range s.Locks {
		p, ok := l.Lock.Subst(c.Args, c.Bindings)
		if !ok {
			p = opaque(l.Lock, name)
		}
		kind := lockset.Transient
		if l.HeldOnReturn && ok {
			kind = lockset.Acquire
		}
		without := ssax.SubstAll(l.Releases, c.Args, c.Bindings)
		effs = append(effs, lockset.Effect{Kind: kind, Lock: p, Read: l.Read, Via: name, Where: l.Pos, Without: without})
	}
	// Locks a callback passed here takes, it takes inside this call and
	// releases again before the call returns.
	for _, pf := range m.PassedFuncs(c, s) {
		if ssax.IsRangeBody(pf.Fn) {
			continue // its lockset starts with the caller's (seedRangeBodies)
		}
		for _, l := range m.Summary(pf.Fn).locks() {
			p, ok := pf.Subst(l.Lock)
			if !ok {
				p = opaque(l.Lock, name)
			}
			effs = append(effs, lockset.Effect{Kind: lockset.Transient, Lock: p, Read: l.Read, Via: name, Where: l.Pos})
		}
	}
	return effs
}

// opaque renames a callee's lock that the caller cannot name, keeping its
// type identity for lock ordering but making it unequal to any other lock.
func opaque(p ssax.Path, callee string) ssax.Path {
	return ssax.Path{Root: ssax.RootUnknown, ID: "in " + callee + ": " + p.Key(), Fields: p.Fields}
}

// safeSummarise summarises fn, and if that panics (a shape of code the
// model does not handle), logs the problem, naming the function, and gives
// fn an empty summary: one unusual function must not cost the package, and
// every package that imports it, its analysis.
func (m *Model) safeSummarise(fn *ssa.Function) (s *Summary) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("concurmodel: internal error while analysing %s (skipped): %v\n%s", fn, r, debug.Stack())
			s = &Summary{CtxParam: ctxParam(fn)}
			m.locksets.put(fn, lockset.Analyze(&ssa.Function{}, m))
		}
	}()
	return m.summariseFunc(fn)
}

// summariseFunc computes fn's summary from its body and its callees'
// summaries.
func (m *Model) summariseFunc(fn *ssa.Function) *Summary {
	m.memo = make(map[ssa.Instruction][]lockset.Effect)
	defer func() { m.memo = nil }()
	s := &Summary{CtxParam: ctxParam(fn)}
	ls := lockset.Analyze(fn, m)
	if !ssax.IsRangeBody(fn) {
		m.locksets.put(fn, ls) // a body's is seeded later (seedRangeBodies)
	}

	ls.Walk(func(instr ssa.Instruction, st *lockset.State) {
		if _, isGo := instr.(*ssa.Go); isGo {
			return // what a goroutine does is not what calling fn does
		}
		m.recordChanOps(s, instr)
		if b, ok := m.DirectOp(instr); ok && !(b.Kind == knowledge.Channel && m.DeadGuarded(instr)) {
			s.addWitness(m.attachWaits(Witness{
				Kind: b.Kind, What: b.What, Op: b.Op, Pos: m.Pos(instr.Pos()),
				Cancellable: b.Cancellable, RequestIO: b.RequestIO, Signal: b.Signal, Backoff: b.Backoff,
				Releases:        releases(st.ReleasedEntry, b.Releases),
				ReleasesUnknown: b.ReleasesUnknown,
				NonNil:          nonNilParams(fn, instr),
				NonNilFields:    nonNilFields(fn, instr),
				local:           true,
			}, fn, m.waitRefs(instr)))
		}
		call, ok := instr.(ssa.CallInstruction)
		if !ok {
			return
		}
		c := m.Callee(call)
		cs := m.CalleeSummary(c)
		if cs != nil {
			name := c.Name(m.Pass.Pkg)
			for _, w := range cs.Blocks {
				if !Feasible(c, call, w) {
					continue // the call passes nil where the path needs a value
				}
				mapped := ssax.SubstAll(w.Releases, c.Args, c.Bindings)
				w.NonNil, w.NonNilFields = liftNonNil(fn, call, c, w), liftNonNilFields(fn, call, c, w)
				if len(w.waits) > 0 && w.OwnerArg > 0 {
					// An in-package callee's wait on a field of its
					// parameter: of ours, if we passed our own.
					arg := 0
					if w.OwnerArg-1 < len(c.Args) {
						arg = ownerIndex(fn, c.Args[w.OwnerArg-1])
					}
					w.OwnerArg = arg
				}
				w = m.fromCallee(w, fn, c)
				w = w.via(name)
				w.Releases = releases(st.ReleasedEntry, mapped)
				s.addWitness(w)
			}
			// What a function passed as a callback does, it does
			// inside this call.
			for _, pf := range m.PassedFuncs(c, cs) {
				for _, w := range m.Summary(pf.Fn).blocks() {
					mapped := ssax.SubstAll(w.Releases, pf.Args, pf.Bindings)
					w = w.via(name, ssax.FuncDisplayName(pf.Fn))
					w.Releases = releases(st.ReleasedEntry, mapped)
					s.addWitness(w)
				}
			}
			m.recordCalleeChans(s, c, cs)
		}
		m.recordCallbacks(s, fn, call, c, cs, st)
		m.recordRangeBodies(s, call, st)
		if _, deferred := instr.(*ssa.Defer); deferred {
			return
		}
		for _, e := range m.Effects(instr) {
			if e.Kind == lockset.Release {
				continue
			}
			pos := m.Pos(instr.Pos())
			var via []string
			if e.Via != "" {
				pos, via = e.Where, []string{e.Via}
			}
			if e.Lock.Portable() {
				// Locks the callee let go of first: the caller's own
				// or, passed further up, its caller's.
				s.addLock(LockEffect{Lock: e.Lock, Read: e.Read, Pos: pos, Via: via,
					Releases: releases(st.ReleasedEntry, e.Without)})
			}
			for _, h := range st.Held {
				if !e.Excludes(h.Key) {
					m.addEdge(fn, h, e, instr)
				}
			}
		}
	})

	// Locks held at every return are handed to the caller; locks the
	// caller held and fn released are released for the caller.
	var atReturn []lockset.Held
	first := true
	for _, st := range ls.ReturnStates() {
		var held []lockset.Held
		for _, h := range st.Held {
			if !st.IsDeferred(h.Key) {
				held = append(held, h)
			}
		}
		if first {
			atReturn, first = held, false
		} else {
			atReturn = slices.DeleteFunc(atReturn, func(h lockset.Held) bool {
				return !slices.ContainsFunc(held, func(g lockset.Held) bool { return g.Key == h.Key })
			})
		}
		for _, p := range st.ReleasedEntry {
			if p.Root != ssax.RootUnknown && p.Root != ssax.RootLocal && !slices.ContainsFunc(s.Releases, func(q ssax.Path) bool { return q.Key() == p.Key() }) {
				s.Releases = append(s.Releases, p)
			}
		}
	}
	slices.SortFunc(atReturn, func(a, b lockset.Held) int { return int(a.Pos - b.Pos) })
	for _, h := range atReturn {
		if h.Lock.Portable() {
			s.addLock(LockEffect{Lock: h.Lock, Read: h.Read, Pos: m.Pos(h.Pos), HeldOnReturn: true})
		}
	}
	m.markSendMany(s, fn)
	s.NeverReturns = m.noReturn[fn]
	s.HonoursCtx = m.observesContext(fn)
	s.ResultChans = m.resultChans(fn)
	s.Spawns = spawnedParams(fn)
	return s
}

// releases combines the entry locks released so far with the locks an
// operation releases while it waits, keeping those a caller can name.
func releases(entry, op []ssax.Path) []ssax.Path {
	var out []ssax.Path
	for _, p := range append(slices.Clone(entry), op...) {
		if p.Root == ssax.RootUnknown || p.Root == ssax.RootLocal {
			continue
		}
		if !slices.ContainsFunc(out, func(q ssax.Path) bool { return q.Key() == p.Key() }) {
			out = append(out, p)
		}
	}
	return out
}

// addEdge records that e's lock was acquired while h was held.
func (m *Model) addEdge(fn *ssa.Function, h lockset.Held, e lockset.Effect, instr ssa.Instruction) {
	first, second := h.Lock.TypeKey(), e.Lock.TypeKey()
	if first == "" || second == "" || first == second {
		return
	}
	secondPos := m.Pos(instr.Pos())
	if e.Via != "" && e.Where != "" {
		secondPos = e.Where
	}
	for _, old := range m.Edges {
		if old.First == first && old.Second == second && old.SecondPos == secondPos {
			return
		}
	}
	if freshLockAt(fn, h.Pos) || e.Via == "" && freshLockAt(fn, instr.Pos()) {
		// The lock of an object this function has just made: no
		// goroutine that could take the locks in the other order
		// holds it yet, and an order by type would join it to
		// every other object of its type.
		return
	}
	m.Edges = append(m.Edges, OrderEdge{
		First: first, Second: second,
		FirstSpell:  m.SpellHeld(h),
		SecondSpell: m.spellEffect(e, instr),
		FirstPos:    m.Pos(h.Pos), SecondPos: secondPos,
		Func: ssax.FuncDisplayName(fn), Pkg: m.Pass.Pkg.Path(),
		site: instr.Pos(),
	})
}

// SpellHeld spells a held lock as the user wrote it where it was acquired.
func (m *Model) SpellHeld(h lockset.Held) string {
	if h.Via == "" {
		return m.spellAt(h.Lock, h.Pos)
	}
	return h.Lock.Describe()
}

func (m *Model) spellEffect(e lockset.Effect, instr ssa.Instruction) string {
	if e.Via == "" {
		return m.spellAt(e.Lock, instr.Pos())
	}
	return e.Lock.Describe()
}

// spellAt spells lock p, locked by the call at pos: the receiver as written,
// completed with the embedded field a promoted Lock selects ("c.Mutex" for
// c.Lock()).
func (m *Model) spellAt(p ssax.Path, pos token.Pos) string {
	recv := m.Src.Receiver(pos)
	if recv == nil {
		return p.Describe()
	}
	name := ssax.Spell(recv)
	if n := len(p.Fields); n > 0 && p.Fields[n-1].Embedded && !strings.HasSuffix(name, "."+p.Fields[n-1].Name) {
		name += "." + p.Fields[n-1].Name
	}
	return name
}

// recordChanOps records fn's own operations on channels it was given.
func (m *Model) recordChanOps(s *Summary, instr ssa.Instruction) {
	note := func(ch ssa.Value, f func(*ChanEffect)) {
		e := s.effectOf(ch)
		if e == nil {
			return
		}
		if e.Pos == "" {
			e.Pos = m.Pos(instr.Pos())
		}
		f(e)
	}
	switch instr := instr.(type) {
	case *ssa.Send:
		note(instr.Chan, func(e *ChanEffect) { e.Send, e.SendWaits = true, true })
	case *ssa.UnOp:
		if instr.Op.String() == "<-" {
			rng := instr.Block().Comment == "rangechan.loop"
			note(instr.X, func(e *ChanEffect) {
				if rng {
					e.Range = true
				} else {
					e.Recv, e.RecvWaits = true, true
				}
			})
		}
	case *ssa.Select:
		// A select with a single case and no default waits on it alone.
		alone := instr.Blocking && len(instr.States) == 1
		for _, st := range instr.States {
			send := st.Dir == types.SendOnly
			note(st.Chan, func(e *ChanEffect) {
				if send {
					e.Send = true
					e.SendWaits = e.SendWaits || alone
				} else {
					e.Recv = true
					e.RecvWaits = e.RecvWaits || alone
				}
			})
		}
	case *ssa.Call, *ssa.Defer:
		// close(ch) and defer close(ch) both close the channel.
		common := instr.(ssa.CallInstruction).Common()
		if b, ok := common.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(common.Args) == 1 {
			note(common.Args[0], func(e *ChanEffect) { e.Close = true })
		}
	}
}

// recordCalleeChans carries a callee's channel effects over to the
// arguments that are fn's own parameters.
func (m *Model) recordCalleeChans(s *Summary, c ssax.Callee, cs *Summary) {
	carry := func(ce ChanEffect, e *ChanEffect) {
		if e == nil {
			return
		}
		e.add(ce.ChanUse)
		if e.Pos == "" {
			e.Pos = ce.Pos
		}
	}
	for _, ce := range cs.Chans {
		if v := effectValue(c, ce); v != nil {
			carry(ce, s.effectOf(v))
		}
	}
	// What the callee does with a collection's channels is done to the
	// collection fn passes, when it is fn's own parameter or capture.
	for _, ce := range cs.ElemChans {
		if v := effectValue(c, ce); v != nil {
			if p, ok := ssax.PathOf(v); ok && len(p.Fields) == 0 && (p.Root == ssax.RootParam || p.Root == ssax.RootFreeVar) {
				carry(ce, s.elemsEffect(p.Root, p.Index))
			}
		}
	}
}

// effectOf returns the effect that an operation on ch adds to: ch is a
// parameter or free variable of the function, or an element of one that
// is a collection of channels (workers[idx]); nil otherwise.
func (s *Summary) effectOf(ch ssa.Value) *ChanEffect {
	p, ok := ssax.PathOf(ch)
	if !ok || (p.Root != ssax.RootParam && p.Root != ssax.RootFreeVar) {
		return nil
	}
	switch {
	case len(p.Fields) == 0:
		return s.chanEffect(p.Root, p.Index)
	case len(p.Fields) == 1 && p.Fields[0].Owner == "" && strings.HasPrefix(p.Fields[0].Name, "["):
		return s.elemsEffect(p.Root, p.Index)
	}
	return nil
}

// ctxParam returns the index of fn's first context.Context parameter, or -1.
func ctxParam(fn *ssa.Function) int {
	for i, p := range fn.Params {
		if IsContextType(p.Type()) {
			return i
		}
	}
	return -1
}

// freshLockAt reports whether the Lock call at pos in fn locks a mutex of
// an object fn allocated itself (w := &watcher{}; w.mu.Lock()).
func freshLockAt(fn *ssa.Function, pos token.Pos) bool {
	if !pos.IsValid() {
		return false
	}
	for instr := range ssax.Instrs(fn) {
		call, ok := instr.(ssa.CallInstruction)
		if !ok || call.Pos() != pos {
			continue
		}
		args := call.Common().Args
		if call.Common().IsInvoke() || len(args) == 0 {
			return false
		}
		v := args[0]
		for range 8 {
			switch x := v.(type) {
			case *ssa.FieldAddr:
				v = x.X
				continue
			case *ssa.Field:
				v = x.X
				continue
			case *ssa.UnOp:
				// A variable captured by a closure (w := &T{}; go
				// func() { ... w ... }()): fresh when all it is
				// ever given is one new object.
				if a, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
					v, _ = ssax.SingleStore(a)
					continue
				}
			}
			break
		}
		_, isAlloc := v.(*ssa.Alloc)
		return isAlloc
	}
	return false
}

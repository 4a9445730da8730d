package model

import (
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/lockset"
	"github.com/concurlint/concurlint/internal/ssax"
)

// The body of a range-over-func loop is a synthetic closure in go/ssa (see
// ssax.IsRangeBody), but it is the enclosing function's own code: it runs
// inside the iterator call, with the locks held at the loop. The model
// says so in two places:
//
//   - the lockset the passes see for a body starts with the locks its
//     enclosing function holds at the loop (seedRangeBodies), and the
//     lock-order edges from those locks to the ones the body takes are
//     recorded;
//   - the summary of the enclosing function includes what its bodies may
//     wait on and the locks they take (recordRangeBodies), as if the body
//     were written inline.
//
// A body's own summary is computed without the enclosing function's locks,
// so that what it releases and acquires stays relative to its entry.

// seedRangeBodies computes the lockset of every range-over-func body from
// the locks its enclosing function holds at the loop. The summaries must
// be final; enclosing functions come before their bodies in m.Funcs.
func (m *Model) seedRangeBodies() {
	for _, fn := range m.Funcs {
		if !ssax.IsRangeBody(fn) {
			continue
		}
		m.enter(fn)
		entry := m.rangeEntry(fn)
		r := lockset.AnalyzeFrom(fn, m, entry)
		m.locksets.put(fn, r)
		if entry == nil || len(entry.Held) == 0 {
			continue
		}
		r.Walk(func(instr ssa.Instruction, st *lockset.State) {
			switch instr.(type) {
			case *ssa.Go, *ssa.Defer:
				return
			}
			for _, e := range m.Effects(instr) {
				if e.Kind == lockset.Release {
					continue
				}
				for _, h := range st.Held {
					if h.Site < 0 && !e.Excludes(h.Key) {
						m.addEdge(fn, h, e, instr)
					}
				}
			}
		})
	}
}

// rangeEntry returns the locks held when the range-over-func body fn
// starts: those its enclosing function holds at the iterator call,
// expressed in fn's terms, or nil.
func (m *Model) rangeEntry(fn *ssa.Function) *lockset.State {
	call, closure, ok := ssax.RangeLoop(fn)
	if !ok {
		return nil
	}
	outer, ok := m.Lockset(fn.Parent()).StateBefore(call)
	if !ok {
		return nil
	}
	into := func(h lockset.Held) lockset.Held {
		p, ok := h.Lock.Into(closure)
		if !ok {
			// The body cannot name the lock (it does not capture
			// the variable it is reached through): it can neither
			// release it nor take it again by that path, but it
			// is held all the same, with its type identity and
			// spelling.
			p = h.Lock
			p.Root, p.ID = ssax.RootUnknown, "enclosing:"+h.Key
		}
		h.Lock, h.Key, h.Site = p, p.Key(), -1
		return h
	}
	st := &lockset.State{}
	for _, h := range outer.Held {
		st.Held = append(st.Held, into(h))
	}
	for _, h := range outer.May {
		st.May = append(st.May, into(h))
	}
	for _, h := range outer.Unlocked {
		st.Unlocked = append(st.Unlocked, into(h))
	}
	for _, key := range outer.Deferred {
		for _, h := range outer.May {
			if h.Key == key {
				st.Deferred = append(st.Deferred, into(h).Key)
			}
		}
	}
	return st
}

// recordRangeBodies adds to s, the summary of the function making call,
// the waits and locks of the range-over-func bodies call runs, in the
// function's terms, with st the locks held at the call.
func (m *Model) recordRangeBodies(s *Summary, call ssa.CallInstruction, st *lockset.State) {
	for _, a := range call.Common().Args {
		closure, ok := a.(*ssa.MakeClosure)
		if !ok {
			continue
		}
		body, _ := closure.Fn.(*ssa.Function)
		if !ssax.IsRangeBody(body) {
			continue
		}
		bs := m.Summary(body)
		for _, w := range bs.blocks() {
			mapped := ssax.SubstAll(w.Releases, nil, closure.Bindings)
			w.Chain = slices.Clone(w.Chain)
			w.Releases = releases(st.ReleasedEntry, mapped)
			s.addWitness(w)
		}
		for _, l := range bs.locks() {
			p, ok := l.Lock.Subst(nil, closure.Bindings)
			if !ok || !p.Portable() {
				continue
			}
			l.Lock, l.HeldOnReturn = p, false
			l.Via = slices.Clone(l.Via)
			l.Releases = releases(st.ReleasedEntry, ssax.SubstAll(l.Releases, nil, closure.Bindings))
			s.addLock(l)
		}
	}
}

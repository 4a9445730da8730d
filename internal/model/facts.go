package model

import (
	"go/types"
	"slices"

	"github.com/concurlint/concurlint/internal/ssax"
)

// exportFacts exports the summaries of the package's named functions and
// methods, and the lock-order edges of the package and those below it.
func (m *Model) exportFacts() {
	for _, fn := range m.Funcs {
		if fn.Parent() != nil || fn.Synthetic != "" {
			continue
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok {
			continue
		}
		s := m.summaries[fn]
		if s == nil || s.Empty() {
			continue
		}
		m.Pass.ExportObjectFact(obj, &FuncFact{Summary: portable(s)})
	}
	m.exportEdges()
}

// portable returns a copy of s fit for a fact: paths that only mean
// something inside this package's SSA (locals, registers, captured
// variables) lose their identity, keeping only their type identity, so that
// the encoding is deterministic.
func portable(s *Summary) Summary {
	out := Summary{
		NeverReturns: s.NeverReturns,
		CtxParam:     s.CtxParam,
		HonoursCtx:   s.HonoursCtx,
		Spawns:       slices.Clone(s.Spawns),
	}
	for _, w := range s.Blocks {
		w.Chain = slices.Clone(w.Chain)
		w.NonNil = slices.Clone(w.NonNil)
		w.NonNilFields = slices.Clone(w.NonNilFields)
		w.Answer.NeededBy = slices.Clone(w.Answer.NeededBy)
		w.Answer.keepNeeds(portableNode)
		// Answerers in functions other packages call answer there with
		// what their callers hold; the importer adds its own calls.
		w.Answer.Each = slices.DeleteFunc(slices.Clone(w.Answer.Each), func(e Need) bool { return e.Open })
		w.Answer.By = slices.Clone(w.Answer.By)
		w.Releases = portableReleases(w.Releases)
		w.local = false // for the importer, the operation is another package's
		out.Blocks = append(out.Blocks, w)
	}
	for _, l := range s.Locks {
		l.Lock = sanitize(l.Lock)
		if l.Lock.Root == ssax.RootUnknown {
			if l.Lock.TypeKey() == "" {
				continue
			}
			l.HeldOnReturn = false // the caller could not name it
		}
		l.Via = slices.Clone(l.Via)
		l.Releases = portableReleases(l.Releases)
		out.Locks = append(out.Locks, l)
	}
	out.Releases = portableReleases(s.Releases)
	for _, c := range s.Chans {
		if c.Root == ssax.RootParam {
			out.Chans = append(out.Chans, c)
		}
	}
	for _, c := range s.ElemChans {
		if c.Root == ssax.RootParam {
			out.ElemChans = append(out.ElemChans, c)
		}
	}
	out.ResultChans = slices.Clone(s.ResultChans)
	out.FieldOps = slices.Clone(s.FieldOps)
	for _, po := range s.ParamObjs {
		po.Ops = slices.Clone(po.Ops)
		po.Needs = portableNeeds(po.Needs)
		out.ParamObjs = append(out.ParamObjs, po)
	}
	for _, cb := range s.Callbacks {
		var held []HeldLock
		for _, h := range cb.Held {
			h.Lock = sanitize(h.Lock)
			held = append(held, h)
		}
		out.Callbacks = append(out.Callbacks, Callback{Index: cb.Index, Held: held})
	}
	return out
}

// portableReleases keeps the released paths a caller can name, a
// parameter's or a package variable's, sanitised for a fact.
func portableReleases(ps []ssax.Path) []ssax.Path {
	var out []ssax.Path
	for _, p := range ps {
		if p.Root == ssax.RootParam || p.Root == ssax.RootGlobal {
			out = append(out, sanitize(p))
		}
	}
	return out
}

// sanitize drops the parts of p that depend on this process's memory.
func sanitize(p ssax.Path) ssax.Path {
	p.Fields = slices.Clone(p.Fields)
	for i := range p.Fields {
		if p.Fields[i].Name == "[?]" {
			p.Fields[i].Key = ""
		}
	}
	switch p.Root {
	case ssax.RootParam, ssax.RootGlobal:
		return p
	}
	p.Root, p.ID, p.Name, p.Index = ssax.RootUnknown, "", "", 0
	return p
}

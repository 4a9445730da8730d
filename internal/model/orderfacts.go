package model

import (
	"cmp"
	"slices"
)

// A lock-order cycle may close through any package below the one that
// reports it. The standalone driver gives a package the facts of every
// package it depends on, but go vet gives it only those of its direct
// imports, and package facts are not passed further on. So each package's
// LockOrderFact carries the edges of every package below it as well as its
// own, also when the package itself is skipped (inert, standard library,
// type errors): a package in the middle of the import path must not cut
// the chain.

// importEdges collects the lock-order edges of the packages this one
// depends on, once each, in a deterministic order.
func (m *Model) importEdges() {
	if m.Pass.AllPackageFacts == nil {
		return
	}
	var edges []OrderEdge
	for _, f := range m.Pass.AllPackageFacts() {
		if lf, ok := f.Fact.(*LockOrderFact); ok && f.Package != m.Pass.Pkg {
			edges = append(edges, lf.Edges...)
		}
	}
	m.importedEdges = uniqueEdges(edges)
}

// exportEdges exports the package's own edges and those it imported.
func (m *Model) exportEdges() {
	if m.Pass.ExportPackageFact == nil {
		return
	}
	var own []OrderEdge
	for _, e := range m.Edges {
		e.site = 0 // does not survive serialisation anyway
		own = append(own, e)
	}
	all := uniqueEdges(append(own, m.importedEdges...))
	if len(all) > 0 {
		m.Pass.ExportPackageFact(&LockOrderFact{Edges: all})
	}
}

// uniqueEdges sorts edges and drops repeats: an edge reaches a package
// along every import path from the package that found it.
func uniqueEdges(edges []OrderEdge) []OrderEdge {
	slices.SortFunc(edges, func(a, b OrderEdge) int {
		return cmp.Or(cmp.Compare(a.Pkg, b.Pkg), cmp.Compare(a.Func, b.Func),
			cmp.Compare(a.First, b.First), cmp.Compare(a.Second, b.Second),
			cmp.Compare(a.SecondPos, b.SecondPos), cmp.Compare(a.FirstPos, b.FirstPos))
	})
	return slices.CompactFunc(edges, func(a, b OrderEdge) bool {
		return a.Pkg == b.Pkg && a.Func == b.Func && a.First == b.First && a.Second == b.Second &&
			a.SecondPos == b.SecondPos && a.FirstPos == b.FirstPos
	})
}

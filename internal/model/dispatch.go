package model

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// A call through an interface can run any implementation. Which ones, a
// package analysis cannot know in general; but for an interface the package
// itself declares, the implementations the package declares are the ones it
// was written for (a Store interface with its memStore and chanStore). When
// every one of them may block in some way, so may the call. An
// implementation in a test file, or a type from elsewhere, that does not
// block is enough to keep the call silent: the claim is "whichever
// implementation runs", never "some implementation might".

// implementations returns the methods of this package's types that an
// interface call of obj can run, or nil when obj's interface is not
// declared in this package, when no type implements it, or when some
// implementation's method is not a function of this package.
func (m *Model) implementations(obj *types.Func) []*ssa.Function {
	if impls, ok := m.impls.get(obj); ok {
		return impls
	}
	impls := m.findImplementations(obj)
	m.impls.put(obj, impls)
	return impls
}

// implementers returns the named types of the package whose pointers
// implement iface, in the order of the package scope. An interface with
// many methods (a client's Cmdable) is asked about once per method; the
// types are found once per interface.
func (m *Model) implementers(iface *types.Interface) []*types.Named {
	if ts, ok := m.ifaceImpls.get(iface); ok {
		return ts
	}
	m.concreteOnce.Do(func() {
		scope := m.Pass.Pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			named, ok := tn.Type().(*types.Named)
			if !ok || named.TypeParams().Len() > 0 || types.IsInterface(named) {
				continue
			}
			m.concrete = append(m.concrete, named)
		}
	})
	var out []*types.Named
	for _, named := range m.concrete {
		if types.Implements(types.NewPointer(named), iface) {
			out = append(out, named)
		}
	}
	m.ifaceImpls.put(iface, out)
	return out
}

func (m *Model) findImplementations(obj *types.Func) []*ssa.Function {
	if obj.Pkg() != m.Pass.Pkg || m.Pkg == nil {
		return nil
	}
	recv := obj.Signature().Recv()
	if recv == nil {
		return nil
	}
	iface, ok := recv.Type().Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 {
		return nil
	}
	var out []*ssa.Function
	for _, named := range m.implementers(iface) {
		ptr := types.NewPointer(named)
		sel, _, _ := types.LookupFieldOrMethod(ptr, false, obj.Pkg(), obj.Name())
		method, ok := sel.(*types.Func)
		if !ok || method.Pkg() != m.Pass.Pkg {
			return nil // promoted from another package: not followed
		}
		fn := m.Pkg.Prog.FuncValue(method)
		if !m.inPackage(fn) && m.summaries[fn] == nil {
			// Not a function of this package (one whose SSA
			// was not built has its empty summary).
			return nil
		}
		if !slices.Contains(out, fn) {
			out = append(out, fn)
		}
	}
	return out
}

// dispatchSummary returns what an interface call of obj may do when every
// implementation in this package may block without observing cancellation
// (file I/O aside): their witnesses, one per kind. It returns nil when some
// implementation does not block that way.
func (m *Model) dispatchSummary(obj *types.Func) *Summary {
	impls := m.implementations(obj)
	if len(impls) == 0 {
		return nil
	}
	out := &Summary{CtxParam: -1}
	for _, fn := range impls {
		s := m.summaries[fn]
		if s == nil {
			return nil
		}
		hard := false
		for _, w := range s.Blocks {
			if w.Kind == knowledge.None || w.Kind == knowledge.File || w.Cancellable || w.ReleasesUnknown || len(w.Releases) > 0 {
				continue
			}
			hard = true
			out.addWitness(w.via(ssax.FuncDisplayName(fn)))
		}
		if !hard {
			return nil
		}
	}
	return out
}

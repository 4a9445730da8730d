package stream

import (
	"bytes"
	"encoding/gob"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// factStore holds every fact of the run, once. All packages of a run share
// one universe of types (a package's importers see its own
// *types.Package), so a fact is found by its object wherever it is asked
// for; a package can only name objects of its dependencies, so no
// filtering by package is needed for lookups.
type factStore struct {
	mu       sync.RWMutex
	objects  map[objectKey]analysis.Fact
	packages map[packageKey]analysis.Fact
	// byPackage lists the object facts of each package, for
	// AllObjectFacts.
	byPackage map[*types.Package][]objectKey
}

type objectKey struct {
	obj types.Object
	typ reflect.Type
}

type packageKey struct {
	pkg *types.Package
	typ reflect.Type
}

func newFactStore() *factStore {
	return &factStore{
		objects:   make(map[objectKey]analysis.Fact),
		packages:  make(map[packageKey]analysis.Fact),
		byPackage: make(map[*types.Package][]objectKey),
	}
}

// object copies the fact of ptr's type about obj into ptr.
func (s *factStore) object(obj types.Object, ptr analysis.Fact) bool {
	s.mu.RLock()
	f, ok := s.objects[objectKey{obj, reflect.TypeOf(ptr)}]
	s.mu.RUnlock()
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return ok
}

func (s *factStore) setObject(obj types.Object, f analysis.Fact) {
	k := objectKey{obj, reflect.TypeOf(f)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.objects[k]; !ok {
		s.byPackage[obj.Pkg()] = append(s.byPackage[obj.Pkg()], k)
	}
	s.objects[k] = f
}

// pkg copies the fact of ptr's type about pkg into ptr.
func (s *factStore) pkg(pkg *types.Package, ptr analysis.Fact) bool {
	s.mu.RLock()
	f, ok := s.packages[packageKey{pkg, reflect.TypeOf(ptr)}]
	s.mu.RUnlock()
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return ok
}

func (s *factStore) setPackage(pkg *types.Package, f analysis.Fact) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.packages[packageKey{pkg, reflect.TypeOf(f)}] = f
}

// allObjects returns the object facts of the given types about objects of
// the packages in closure.
func (s *factStore) allObjects(closure []*types.Package, kinds []analysis.Fact) []analysis.ObjectFact {
	want := factTypes(kinds)
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []analysis.ObjectFact
	for _, pkg := range closure {
		for _, k := range s.byPackage[pkg] {
			if want[k.typ] {
				out = append(out, analysis.ObjectFact{Object: k.obj, Fact: s.objects[k]})
			}
		}
	}
	return out
}

// allPackages returns the package facts of the given types about the
// packages in closure.
func (s *factStore) allPackages(closure []*types.Package, kinds []analysis.Fact) []analysis.PackageFact {
	want := factTypes(kinds)
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []analysis.PackageFact
	for _, pkg := range closure {
		for typ := range want {
			if f, ok := s.packages[packageKey{pkg, typ}]; ok {
				out = append(out, analysis.PackageFact{Package: pkg, Fact: f})
			}
		}
	}
	return out
}

func factTypes(kinds []analysis.Fact) map[reflect.Type]bool {
	want := make(map[reflect.Type]bool, len(kinds))
	for _, f := range kinds {
		want[reflect.TypeOf(f)] = true
	}
	return want
}

// seal replaces the facts about pkg and its objects, once pkg's analysis
// is done, by copies that went through gob, the encoding go vet carries
// facts in between its processes. Importers then see exactly what they
// would see under go vet, only the exported fields, and the store keeps
// nothing else: a fact's unexported fields may point into the analysis of
// the package that exported it (its SSA form, its syntax), which would
// otherwise stay reachable until the end of the run. A fact gob cannot
// encode is kept as it is.
func (s *factStore) seal(pkg *types.Package) {
	type slot struct {
		fact  analysis.Fact
		store func(analysis.Fact)
	}
	var slots []slot
	s.mu.RLock()
	for _, k := range s.byPackage[pkg] {
		slots = append(slots, slot{s.objects[k], func(f analysis.Fact) { s.objects[k] = f }})
	}
	for k, f := range s.packages {
		if k.pkg == pkg {
			slots = append(slots, slot{f, func(f analysis.Fact) { s.packages[k] = f }})
		}
	}
	s.mu.RUnlock()
	if len(slots) == 0 {
		return
	}
	facts := make([]analysis.Fact, len(slots))
	for i, sl := range slots {
		facts[i] = sl.fact
	}
	copies := roundTrip(facts)
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, sl := range slots {
		sl.store(copies[i])
	}
}

// roundTrip returns copies of facts encoded and decoded by gob, in one
// stream so that each type is described and compiled once. A fact gob
// cannot encode or decode is returned as it is.
func roundTrip(facts []analysis.Fact) []analysis.Fact {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	for _, f := range facts {
		if err := enc.Encode(f); err != nil {
			if len(facts) == 1 {
				return facts
			}
			// Find the one that fails; the others still go through.
			var out []analysis.Fact
			for _, f := range facts {
				out = append(out, roundTrip([]analysis.Fact{f})...)
			}
			return out
		}
	}
	out := make([]analysis.Fact, len(facts))
	dec := gob.NewDecoder(&buf)
	for i, f := range facts {
		c := reflect.New(reflect.TypeOf(f).Elem()).Interface().(analysis.Fact)
		if err := dec.Decode(c); err != nil {
			return facts
		}
		out[i] = c
	}
	return out
}

// rekey moves the facts about old and its objects to lean, the same
// package type-checked again from the same files, matching objects by
// their object path. A fact about an object that has no path (go vet
// cannot carry those either) is dropped.
func (s *factStore) rekey(old, lean *types.Package) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var enc objectpath.Encoder
	var keys []objectKey
	for _, k := range s.byPackage[old] {
		f := s.objects[k]
		delete(s.objects, k)
		path, err := enc.For(k.obj)
		if err != nil {
			continue
		}
		obj, err := objectpath.Object(lean, path)
		if err != nil {
			continue
		}
		nk := objectKey{obj, k.typ}
		s.objects[nk] = f
		keys = append(keys, nk)
	}
	delete(s.byPackage, old)
	if len(keys) > 0 {
		s.byPackage[lean] = keys
	}
	for k, f := range s.packages {
		if k.pkg == old {
			delete(s.packages, k)
			s.packages[packageKey{lean, k.typ}] = f
		}
	}
}

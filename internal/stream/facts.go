package stream

import (
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
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

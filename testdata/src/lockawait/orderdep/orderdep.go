// Package orderdep takes a Registry's lock, then an Entry's.
package orderdep

import "sync"

type Registry struct {
	Mu      sync.Mutex
	entries []*Entry
}

type Entry struct {
	Mu sync.Mutex
	n  int
}

func (r *Registry) Add(e *Entry) {
	r.Mu.Lock()
	defer r.Mu.Unlock()
	e.Mu.Lock()
	e.n++
	e.Mu.Unlock()
	r.entries = append(r.entries, e)
}

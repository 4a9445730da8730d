// Package cbdep has helpers that run a caller's function under a lock.
package cbdep

import "sync"

// Guard runs functions one at a time.
type Guard struct {
	mu sync.Mutex
}

// Do runs f with g's mutex held.
func (g *Guard) Do(f func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f()
}

// After runs f once g's mutex is free again.
func (g *Guard) After(f func()) {
	g.mu.Lock()
	g.mu.Unlock()
	f()
}

// Each calls f for every item, holding nothing.
func Each(items []int, f func(int)) {
	for _, it := range items {
		f(it)
	}
}

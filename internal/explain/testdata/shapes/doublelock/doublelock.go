// Package doublelock deadlocks a goroutine on itself: Incr holds s.mu and
// calls Get, which locks s.mu again.
package doublelock

import "sync"

// Store counts.
type Store struct {
	mu sync.Mutex
	m  map[string]int
}

// New returns an empty store.
func New() *Store { return &Store{m: make(map[string]int)} }

// Get returns the count of k.
func (s *Store) Get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[k]
}

// Incr adds one to the count of k.
func (s *Store) Incr(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = s.Get(k) + 1
}

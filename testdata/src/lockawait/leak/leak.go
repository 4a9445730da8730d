package leak

import (
	"errors"
	"sync"
)

type Store struct {
	mu    sync.Mutex
	items map[string]int
}

func (s *Store) Get(k string) (int, error) {
	s.mu.Lock()
	v, ok := s.items[k]
	if !ok {
		return 0, errors.New("missing") // [lock-leak] // want `s.mu is not released on this path out of \(\*Store\).Get \(locked at leak.go:\d+\), but is released on others; unlock before returning or use defer s.mu.Unlock\(\)`
	}
	s.mu.Unlock()
	return v, nil
}

func (s *Store) FirstBig(keys []string) string {
	var found string
	for _, k := range keys {
		s.mu.Lock()
		if s.items[k] > 10 {
			found = k
			break
		}
		s.mu.Unlock()
	}
	return found // [lock-leak] // want `s.mu may be left held on a path to this return \(through a break or a branch\) out of \(\*Store\).FirstBig`
}

func (s *Store) Sum(keys []string) int {
	total := 0
	for _, k := range keys {
		s.mu.Lock() // [lock-leak] // want `s.mu may still be held here from an earlier iteration: some path \(an early continue, or a branch\) skips its Unlock`
		v, ok := s.items[k]
		if !ok {
			continue
		}
		total += v
		s.mu.Unlock()
	}
	return total
}

// Take removes one item. It takes the store's lock.
func (s *Store) Take(k string) (int, error) {
	s.mu.Lock()
	v, ok := s.items[k]
	if !ok {
		return 0, errors.New("missing") // [lock-leak] // want `s.mu is not released on this path out of \(\*Store\).Take`
	}
	delete(s.items, k)
	s.mu.Unlock()
	return v, nil
}

// Look-alikes that must stay silent.

func (s *Store) Deferred(k string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.items[k]
	if !ok {
		return 0, errors.New("missing") // ok: the deferred Unlock runs
	}
	return v, nil
}

func (s *Store) Panics(k string) int {
	s.mu.Lock()
	v, ok := s.items[k]
	if !ok {
		panic("missing") // ok: a panic is not a return
	}
	s.mu.Unlock()
	return v
}

// lockIfPresent returns with s.mu held when k is present; the caller must
// unlock it.
func (s *Store) lockIfPresent(k string) bool {
	s.mu.Lock()
	if _, ok := s.items[k]; ok {
		return true // ok: a documented lock-handing helper
	}
	s.mu.Unlock()
	return false
}

func (s *Store) acquire() {
	s.mu.Lock() // ok: a helper that always returns with the lock held
}

func (s *Store) Locked() func() {
	s.mu.Lock()
	if s.items == nil {
		s.mu.Unlock()
		return func() {}
	}
	return s.mu.Unlock // ok: hands the unlock to the caller
}

func (s *Store) waitFor(k string) (int, *sync.Mutex) {
	s.mu.Lock()
	if v, ok := s.items[k]; ok {
		return v, &s.mu // ok: hands the lock to the caller
	}
	s.mu.Unlock()
	return 0, nil
}

// Handle unlocks through a closure kept in a variable, in a function with a
// defer, where go/ssa keeps the receiver and the closure in memory.
func (s *Store) Handle(fail bool, done chan struct{}) {
	s.mu.Lock()
	doErr := func() {
		s.items = nil
		s.mu.Unlock()
	}
	defer func() { close(done) }()
	if fail {
		doErr()
		return // ok: doErr released s.mu
	}
	s.mu.Unlock()
}

// Retry calls a sibling closure from a closure: doErr unlocks s.mu.
func (s *Store) Retry(fail bool, done chan struct{}, later func(func())) {
	s.mu.Lock()
	doErr := func() {
		s.items = nil
		s.mu.Unlock()
	}
	defer func() { close(done) }()
	if fail {
		later(func() {
			s.mu.Lock()
			n := len(s.items)
			s.mu.Unlock()
			if n > 0 {
				s.mu.Lock()
				doErr() // ok: releases s.mu
			}
		})
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
}

// Locked and unlocked under one condition: no path leaves it held.
func (s *Store) MaybeLocked(locked bool, k string) int {
	if !locked {
		s.mu.Lock()
	}
	v := s.items[k]
	if !locked {
		s.mu.Unlock() // ok: the same condition as the Lock
	}
	return v
}

// Released under a condition and under its negation: every path releases.
func (s *Store) EitherWay(fast bool, k string) int {
	s.mu.Lock()
	if fast {
		s.mu.Unlock()
		return 0
	}
	v := s.items[k]
	if !fast {
		s.mu.Unlock() // ok: the other branch unlocked already
	}
	return v
}

// Package rangefunc has locks held across the bodies of range-over-func
// loops. go/ssa builds such a body as a synthetic closure that the iterator
// calls, so the locks held around the loop are held inside it.
package rangefunc

import (
	"iter"
	"maps"
	"slices"
	"sync"
	"time"
)

type S struct {
	mu sync.Mutex
	ch chan int
	m  map[string]int
	xs []int
}

func (s *S) SendSeq(seq iter.Seq[int]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for v := range seq {
		s.ch <- v // want `s.mu is held across send on s.ch \(locked at rangefunc.go:\d+\)`
	}
}

func (s *S) SendAll() {
	s.mu.Lock()
	for _, v := range slices.All(s.xs) {
		s.ch <- v // want `s.mu is held across send on s.ch`
	}
	s.mu.Unlock()
}

func (s *S) SleepKeys() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range maps.Keys(s.m) {
		_ = k
		time.Sleep(time.Millisecond) // want `s.mu is held across a call to time.Sleep`
	}
}

// Nested loops: the inner body runs with the outer body's locks.
func (s *S) Nested(seq iter.Seq[int]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range seq {
		for v := range seq {
			time.Sleep(time.Millisecond) // want `s.mu is held across a call to time.Sleep`
			_ = v
		}
	}
}

// A lock taken before the loop on a package-level mutex.
var global sync.Mutex

func Global(seq iter.Seq[int], ch chan int) {
	global.Lock()
	defer global.Unlock()
	for v := range seq {
		ch <- v // want `global is held across send on ch`
	}
}

// The body locks the mutex that is already held.
func (s *S) DoubleInBody(seq iter.Seq[int]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range seq {
		s.mu.Lock() // want `s.mu is locked again while already held`
		s.mu.Unlock()
	}
}

// A local iterator.
func (s *S) items() iter.Seq[int] {
	return func(yield func(int) bool) {
		for _, x := range s.xs {
			if !yield(x) {
				return
			}
		}
	}
}

func (s *S) SendItems() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for v := range s.items() {
		s.ch <- v // want `s.mu is held across send on s.ch`
	}
}

// ok: released before the loop.
func (s *S) Released(seq iter.Seq[int]) {
	s.mu.Lock()
	n := len(s.xs)
	s.mu.Unlock()
	for v := range seq {
		s.ch <- v + n
	}
}

// ok: the body releases the lock around the send.
func (s *S) UnlockInBody(seq iter.Seq[int]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for v := range seq {
		s.mu.Unlock()
		s.ch <- v
		s.mu.Lock()
	}
}

// ok: the lock is taken in the body, after the send.
func (s *S) LockAfterSend(seq iter.Seq[int]) {
	for v := range seq {
		s.ch <- v
		s.mu.Lock()
		s.xs = append(s.xs, v)
		s.mu.Unlock()
	}
}

// The body locks and sends: found as in any function.
func (s *S) LockInBody(seq iter.Seq[int]) {
	for v := range seq {
		s.mu.Lock()
		s.ch <- v // want `s.mu is held across send on s.ch`
		s.mu.Unlock()
	}
}

// ok: the body releases the lock around the send and takes it again; the
// enclosing function unlocks it after the loop.
func (s *S) UnlockInBodyNoDefer(seq iter.Seq[int]) {
	s.mu.Lock()
	for v := range seq {
		s.mu.Unlock()
		s.ch <- v
		s.mu.Lock()
	}
	s.mu.Unlock()
}

// What a body waits on, its function waits on: a caller holding a lock
// across the call is told.
func (s *S) drain(seq iter.Seq[int]) {
	for v := range seq {
		s.ch <- v
	}
}

func (s *S) Drain(seq iter.Seq[int]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drain(seq) // want `s.mu is held across a call to s.drain, which may block: send on s.ch`
}

// A lock taken in a body while the enclosing function holds another is a
// lock-order edge like any other.
type T struct {
	a, b sync.Mutex
}

func (t *T) AB(seq iter.Seq[int]) {
	t.a.Lock()
	defer t.a.Unlock()
	for range seq {
		t.b.Lock()
		t.b.Unlock()
	}
}

func (t *T) BA() {
	t.b.Lock()
	defer t.b.Unlock()
	t.a.Lock() // want `lock order inversion: t.a is acquired while t.b is held .* but \(\*T\).AB acquires t.b while holding t.a`
	t.a.Unlock()
}

// Package lockshapes has lock shapes of real code that once gave false
// findings or lost true ones.
package lockshapes

import "sync"

// Shards are locked all at once in one loop and unlocked in another.
type shard struct {
	mu sync.Mutex
	m  map[string]int
}

type Map struct {
	shards [16]shard
	ch     chan int
}

// ok: every shard locked in the first loop is unlocked in the second.
func (m *Map) Len() int {
	for i := range m.shards {
		m.shards[i].mu.Lock()
	}
	n := 0
	for i := range m.shards {
		n += len(m.shards[i].m)
	}
	for i := range m.shards {
		m.shards[i].mu.Unlock()
	}
	return n
}

// ok: the same with a slice of pointers.
type PMap struct {
	shards []*shard
}

func (m *PMap) Clear() {
	for _, s := range m.shards {
		s.mu.Lock()
	}
	for _, s := range m.shards {
		clear(s.m)
	}
	for _, s := range m.shards {
		s.mu.Unlock()
	}
}

// The same shard on every iteration, left locked by a continue: the next
// iteration deadlocks.
func (m *Map) Skip(i int, xs []int) {
	for _, x := range xs {
		m.shards[i].mu.Lock() // want `m.shards\[i\].mu may still be held here from an earlier iteration`
		if x > 0 {
			continue
		}
		m.shards[i].mu.Unlock()
	}
}

// A shard lock held across a send is still found.
func (m *Map) Send(i int) {
	m.shards[i].mu.Lock()
	m.ch <- len(m.shards[i].m) // want `m.shards\[i\].mu is held across send on m.ch`
	m.shards[i].mu.Unlock()
}

// A lock reached through a type parameter whose constraint is a union of
// types with a mutex field.
type A struct {
	mu sync.Mutex
	ch chan int
}

type B struct {
	mu sync.Mutex
	ch chan int
}

func SendLocked[T *A | *B](x T, ch chan int) {
	switch v := any(x).(type) {
	case *A:
		v.mu.Lock()
		stuck <- 1 // want `v.mu is held across send on stuck`
		v.mu.Unlock()
	case *B:
		_ = v
	}
}

// A type parameter with a union constraint and a Lock method in the
// constraint.
type locker interface {
	*sync.Mutex | *sync.RWMutex
	Lock()
	Unlock()
}

func Under[L locker](l L, ch chan int) {
	l.Lock()
	stuck <- 1 // want `l is held across send on stuck`
	l.Unlock()
}

// Findings inside if debug {…}, with debug a false constant, are in dead
// code: the compiler drops it.
const debug = false

type S struct {
	mu sync.Mutex
	ch chan int
}

func (s *S) Trace(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if debug {
		s.ch <- v // ok: dead code, debug is false
	}
	if !debug {
		return
	}
	s.ch <- v // ok: dead code, the function returned when !debug
}

const verbose = true

func (s *S) Verbose(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if verbose {
		s.ch <- v // want `s.mu is held across send on s.ch`
	}
}

// stuck is a channel nothing receives from: a send on it under a lock is
// reported whatever the lock's shape.
var stuck = make(chan int)

// Package dep is a dependency of crosspkg: its summaries reach crosspkg as
// facts.
package dep

import (
	"net"

	"golang.org/x/sync/errgroup"
)

// Sem is a counting semaphore.
type Sem struct{ ch chan struct{} }

func NewSem(n int) *Sem { return &Sem{ch: make(chan struct{}, n)} }

// Acquire waits for a slot.
func (s *Sem) Acquire() { s.ch <- struct{}{} }

// Release frees a slot.
func (s *Sem) Release() { <-s.ch }

// Frame reads one frame from a connection.
func Frame(c net.Conn) ([]byte, error) {
	buf := make([]byte, 64)
	n, err := c.Read(buf)
	return buf[:n], err
}

// Group wraps an errgroup configured by its constructor.
type Group struct{ G errgroup.Group }

func NewGroup() *Group {
	g := &Group{}
	g.G.SetLimit(8)
	return g
}

// Quick does not block.
func Quick() int { return 1 }

// Go runs f in a goroutine that logs panics.
func Go(f func()) {
	go func() {
		defer func() { recover() }()
		f()
	}()
}

// Tracker runs functions in goroutines it can wait for.
type Tracker struct{ n int }

func (t *Tracker) Go(f func()) {
	t.n++
	go f()
}

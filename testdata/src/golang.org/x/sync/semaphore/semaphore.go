// Package semaphore is a test stub of golang.org/x/sync/semaphore with the
// same API, so that fixtures can import it at its real path.
package semaphore

import "context"

type Weighted struct{ ch chan struct{} }

func NewWeighted(n int64) *Weighted { return &Weighted{ch: make(chan struct{}, n)} }

func (s *Weighted) Acquire(ctx context.Context, n int64) error {
	select {
	case s.ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Weighted) TryAcquire(n int64) bool {
	select {
	case s.ch <- struct{}{}:
		return true
	default:
		return false
	}
}

func (s *Weighted) Release(n int64) { <-s.ch }

// Package rate is a test stub of golang.org/x/time/rate with the same API
// for the parts fixtures use, so that they can import it at its real path.
package rate

import (
	"context"
	"time"
)

// Limit is a rate of events per second.
type Limit float64

// Every converts an interval between events to a Limit.
func Every(interval time.Duration) Limit { return Limit(time.Second) / Limit(interval) }

// Limiter allows events up to a rate, with bursts of b.
type Limiter struct {
	limit Limit
	burst int
}

func NewLimiter(r Limit, b int) *Limiter { return &Limiter{limit: r, burst: b} }

func (l *Limiter) Wait(ctx context.Context) error { return l.WaitN(ctx, 1) }

func (l *Limiter) WaitN(ctx context.Context, n int) error {
	select {
	case <-time.After(time.Duration(float64(time.Second) / float64(l.limit))):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *Limiter) Allow() bool { return l.AllowN(time.Now(), 1) }

func (l *Limiter) AllowN(t time.Time, n int) bool { return n <= l.burst }

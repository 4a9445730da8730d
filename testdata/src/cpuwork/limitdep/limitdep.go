// Package limitdep holds limiters that wait without a channel: gates that
// spin on an atomic counter. Their summaries show no wait, so cpuwork
// counts them as limiters only when -cpuwork.limiters names them.
package limitdep

import (
	"runtime"
	"sync/atomic"
)

// Gate lets at most max callers in at once.
type Gate struct{ n, max atomic.Int64 }

func NewGate(max int64) *Gate {
	g := new(Gate)
	g.max.Store(max)
	return g
}

// Enter waits for a slot.
func (g *Gate) Enter() {
	for {
		n := g.n.Load()
		if n < g.max.Load() && g.n.CompareAndSwap(n, n+1) {
			return
		}
		runtime.Gosched()
	}
}

// Leave frees a slot.
func (g *Gate) Leave() { g.n.Add(-1) }

// Pacer spaces out starts; only its Wait is named as a limiter.
type Pacer struct{ next atomic.Int64 }

// Wait waits for the next start.
func (p *Pacer) Wait() {
	for p.next.Add(1)%1024 != 0 {
		runtime.Gosched()
	}
}

// Reset does not wait.
func (p *Pacer) Reset() { p.next.Store(0) }

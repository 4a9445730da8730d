// Package limiters holds fan-outs bounded by limiters that cpuwork knows
// only from -cpuwork.limiters: the type cpuwork/limitdep.Gate and the
// method (*cpuwork/limitdep.Pacer).Wait. With the flag they are silent;
// without it, the lines marked "unbounded without -cpuwork.limiters" are
// reported (TestLimiters).
package limiters

import "cpuwork/limitdep"

type Item struct{ ID int }

func process(Item) {}

// ok: a call of the configured limiter type before each spawn.
func Before(g *limitdep.Gate, items []Item) {
	for _, it := range items {
		g.Enter()
		go func() { // unbounded without -cpuwork.limiters
			defer g.Leave()
			process(it)
		}()
	}
}

// ok: the configured limiter is the goroutine's first call.
func AtStart(g *limitdep.Gate, items []Item) {
	for _, it := range items {
		go func() { // unbounded without -cpuwork.limiters
			g.Enter()
			defer g.Leave()
			process(it)
		}()
	}
}

// ok: a configured limiter method before each spawn.
func Paced(p *limitdep.Pacer, items []Item) {
	for _, it := range items {
		p.Wait()
		go process(it) // unbounded without -cpuwork.limiters
	}
}

// A method of the Pacer that the flag does not name is no limiter.
func NotAWait(p *limitdep.Pacer, items []Item) {
	for _, it := range items {
		p.Reset()
		go process(it) // [unbounded-fanout] // want `a goroutine is started for every element of items`
	}
}

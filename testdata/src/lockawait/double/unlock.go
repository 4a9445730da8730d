package double

import "sync"

type Ledger struct {
	mu   sync.Mutex
	rw   sync.RWMutex
	n    int
	done chan struct{}
}

// Positives: a mutex unlocked twice.

func (l *Ledger) Twice() {
	l.mu.Lock()
	l.n++
	l.mu.Unlock()
	l.mu.Unlock() // [double-unlock] // want `l.mu is unlocked again, already unlocked at unlock.go:\d+ with no Lock in between: unlocking an unlocked mutex is a fatal error; drop one of the two`
}

func (l *Ledger) EarlyOut(skip bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if skip {
		l.mu.Unlock() // [double-unlock] // want `l.mu is unlocked here, and the deferred l.mu.Unlock \(at unlock.go:\d+\) unlocks it again when \(\*Ledger\).EarlyOut returns at unlock.go:\d+`
		return
	}
	l.n++
}

func (l *Ledger) ReadTwice() int {
	l.rw.RLock()
	n := l.n
	l.rw.RUnlock()
	l.rw.RUnlock() // [double-unlock] // want `l.rw is unlocked again`
	return n
}

// Look-alikes that must stay silent.

func (l *Ledger) Relock() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.mu.Unlock()
	<-l.done
	l.mu.Lock() // ok: locked again before the deferred Unlock runs
}

func (l *Ledger) Flagged(skip bool) {
	l.mu.Lock()
	unlocked := false
	defer func() {
		if !unlocked {
			l.mu.Unlock()
		}
	}()
	if skip {
		l.mu.Unlock() // ok: the deferred closure checks the flag
		unlocked = true
		return
	}
	l.n++
}

// unlockCaller releases the caller's lock, as an unlock helper does.
func (l *Ledger) unlockCaller() { l.mu.Unlock() }

func (l *Ledger) Handoff() {
	l.mu.Lock()
	l.n++
	l.unlockCaller() // ok: one release, through the helper
}

func (l *Ledger) EachRound(rounds int) {
	for i := 0; i < rounds; i++ {
		l.mu.Lock()
		l.n++
		l.mu.Unlock() // ok: locked again on every round
	}
}

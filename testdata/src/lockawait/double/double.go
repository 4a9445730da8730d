package double

import "sync"

type Account struct {
	mu      sync.Mutex
	rw      sync.RWMutex
	balance int
}

func (a *Account) Direct() {
	a.mu.Lock()
	a.mu.Lock() // [double-lock] // want `a.mu is locked again while already held \(locked at double.go:\d+\), which deadlocks`
	a.mu.Unlock()
}

func (a *Account) deposit(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += n
}

func (a *Account) Transfer(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.deposit(n) // [double-lock] // want `call to a.deposit locks a.mu \(at double.go:\d+\) while it is already held \(locked at double.go:\d+\), which deadlocks`
}

func (a *Account) viaTwo(n int) { a.deposit(n) }

func (a *Account) Indirect(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.viaTwo(n) // [double-lock] // want `call to a.viaTwo locks a.mu`
}

func (a *Account) ReadTwice() int {
	a.rw.RLock()
	defer a.rw.RUnlock()
	return a.read() // [recursive-rlock] // want `call to a.read read-locks a.rw \(at double.go:\d+\) while it is already read-locked`
}

func (a *Account) read() int {
	a.rw.RLock()
	defer a.rw.RUnlock()
	return a.balance
}

func (a *Account) Upgrade() {
	a.rw.RLock()
	a.rw.Lock() // [double-lock] // want `a.rw is locked again while already held`
	a.rw.Unlock()
	a.rw.RUnlock()
}

// Look-alikes that must stay silent.

func (a *Account) Sequential() {
	a.mu.Lock()
	a.balance++
	a.mu.Unlock()
	a.mu.Lock() // ok: released before
	a.balance++
	a.mu.Unlock()
}

func (a *Account) Try() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.mu.TryLock() { // ok: TryLock fails instead of deadlocking
		a.mu.Unlock()
	}
}

func Two(a, b *Account) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock() // ok: a different account
	defer b.mu.Unlock()
}

func (a *Account) InLoop(xs []int) {
	for range xs {
		a.mu.Lock() // ok: released at the end of each iteration
		a.balance++
		a.mu.Unlock()
	}
}

func (a *Account) AfterTry() {
	if !a.mu.TryLock() {
		return
	}
	defer a.mu.Unlock()
	a.balance++
}

func (a *Account) TryThenLock() {
	if a.mu.TryLock() {
		a.mu.Lock() // [double-lock] // want `a.mu is locked again while already held`
	}
}

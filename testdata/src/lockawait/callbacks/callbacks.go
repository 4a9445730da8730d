// Package callbacks holds a lock across work that a function value does:
// withLock(func() {...}) helpers, method values passed as callbacks, and
// helpers in another package.
package callbacks

import (
	"sync"
	"time"

	"lockawait/cbdep"
)

type Reg struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	cond  *sync.Cond
	ready bool
	wg    sync.WaitGroup
	ch    chan int
	n     int
	guard cbdep.Guard
}

func (r *Reg) withLock(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
}

func (r *Reg) withRLock(f func()) {
	r.rw.RLock()
	f()
	r.rw.RUnlock()
}

// update passes f on to withLock: f runs under r.mu too.
func (r *Reg) update(f func()) {
	r.withLock(f)
}

func (r *Reg) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

func (r *Reg) get() int {
	r.rw.RLock()
	defer r.rw.RUnlock()
	return r.n
}

func (r *Reg) push() { r.ch <- r.n }

// start runs a worker that takes r.mu before it is done.
func (r *Reg) start() {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		r.mu.Lock()
		r.n++
		r.mu.Unlock()
	}()
}

// Positives.

func (r *Reg) Send(v int) {
	r.withLock(func() { // [call-under-lock] // want `r.withLock holds r.mu \(locked at callbacks.go:\d+\) while it calls the func literal passed here, which may block: send on r.ch \(callbacks.go:\d+\); do the waiting outside the callback`
		r.ch <- v
	})
}

func (r *Reg) Sleep() {
	r.withLock(func() { // [sleep-under-lock] // want `r.withLock holds r.mu .* which may block: time.Sleep`
		time.Sleep(time.Millisecond)
	})
}

func (r *Reg) Wait() {
	r.withLock(func() { // [wait-under-lock] // want `r.withLock holds r.mu .* which may block: r.wg.Wait`
		r.wg.Wait()
	})
}

func (r *Reg) Count() int {
	var n int
	r.withLock(func() { // [double-lock] // want `the func literal passed to r.withLock locks r.mu \(at callbacks.go:\d+\), which r.withLock already holds while calling it \(locked at callbacks.go:\d+\), which deadlocks`
		n = r.count()
	})
	return n
}

func (r *Reg) Get() int {
	var n int
	r.withRLock(func() { // [recursive-rlock] // want `the func literal passed to r.withRLock read-locks r.rw .* and a writer waiting in between deadlocks both`
		n = r.get()
	})
	return n
}

func (r *Reg) MethodValue() {
	r.withLock(r.push) // [call-under-lock] // want `r.withLock holds r.mu .* while it calls \(\*Reg\).push passed here, which may block: send on r.ch`
}

func (r *Reg) Forwarded(v int) {
	r.update(func() { // [call-under-lock] // want `r.update holds r.mu .* which may block: send on r.ch`
		r.ch <- v
	})
}

func (r *Reg) CrossPackage(v int) {
	r.guard.Do(func() { // [call-under-lock] // want `r.guard.Do holds r.guard.mu .* which may block: send on r.ch`
		r.ch <- v
	})
}

// The caller holds the lock and the helper runs the blocking callback.
func (r *Reg) HeldByCaller(items []int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cbdep.Each(items, func(v int) { // [call-under-lock] // want `r.mu is held across a call to cbdep.Each, which may block: func literal in \(\*Reg\).HeldByCaller → send on r.ch`
		r.ch <- v
	})
}

// Look-alikes that must stay silent.

func (r *Reg) Increment() {
	r.withLock(func() { r.n++ }) // ok: nothing waits
}

func (r *Reg) TrySend(v int) {
	r.withLock(func() { // ok: select with default never waits
		select {
		case r.ch <- v:
		default:
		}
	})
}

func (r *Reg) Later(v int) {
	r.guard.After(func() { // ok: After releases its lock before calling f
		r.ch <- v
	})
}

func (r *Reg) Background(v int) {
	r.spawn(func() { r.ch <- v }) // ok: the function runs in its own goroutine
}

func (r *Reg) spawn(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	go f()
}

func (r *Reg) WaitReady() {
	r.withLock(func() { // ok: Cond.Wait releases r.mu while it waits
		for !r.ready {
			r.cond.Wait()
		}
	})
}

func NewReg() *Reg {
	r := &Reg{ch: make(chan int)}
	r.cond = sync.NewCond(&r.mu)
	return r
}

func (r *Reg) OtherLock(other *sync.Mutex) {
	r.withLock(func() { // ok: another lock, taken and released inside
		other.Lock()
		r.n++
		other.Unlock()
	})
}

func (r *Reg) Each(items []int) {
	cbdep.Each(items, func(v int) { // ok: no lock held anywhere
		r.ch <- v
	})
}

// Both the caller and the helper hold a lock: one report for the call.
func (r *Reg) Both(other *sync.Mutex, v int) {
	other.Lock()
	defer other.Unlock()
	r.withLock(func() { // [call-under-lock] // want `other is held across a call to r.withLock, which may block: func literal in \(\*Reg\).Both → send on r.ch`
		r.ch <- v
	})
}

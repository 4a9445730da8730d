package a

import (
	"context"
	"sync"
	"time"
)

type Broker struct {
	mu     sync.Mutex
	events chan int
	wg     sync.WaitGroup
}

func (b *Broker) Notify(v int) { // want Notify:`blocks\(channel: send on b.events\)`
	b.events <- v
}

func (b *Broker) Emit(v int) { // want Emit:`blocks\(channel: \(\*Broker\).Notify → send on b.events\)`
	b.Notify(v)
}

func (b *Broker) Lock() { // want Lock:`locks\(b.mu, held\)`
	b.mu.Lock()
}

func (b *Broker) Unlock() { // want Unlock:`unlocks\(b.mu\)`
	b.mu.Unlock()
}

func (b *Broker) Set() { // want Set:`locks\(b.mu\)`
	b.mu.Lock()
	defer b.mu.Unlock()
}

func Nap() { // want Nap:`blocks\(sleep: time.Sleep\)`
	time.Sleep(time.Second)
}

func Worker(jobs <-chan int, out chan<- int) { // want Worker:`chan\(param0: range\) chan\(param1: send,many\)`
	for j := range jobs {
		out <- j
	}
}

func Forever() { // want Forever:`noreturn`
	for {
		time.Sleep(time.Second)
	}
}

func Wait(ctx context.Context, ch chan int) { // want Wait:`blocks\(channel: select on ctx.Done\(\), ch, cancellable\) chan\(param1: recv\) ctx`
	select {
	case <-ctx.Done():
	case <-ch:
	}
}

func NoDefault(b *Broker) { // want NoDefault:`locks\(b.mu\)`
	b.mu.Lock()
	select {
	case b.events <- 1:
	default:
	}
	b.mu.Unlock()
}

// StringGuard compares a string, not a length, with a constant before
// receiving: the receive may wait.
func StringGuard(s string, ch chan int) { // want StringGuard:`blocks\(channel: receive from ch\) chan\(param1: recv\)`
	if s != "" {
		<-ch
	}
}

func GoSafe(f func()) { // want GoSafe:`spawns\(param0\)`
	go func() {
		defer func() { recover() }()
		f()
	}()
}

func (b *Broker) Spawn(name string, f func()) { // want Spawn:`spawns\(param2\)`
	b.wg.Add(1)
	go f()
}

func SpawnEach(fs []func()) { // fans out itself: not a helper that starts one goroutine
	for _, f := range fs {
		go f()
	}
}

func GoValue(v int) { // runs no parameter
	go func() { _ = v }()
}

// WithLock calls f with b.mu held; Each calls f holding nothing; Later
// passes f on to WithLock; Detach runs f in a goroutine, which is not a
// callback.
func (b *Broker) WithLock(f func()) { // want WithLock:`locks\(b.mu\) calls\(param1, holding b.mu\)`
	b.mu.Lock()
	defer b.mu.Unlock()
	f()
}

func Each(xs []int, f func(int)) { // want Each:`calls\(param1, holding \)`
	for _, x := range xs {
		f(x)
	}
}

func (b *Broker) Later(f func()) { // want Later:`locks\(b.mu\) calls\(param1, holding b.mu\)`
	b.WithLock(f)
}

func (b *Broker) Detach(f func()) { // want Detach:`spawns\(param1\)`
	go f()
}

// Flush sends through a callback: the send is its own.
func (b *Broker) Flush(v int) { // want Flush:`blocks\(channel: \(\*Broker\).WithLock → func literal in \(\*Broker\).Flush → send on b.events\) locks\(b.mu\)`
	b.WithLock(func() { b.events <- v })
}

// Queue is implemented by one type here, which waits; a call through it
// may wait too.
type Queue interface{ Push(v int) }

type chanQueue struct{ ch chan int }

func (q *chanQueue) Push(v int) { // want Push:`blocks\(channel: send on q.ch\)`
	q.ch <- v
}

func Enqueue(q Queue, v int) { // want Enqueue:`blocks\(channel: Queue.Push → \(\*chanQueue\).Push → send on q.ch\)`
	q.Push(v)
}

package chans

import (
	"context"
	"errors"
	"sync"
)

// One channel per worker, kept in a slice the workers capture: each worker
// ranges over its own element (minio's replication resync). The function
// owns every channel in the slice, and the workers end only when it closes
// them.

type item struct {
	key int
	err error
}

// Resync returns on an item's error or on cancellation without closing the
// workers' channels: the workers wait in their range for good.
func Resync(ctx context.Context, n int, items <-chan item) {
	workers := make([]chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		workers[i] = make(chan int, 100)
		go func(idx int) {
			defer wg.Done()
			for v := range workers[idx] { // want `range over workers\[idx\] never ends when Resync returns at collection.go:\d+ without closing the channels in workers; close each on every path`
				useInt(v)
			}
		}(i)
	}
	for it := range items {
		if it.err != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		default:
			workers[it.key%n] <- it.key
		}
	}
	for i := range n {
		safeClose(workers[i])
	}
	wg.Wait()
}

const parallel = 4

// ResyncFixed is Resync with a constant number of workers (go/ssa makes
// the slice from an array).
func ResyncFixed(ctx context.Context, items <-chan item) {
	workers := make([]chan int, parallel)
	var wg sync.WaitGroup
	for i := range parallel {
		wg.Add(1)
		workers[i] = make(chan int, 100)
		go func(idx int) {
			defer wg.Done()
			for v := range workers[idx] { // want `range over workers\[idx\] never ends when ResyncFixed returns at collection.go:\d+ without closing the channels in workers`
				useInt(v)
			}
		}(i)
	}
	for it := range items {
		if it.err != nil {
			return
		}
		workers[it.key%parallel] <- it.key
	}
	for i := range parallel {
		safeClose(workers[i])
	}
	wg.Wait()
}

// ResyncClosed leaves its loop on an error or cancellation and closes
// every channel on the way out.
func ResyncClosed(ctx context.Context, n int, items <-chan item) error {
	workers := make([]chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		workers[i] = make(chan int, 100)
		go func(idx int) {
			defer wg.Done()
			for v := range workers[idx] { // ok: every path out of ResyncClosed closes the channels
				useInt(v)
			}
		}(i)
	}
	var err error
loop:
	for it := range items {
		if it.err != nil {
			err = it.err
			break
		}
		select {
		case <-ctx.Done():
			err = ctx.Err()
			break loop
		default:
			workers[it.key%n] <- it.key
		}
	}
	for i := range n {
		close(workers[i])
	}
	wg.Wait()
	return err
}

// ResyncDeferred closes the channels in a deferred loop.
func ResyncDeferred(n int, items []item) error {
	workers := make([]chan int, n)
	defer func() {
		for _, w := range workers {
			close(w)
		}
	}()
	for i := range n {
		workers[i] = make(chan int)
		go func(idx int) {
			for v := range workers[idx] { // ok: the deferred loop closes every channel
				useInt(v)
			}
		}(i)
	}
	for _, it := range items {
		if it.err != nil {
			return it.err
		}
		workers[it.key%n] <- it.key
	}
	return nil
}

// Shards never closes the channels it hands out.
func Shards(n int, items []int) {
	shards := make([]chan int, n)
	for i := range shards {
		shards[i] = make(chan int, 10)
		go func(idx int) {
			for v := range shards[idx] { // want `range over shards\[idx\] never ends: nothing closes the channels in shards, which Shards makes`
				useInt(v)
			}
		}(i)
	}
	for _, it := range items {
		shards[it%n] <- it
	}
}

// Published hands the slice to its caller: whoever holds it may close the
// channels later.
func Published(n int) []chan int {
	out := make([]chan int, n)
	for i := range out {
		out[i] = make(chan int)
		go func(idx int) {
			for v := range out[idx] { // ok: the caller gets the channels and may close them
				useInt(v)
			}
		}(i)
	}
	return out
}

var errStop = errors.New("stop")

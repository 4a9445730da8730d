package noanswer

import (
	"context"
	"sync"
)

// A local collection of channels, one per worker, each ranged over by the
// worker goroutine that captures the collection (minio's resync workers).
func Resync(ctx context.Context, n int, items []int) {
	workers := make([]chan int, n)
	var wg sync.WaitGroup
	defer wg.Wait()
	for i := range n {
		workers[i] = make(chan int, 100)
		wg.Add(1)
		go func(idx int) {
			defer wg.Done()
			for v := range workers[idx] {
				use(v)
			}
		}(i)
	}
loop:
	for _, it := range items {
		select {
		case <-ctx.Done():
			break loop
		default:
			workers[it%n] <- it // ok: the worker that captures workers ranges over its element
		}
	}
	for i := range n {
		close(workers[i])
	}
}

// The positive: the workers range over another collection.
func Deaf(ctx context.Context, n int, items []int) {
	workers := make([]chan int, n)
	inboxes := make([]chan int, n)
	for i := range n {
		workers[i] = make(chan int, 100)
		inboxes[i] = make(chan int, 100)
		go func(idx int) {
			for v := range inboxes[idx] { // want `range over inboxes\[idx\] never receives anything: nothing in this package sends on it or closes it`
				use(v)
			}
		}(i)
	}
	for _, it := range items {
		workers[it%n] <- it // want `send on workers\[it % n\] blocks forever: nothing in this package receives from it, and no other package can reach the channels kept in that collection`
	}
}

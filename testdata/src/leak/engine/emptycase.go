// Package engine holds the shapes that the path analysis of the leak pass
// got wrong, each with its correct twin.
package engine

import (
	"context"
	"time"
)

func compute() int { return 1 }

// A select whose winning case has an empty body: go/ssa sends the empty
// case straight to the select's join block, which the timeout reaches too.

func EmptyCase(d time.Duration) {
	done := make(chan struct{})
	go func() {
		compute()
		done <- struct{}{} // want `send on done can block forever: EmptyCase returns at emptycase.go:\d+ without receiving from done when the select at emptycase.go:\d+ takes another case; give done a buffer of 1`
	}()
	select {
	case <-done:
	case <-time.After(d):
	}
}

func EmptyCaseCtx(ctx context.Context) int {
	res := make(chan int)
	go func() {
		res <- compute() // want `send on res can block forever: EmptyCaseCtx returns at emptycase.go:\d+ without receiving from res when the select at emptycase.go:\d+`
	}()
	v := 0
	select {
	case v = <-res:
	case <-ctx.Done():
	}
	return v
}

func EmptyCaseBuffered(d time.Duration) {
	done := make(chan struct{}, 1)
	go func() {
		compute()
		done <- struct{}{} // ok: the buffer takes the one send after the timeout
	}()
	select {
	case <-done:
	case <-time.After(d):
	}
}

func EmptyCaseWaitsAfter(d time.Duration) {
	done := make(chan struct{})
	go func() {
		compute()
		done <- struct{}{} // ok: after the timeout the function still waits for the goroutine
	}()
	select {
	case <-done:
	case <-time.After(d):
		<-done
	}
}

package engine

import (
	"context"
	"errors"
	"time"
)

func check() error { return nil }

// A constant buffer does not hold a loop of sends: when the consumer
// leaves early, the producer blocks once the buffer is full.

func ConsumeBuffered(items []int) error {
	results := make(chan int, 10)
	go func() {
		defer close(results)
		for _, it := range items {
			results <- it // want `send on results can block forever: ConsumeBuffered returns at buffers.go:\d+ from inside the loop receiving from results while the goroutine still has more to send`
		}
	}()
	for r := range results {
		if err := use(r); err != nil {
			return err
		}
	}
	return nil
}

func StartedInLoopBuffered(servers []string) int {
	ch := make(chan int, 3)
	for range servers {
		go func() {
			ch <- compute() // ok: a constant buffer for goroutines started in a loop is taken to be sized for them
		}()
	}
	return <-ch
}

// A field made with a buffer of one but sent on from two functions is not
// "the one result": two deliveries compete for one slot.

type call struct{ done chan error }

func newCall() *call { return &call{done: make(chan error, 1)} }

func (c *call) finish(err error) {
	c.done <- err // want `send on c.done can block forever: Do returns at buffers.go:\d+ without receiving from c.done when the select at buffers.go:\d+ takes another case, and nothing else in this package receives from c.done; have the goroutine select on ctx.Done\(\) or a quit channel alongside the send`
}

func (c *call) expire() { c.done <- errors.New("expired") }

func Do(ctx context.Context, d time.Duration) error {
	c := newCall()
	go func() { c.finish(check()) }()
	go func() {
		time.Sleep(d)
		c.expire()
	}()
	select {
	case err := <-c.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The one result, sent by one function: the buffer holds it.

type reply struct{ done chan error }

func newReply() *reply { return &reply{done: make(chan error, 1)} }

func (r *reply) finish(err error) { r.done <- err }

func DoOne(ctx context.Context) error {
	r := newReply()
	go func() { r.finish(check()) }() // ok: one sender, and the buffer of one holds its result
	select {
	case err := <-r.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The same through a field only this function receives from.

type feed struct{ items chan int }

func (f *feed) Pump(src []int) error {
	f.items = make(chan int, 4)
	go func() {
		for _, s := range src {
			f.items <- s // want `send on f.items can block forever: \(\*feed\).Pump returns at buffers.go:\d+ from inside the loop receiving from f.items while the goroutine still has more to send`
		}
		close(f.items)
	}()
	for it := range f.items {
		if err := use(it); err != nil {
			return err
		}
	}
	return nil
}

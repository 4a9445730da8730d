// Package oneshot tells the fields of buffer one that hold the one result
// (a send on them cannot block) from those that carry more than one value.
package oneshot

import "errors"

// The one result: made with a buffer of one, sent on by one function.
type waiter struct{ result chan error }

func newWaiter() *waiter { return &waiter{result: make(chan error, 1)} }

func (w *waiter) deliver(err error) { w.result <- err } // ok: the one result

// The result known when the channel is made, and otherwise delivered later:
// still one value.
type future struct {
	err   error
	errCh chan error
}

func (f *future) Err() <-chan error { // want Err:`^$`
	if f.errCh == nil {
		f.errCh = make(chan error, 1)
		if f.err != nil {
			f.errCh <- f.err // ok: the result already known when the channel is made
		}
	}
	return f.errCh
}

func (f *future) fail(err error) { // ok: the one delivery after the channel is made
	f.err = err
	if f.errCh != nil {
		f.errCh <- err
	}
}

// Pre-filled where it is made: a token, whose next send waits for a receive.
type token struct{ tok chan struct{} }

func newToken() *token {
	t := &token{tok: make(chan struct{}, 1)}
	t.tok <- struct{}{}
	return t
}

func (t *token) put() { t.tok <- struct{}{} } // want put:`blocks\(channel: send on t.tok\)`

// Sent on from two functions: two deliveries compete for one slot.
type call struct{ done chan error }

func newCall() *call { return &call{done: make(chan error, 1)} }

func (c *call) finish(err error) { c.done <- err } // want finish:`blocks\(channel: send on c.done\)`

func (c *call) expire() { c.done <- errors.New("expired") } // want expire:`blocks\(channel: send on c.done\)`

// Received from in a loop: a queue.
type loop struct{ events chan int }

func newLoop() *loop { return &loop{events: make(chan int, 1)} }

func (l *loop) post(v int) { l.events <- v } // want post:`blocks\(channel: send on l.events\)`

func (l *loop) run() { // want run:`blocks\(channel: receive from l.events\)`
	for {
		v := <-l.events
		if v < 0 {
			return
		}
	}
}

// Received once, in a loop that returns with it: still one value.
type retry struct{ res chan int }

func newRetry() *retry { return &retry{res: make(chan int, 1)} }

func (r *retry) reply(v int) { r.res <- v } // ok: the one result

func (r *retry) await(tick <-chan struct{}) int { // want await:`blocks\(channel: select on r.res, tick, cancellable\) chan\(param1: recv\)`
	for {
		select {
		case v := <-r.res:
			return v
		case <-tick:
		}
	}
}

package basic

import (
	"sync"
	"sync/atomic"
)

// Resetter asks its loop for a reset through a channel with room for one
// request, and sends only while no reset is in progress: the flag it sets
// before sending is cleared by the loop after it took the request, so at
// most one request is ever pending and the send does not wait.
type Resetter struct {
	mu        sync.Mutex
	resetting atomic.Uint32
	requests  chan struct{}
	serial    int
}

func NewResetter() *Resetter {
	r := &Resetter{requests: make(chan struct{}, 1)}
	go r.loop()
	return r
}

func (r *Resetter) loop() {
	for range r.requests {
		r.mu.Lock()
		r.serial++
		r.mu.Unlock()
		r.resetting.Store(0)
	}
}

func (r *Resetter) Fail(serial int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if serial == r.serial && r.resetting.Load() == 0 {
		r.resetting.Store(1)
		r.requests <- struct{}{} // ok: latched by r.resetting, at most one request pending in a buffer of one
	}
}

// EagerResetter checks the flag but never sets it: every failure sends,
// and the second one waits for the loop, which needs the lock.
type EagerResetter struct {
	mu        sync.Mutex
	resetting atomic.Uint32
	requests  chan struct{}
	serial    int
}

func NewEagerResetter() *EagerResetter {
	r := &EagerResetter{requests: make(chan struct{}, 1)}
	go r.loop()
	return r
}

func (r *EagerResetter) loop() {
	for range r.requests {
		r.mu.Lock()
		r.serial++
		r.mu.Unlock()
	}
}

func (r *EagerResetter) Fail(serial int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if serial == r.serial && r.resetting.Load() == 0 {
		r.requests <- struct{}{} // [send-under-lock] // want `r.mu is held across send on r.requests \(locked at latch.go:\d+\), and its receiver needs r.mu first`
	}
}

// firstError reports the first failure of a subscription, once: the nil
// check of sub.failure and its assignment latch the send.
type subscription struct {
	mu      sync.Mutex
	failure error
	errs    chan error
}

// newSubscription makes the error channel only when asked to, and hands
// it down to attach, which stores it: the buffer is still one.
func newSubscription(wantErrors bool) *subscription {
	var errs chan error
	if wantErrors {
		errs = make(chan error, 1)
	}
	return attach(errs)
}

func attach(errs chan error) *subscription {
	s := &subscription{errs: errs}
	go s.watch()
	return s
}

func (s *subscription) watch() {
	for err := range s.errs {
		s.mu.Lock()
		_ = err
		s.mu.Unlock()
	}
}

func (s *subscription) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failure == nil {
		s.errs <- err // ok: latched by s.failure, set below and never cleared
		s.failure = err
	}
}

// claimed latches with a compare-and-swap from false.
type claimed struct {
	mu    sync.Mutex
	taken atomic.Bool
	out   chan int
}

func newClaimed() *claimed {
	c := &claimed{out: make(chan int, 1)}
	go func() {
		for v := range c.out {
			c.mu.Lock()
			_ = v
			c.mu.Unlock()
		}
	}()
	return c
}

func (c *claimed) give(v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.taken.CompareAndSwap(false, true) {
		c.out <- v // ok: the compare-and-swap lets one send through
	}
}

// subscriptions fails every matching subscription once, through a loop
// over its table: the latch is on each subscription's own field.
type subscriptions struct {
	mu   sync.Mutex
	subs map[string]*subscription
}

func (t *subscriptions) failAll(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, s := range t.subs {
		s.mu.Lock()
		if s.failure == nil {
			s.errs <- err // ok: latched by s.failure of the subscription in hand
			s.failure = err
		}
		s.mu.Unlock()
	}
}

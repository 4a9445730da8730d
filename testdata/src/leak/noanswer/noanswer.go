// Package noanswer holds waits that nothing can ever answer, and their
// look-alikes that someone does answer.
package noanswer

import (
	"context"

	"leak/dep"
)

func use(int) {}

// A getter hands out a channel that nothing feeds: every caller's receive
// blocks forever, in a goroutine or not.
type buf struct {
	c chan int
}

func newBuf() *buf { return &buf{c: make(chan int)} }

func (b *buf) get() <-chan int { return b.c }

func (b *buf) Next() int {
	return <-b.get() // want `receive from b.get\(\) blocks forever: nothing in this package sends on it or closes it, and no other package can reach the unexported field c of leak/noanswer.buf; send on it or close it where this wait should end`
}

// A buffered field that nothing receives from: the send blocks once the
// buffer is full, whatever its size.
type events struct {
	ch chan string
}

func newEvents() *events { return &events{ch: make(chan string, 16)} }

func (e *events) Emit(s string) {
	e.ch <- s // want `send on e.ch blocks forever once its buffer of 16 is full: nothing in this package receives from it, and no other package can reach the unexported field ch of leak/noanswer.events`
}

// A range over a field nothing feeds, outside any goroutine.
type jobs struct {
	q chan int
}

func newJobs() *jobs { return &jobs{q: make(chan int)} }

func (j *jobs) Drain() {
	for v := range j.q { // want `range over j.q never receives anything: nothing in this package sends on it or closes it`
		use(v)
	}
}

// A package variable nothing feeds.
var ready = make(chan struct{})

func WaitReady(ctx context.Context) {
	<-ready // want `receive from ready blocks forever: nothing in this package sends on it or closes it, and no other package can reach the unexported variable`
}

// --- look-alikes that must stay silent ---

// A getter whose channel someone does close.
type gate struct {
	c chan struct{}
}

func newGate() *gate { return &gate{c: make(chan struct{})} }

func (g *gate) done() <-chan struct{} { return g.c }

func (g *gate) Open() { close(g.c) }

func (g *gate) Wait() {
	<-g.done() // ok: Open closes the channel the getter hands out
}

// An exported field: other packages may send on it.
type Public struct {
	C chan int
}

func (p *Public) Next() int {
	return <-p.C // ok: other packages can reach the exported field
}

// The channel comes from whoever calls the method value.
type relay struct {
	out chan int
}

func (r *relay) attach(out chan int) { r.out = out }

func (r *relay) Send(v int) {
	r.out <- v // ok: the channel comes from a caller the package does not see (attach is never called directly)
}

// A select with a case someone answers.
type waiter struct {
	dead chan int
	live chan int
}

func newWaiter() *waiter { return &waiter{dead: make(chan int), live: make(chan int)} }

func (w *waiter) Feed(v int) { w.live <- v }

func (w *waiter) Recv() int {
	select {
	case v := <-w.dead: // ok: the other case is fed by Feed
		return v
	case v := <-w.live:
		return v
	}
}

// A send in a select with a default never waits.
type notifier struct {
	ch chan struct{}
}

func newNotifier() *notifier { return &notifier{ch: make(chan struct{}, 1)} }

func (n *notifier) Poke() {
	select {
	case n.ch <- struct{}{}: // ok: the default case never waits
	default:
	}
}

// Handed to a function of another package that may receive.
type sink struct {
	ch chan int
}

func newSink(run func(chan int)) *sink {
	s := &sink{ch: make(chan int)}
	run(s.ch)
	return s
}

func (s *sink) Put(v int) {
	s.ch <- v // ok: the function value newSink hands the channel to may receive
}

// A channel another package returns is fed there.
func firstOf(wc <-chan int) int {
	for v := range wc { // ok: dep.Async feeds the channel it returns
		return v
	}
	return 0
}

func First() int { return firstOf(dep.Async()) }

// Subscribers that this package never adds: the loop never runs.
type Broker struct {
	subs []chan int
}

func (b *Broker) Publish(v int) {
	for _, s := range b.subs {
		s <- v // ok: nothing puts a channel in b.subs, so the send never happens
	}
}

// Channels kept as the values of a map: closing them through a range over
// the map answers the receive of the goroutine that was handed one.
type subs struct {
	m map[int]chan struct{}
}

func newSubs() *subs { return &subs{m: make(map[int]chan struct{})} }

func (s *subs) Add(id int) {
	stop := make(chan struct{})
	s.m[id] = stop
	go s.serve(stop)
}

func (s *subs) serve(stop chan struct{}) {
	<-stop // ok: CloseAll closes every channel in s.m
}

func (s *subs) CloseAll() {
	for _, stop := range s.m {
		close(stop)
	}
}

// The positive: the map's channels are only ever listed, never closed.
type deafSubs struct {
	m map[int]chan struct{}
}

func newDeafSubs() *deafSubs { return &deafSubs{m: make(map[int]chan struct{})} }

func (s *deafSubs) Add(id int) {
	stop := make(chan struct{})
	s.m[id] = stop
	go s.serve(stop)
}

func (s *deafSubs) serve(stop chan struct{}) {
	<-stop // want `receive from stop blocks forever: nothing in this package sends on it or closes it`
}

func (s *deafSubs) Len() int {
	n := 0
	for _, stop := range s.m {
		if stop != nil {
			n++
		}
	}
	return n
}

// Subscribers looked up with comma-ok: the send through the lookup
// answers the subscriber's receive (containerd's execCountSubscribers).
type counts struct {
	subs map[int]chan<- int
}

func newCounts() *counts { return &counts{subs: make(map[int]chan<- int)} }

func (c *counts) Watch(id int) {
	events := make(chan int, 4)
	c.subs[id] = events
	go func() {
		for {
			if n := <-events; n == 0 { // ok: Update sends on it through the comma-ok lookup
				return
			}
		}
	}()
}

func (c *counts) Update(id, n int) {
	if ch, ok := c.subs[id]; ok {
		ch <- n
	}
}

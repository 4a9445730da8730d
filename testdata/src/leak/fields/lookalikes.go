package fields

import (
	"context"
	"time"
)

// Look-alikes of the shapes in fields.go that must stay silent.

// A second receiver elsewhere drains the field.
type drained struct {
	results chan int
}

func (d *drained) Query(ctx context.Context) int {
	go func() {
		d.results <- compute() // ok: (*drained).drain also receives from d.results
	}()
	select {
	case v := <-d.results:
		return v
	case <-ctx.Done():
		return 0
	}
}

func (d *drained) drain() {
	for range d.results {
	}
}

// A buffer sized for the one sender.
type buffered struct {
	results chan int
}

func newBuffered() *buffered { return &buffered{results: make(chan int, 1)} }

func (b *buffered) Query(ctx context.Context) int {
	go func() {
		b.results <- compute() // ok: the buffer holds the one result
	}()
	select {
	case v := <-b.results:
		return v
	case <-ctx.Done():
		return 0
	}
}

// The close is deferred.
type deferredPool struct {
	work chan int
}

func (p *deferredPool) Run(jobs []int) {
	p.work = make(chan int)
	go func() {
		for w := range p.work { // ok: the deferred close ends the range on every path
			_ = w
		}
	}()
	defer close(p.work)
	for _, j := range jobs {
		if j < 0 {
			return
		}
		p.work <- j
	}
}

// An exported field: other packages may receive from it.
type Exported struct {
	Results chan int
}

func (e *Exported) Query(ctx context.Context) int {
	e.Results = make(chan int)
	go func() {
		e.Results <- compute() // ok: other packages can receive from an exported field
	}()
	select {
	case v := <-e.Results:
		return v
	case <-ctx.Done():
		return 0
	}
}

// The channel is drained in Close.
type closer struct {
	results chan int
}

func (c *closer) Query(ctx context.Context) int {
	c.results = make(chan int)
	go func() {
		c.results <- compute() // ok: Close drains c.results
	}()
	select {
	case v := <-c.results:
		return v
	case <-ctx.Done():
		return 0
	}
}

func (c *closer) Close() {
	<-c.results
}

// The field holds a channel the caller made: the caller may serve it.
type borrowed struct {
	out chan int
}

func newBorrowed(out chan int) *borrowed {
	b := &borrowed{out: out}
	go func() {
		b.out <- compute() // ok: the channel came from the caller, who may receive
	}()
	return b
}

// The field's channel is handed out.
type handedOut struct {
	done chan struct{}
}

func NewHandedOut() *handedOut {
	h := &handedOut{done: make(chan struct{})}
	go func() {
		<-h.done // ok: Done hands the channel to callers, who may close it
	}()
	return h
}

func (h *handedOut) Done() chan struct{} { return h.done }

// A receive-only view handed out lets nobody close the channel, but it does
// let others receive.
type viewed struct {
	ch chan int
}

func NewViewed() *viewed {
	v := &viewed{ch: make(chan int)}
	go func() {
		v.ch <- compute() // ok: C hands out a receive-only view: callers may receive
	}()
	return v
}

func (v *viewed) C() <-chan int { return v.ch }

// The quit channel is closed by Close.
type stoppable struct {
	quit chan struct{}
}

func NewStoppable() *stoppable {
	s := &stoppable{quit: make(chan struct{})}
	go s.loop() // ok: Close closes s.quit
	return s
}

func (s *stoppable) loop() {
	for {
		select {
		case <-s.quit:
			return
		case <-time.After(time.Second):
			compute()
		}
	}
}

func (s *stoppable) Close() { close(s.quit) }

// The queue is closed by Stop, through a closure.
type stoppedQueue struct {
	items chan int
}

func NewStoppedQueue() (*stoppedQueue, func()) {
	q := &stoppedQueue{items: make(chan int)}
	go func() {
		for it := range q.items { // ok: the stop function closes q.items
			_ = it
		}
	}()
	return q, func() { close(q.items) }
}

// The sender gives up when the quit channel is closed.
type polite struct {
	out  chan int
	quit chan struct{}
}

func NewPolite() *polite {
	p := &polite{out: make(chan int), quit: make(chan struct{})}
	go func() {
		select {
		case p.out <- compute(): // ok: the send also waits on p.quit
		case <-p.quit:
		}
	}()
	return p
}

func (p *polite) Close() { close(p.quit) }

// A consumer started once, from init.
type background struct {
	jobs chan int
}

var bg *background

func init() { startBackground() }

func submitBackground(j int) { bg.jobs <- j }

func startBackground() {
	bg = &background{jobs: make(chan int)}
	go func() {
		for j := range bg.jobs { // ok: started once, for the life of the program
			_ = j
		}
	}()
}

// A consumer documented to live for the program's lifetime.
type forever struct {
	jobs chan int
}

func NewForever() *forever {
	f := &forever{jobs: make(chan int)}
	// The consumer runs for the lifetime of the program.
	go func() {
		for j := range f.jobs { // ok: documented to live forever
			_ = j
		}
	}()
	return f
}

func (f *forever) Submit(j int) { f.jobs <- j }

// A range with a way out of its own: a sentinel value ends it.
type sentinel struct {
	jobs chan int
}

func NewSentinel() *sentinel {
	s := &sentinel{jobs: make(chan int)}
	go func() {
		for j := range s.jobs { // ok: a negative job ends the consumer
			if j < 0 {
				return
			}
		}
	}()
	return s
}

func (s *sentinel) Stop() { s.jobs <- -1 }

// A loop that also returns when its context is cancelled.
type ctxLoop struct {
	quit chan struct{}
}

func NewCtxLoop(ctx context.Context) *ctxLoop {
	l := &ctxLoop{quit: make(chan struct{})}
	go func() {
		for {
			select {
			case <-l.quit: // ok: ctx.Done() is another way out
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return l
}

// The field's address is taken: whoever holds it may close the channel.
type addressed struct {
	done chan struct{}
}

func closeChan(p *chan struct{}) { close(*p) }

func NewAddressed() *addressed {
	a := &addressed{done: make(chan struct{})}
	go func() {
		<-a.done // ok: closeChan closes it through its address
	}()
	closeChan(&a.done)
	return a
}

// The channel is sent to whoever asks for it.
type lender struct {
	done chan struct{}
	reqs chan chan struct{}
}

func NewLender() *lender {
	l := &lender{done: make(chan struct{}), reqs: make(chan chan struct{})}
	go func() {
		<-l.done // ok: the channel is sent on l.reqs to someone who may close it
	}()
	go func() {
		l.reqs <- l.done
	}()
	return l
}

func (l *lender) Borrow() chan struct{} { return <-l.reqs }

// A result the starting function receives on every path.
type always struct {
	res chan int
}

func (a *always) Get() int {
	a.res = make(chan int)
	go func() {
		a.res <- compute() // ok: Get always receives
	}()
	return <-a.res
}

// A goroutine that serves the other: it receives what the first sends.
type relay struct {
	in chan int
}

func (r *relay) Run(ctx context.Context) {
	r.in = make(chan int)
	go func() {
		r.in <- compute() // ok: the second goroutine receives from r.in
	}()
	go func() {
		<-r.in
	}()
	<-ctx.Done()
}

// The quit channel is closed by a deferred function literal.
type deferQuit struct {
	quit chan struct{}
}

func (d *deferQuit) Run(fail bool) {
	d.quit = make(chan struct{})
	go func() {
		<-d.quit // ok: the deferred function closes d.quit
	}()
	defer func() { close(d.quit) }()
	if fail {
		return
	}
}

// A reader streams messages and ends by sending its error: once run has
// taken the error, the reader is gone.
type streamer struct {
	msgs chan int
	errs chan error
}

func (s *streamer) read() {
	for {
		if err := check(); err != nil {
			s.errs <- err
			return
		}
		s.msgs <- compute() // ok: run stops receiving only after the reader's final error
	}
}

func (s *streamer) run() error {
	s.msgs, s.errs = make(chan int), make(chan error)
	go s.read()
	for {
		select {
		case m := <-s.msgs:
			_ = m
		case err := <-s.errs:
			return err
		}
	}
}

// The owner waits for the goroutine to end before it returns.
type applier struct {
	applied chan struct{}
	stopped chan struct{}
}

func (a *applier) Run(ctx context.Context) {
	a.applied, a.stopped = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(a.stopped)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Millisecond):
				a.applied <- struct{}{} // ok: Run waits on a.stopped, closed when the goroutine ends
			}
		}
	}()
	<-a.applied
	<-a.stopped
}

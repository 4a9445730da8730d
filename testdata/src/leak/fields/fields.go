// Package fields exercises the rules for channels kept in struct fields.
package fields

import (
	"context"
	"errors"
	"time"

	"leak/dep"
)

func compute() int { return 1 }
func check() error { return nil }

// --- the only receiver is the function that started the sender ---

type Server struct {
	results chan int
}

func NewServer() *Server { return &Server{results: make(chan int)} }

func (s *Server) Query(ctx context.Context) (int, error) {
	go func() {
		s.results <- compute() // [forgotten-sender] // want `send on s.results can block forever: \(\*Server\).Query returns at fields.go:\d+ without receiving from s.results when the select at fields.go:\d+ takes another case, and nothing else in this package receives from s.results; have the goroutine select on ctx.Done\(\) or a quit channel alongside the send`
	}()
	select {
	case v := <-s.results:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// A long-running producer whose only consumer is the loop that started it.
type Watcher struct {
	events chan string
}

func NewWatcher() *Watcher { return &Watcher{events: make(chan string)} }

func (w *Watcher) poll() {
	for {
		if err := check(); err != nil {
			return
		}
		w.events <- "tick" // [forgotten-sender] // want `send on w.events can block forever: \(\*Watcher\).Run returns at fields.go:\d+ without receiving from w.events when the select at fields.go:\d+ takes another case`
	}
}

func (w *Watcher) Run(ctx context.Context) error {
	go w.poll()
	for {
		select {
		case e := <-w.events:
			_ = e
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// The channel is made by the function that serves it: a buffer fixes it.
type fetcher struct {
	out chan int
}

func (f *fetcher) Fetch(d time.Duration) int {
	f.out = make(chan int)
	ch := f.out
	go func() {
		ch <- compute() // [forgotten-sender] // want `send on ch can block forever: \(\*fetcher\).Fetch returns at fields.go:\d+ without receiving from f.out .*; give f.out a buffer of 1 where \(\*fetcher\).Fetch makes it`
	}()
	if err := check(); err != nil {
		return 0
	}
	select {
	case v := <-f.out:
		return v
	case <-time.After(d):
		return 0
	}
}

// A goroutine handed the field's channel: its body is in another package.
type remote struct {
	res chan int
}

func (r *remote) Get(d time.Duration) int {
	r.res = make(chan int)
	go dep.Fetch(r.res) // [forgotten-sender] // want `the goroutine running dep.Fetch \(its send at dep.go:\d+\) can block forever: \(\*remote\).Get returns at fields.go:\d+ without receiving from r.res when the select at fields.go:\d+ takes another case, and nothing else in this package receives from r.res; give r.res a buffer of 1 where \(\*remote\).Get makes it`
	select {
	case v := <-r.res:
		return v
	case <-time.After(d):
		return 0
	}
}

// A goroutine whose send is in a helper it calls.
type emitter struct {
	out chan int
}

func (e *emitter) emit(v int) {
	e.out <- v // [forgotten-sender] // want `send on e.out can block forever: \(\*emitter\).Start returns at fields.go:\d+`
}

func (e *emitter) Start(fail bool) int {
	e.out = make(chan int)
	go func() { e.emit(compute()) }()
	if fail {
		return 0
	}
	return <-e.out
}

// --- the only sender is the function that started the receiver ---

type Gate struct {
	ready chan struct{}
}

func (g *Gate) Start() error {
	g.ready = make(chan struct{})
	go func() {
		<-g.ready // [forgotten-receiver] // want `receive from g.ready can block forever: \(\*Gate\).Start returns at fields.go:\d+ without sending on or closing g.ready, and nothing else in this package sends on or closes g.ready; close g.ready on every path out of \(\*Gate\).Start`
		compute()
	}()
	if err := check(); err != nil {
		return err
	}
	close(g.ready)
	return nil
}

// --- the only closer is the function that started the ranger ---

type Pool struct {
	work chan int
}

func (p *Pool) worker() {
	for w := range p.work { // [unclosed-range] // want `range over p.work never ends when \(\*Pool\).Run returns at fields.go:\d+ without closing p.work, and nothing else in this package closes it`
		_ = w
	}
}

func (p *Pool) Run(jobs []int) error {
	p.work = make(chan int)
	for range 4 {
		go p.worker()
	}
	for _, j := range jobs {
		if j < 0 {
			return errors.New("negative job")
		}
		p.work <- j
	}
	close(p.work)
	return nil
}

// --- fields nobody serves ---

type Queue struct {
	items chan int
}

// NewQueue starts a consumer, and nothing ever closes its channel.
func NewQueue() *Queue {
	q := &Queue{items: make(chan int, 16)}
	go func() {
		for it := range q.items { // [unclosed-range] // want `range over q.items never ends: nothing in this package closes q.items, and no other package can reach the unexported field items of Queue; each call of NewQueue starts one more \(go statement at fields.go:\d+\), so close q.items when its owner is stopped`
			_ = it
		}
	}()
	return q
}

func (q *Queue) Push(v int) { q.items <- v }

type Loader struct {
	loaded chan struct{}
	data   int
}

func NewLoader() *Loader {
	l := &Loader{loaded: make(chan struct{})}
	go func() {
		<-l.loaded // want `receive from l.loaded blocks forever: nothing in this package sends on it or closes it, and no other package can reach the unexported field loaded of leak/fields.Loader; send on it or close it where this wait should end`
		l.data++
	}()
	return l
}

type Ticker struct {
	quit chan struct{}
}

func NewTicker() *Ticker {
	t := &Ticker{quit: make(chan struct{})}
	go t.loop() // [no-exit-loop] // want `goroutine running \(\*Ticker\).loop never exits: its only way out is receiving from t.quit \(fields.go:\d+\), which nothing in this package closes or sends on, and no other package can reach the unexported field quit of Ticker; each call of NewTicker starts one more`
	return t
}

func (t *Ticker) loop() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-t.quit:
			return
		case <-tick.C:
			compute()
		}
	}
}

// Close forgets to close t.quit.
func (t *Ticker) Close() {}

type Reporter struct {
	out chan int
}

func NewReporter() *Reporter {
	r := &Reporter{out: make(chan int)}
	go func() {
		r.out <- compute() // want `send on r.out blocks forever: nothing in this package receives from it, and no other package can reach the unexported field out of leak/fields.Reporter; receive from it where its values are meant to go, or drop the send`
	}()
	return r
}

// A generic pool: the field is the same for every instantiation.
type GenericPool[T any] struct {
	jobs chan T
}

func NewGenericPool[T any]() *GenericPool[T] {
	p := &GenericPool[T]{jobs: make(chan T)}
	go func() {
		for j := range p.jobs { // [unclosed-range] // want `range over p.jobs never ends: nothing in this package closes p.jobs`
			_ = j
		}
	}()
	return p
}

func (p *GenericPool[T]) Submit(j T) { p.jobs <- j }

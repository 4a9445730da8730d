package basic

import (
	"net"
	"net/http"
	"os/exec"
	"sync"
	"time"
)

type Broker struct {
	mu     sync.Mutex
	events chan int
	spare  chan int
	subs   []*Sub
	wg     sync.WaitGroup
	cond   *sync.Cond
	ready  bool
	conn   net.Conn
	client *http.Client
}

type Sub struct{ ch chan int }

func (b *Broker) Send(v int) {
	b.mu.Lock()
	b.events <- v // [send-under-lock] // want `b.mu is held across send on b.events \(locked at basic.go:\d+\), and its receiver needs b.mu first \(receive in \(\*Broker\).Recv \(basic.go:\d+\)\), which deadlocks; release it before sending or use select with default`
	b.mu.Unlock()
}

func (b *Broker) Publish(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, sub := range b.subs {
		sub.ch <- v // [send-under-lock] // want `b.mu is held across send on sub.ch`
	}
}

func (b *Broker) Recv() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return <-b.events // [recv-under-lock] // want `b.mu is held across receive from b.events`
}

func (b *Broker) Drain() {
	b.mu.Lock()
	for v := range b.events { // [range-under-lock] // want `b.mu is held across range over b.events .*release it before the loop`
		_ = v
	}
	b.mu.Unlock()
}

func (b *Broker) Select(quit chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	select { // [select-under-lock] // want `b.mu is held across select on b.events, quit .*add a default case`
	case b.events <- 1:
	case <-quit:
	}
}

// Start runs a worker that locks b.mu before it is done.
func (b *Broker) Start() {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		b.mu.Lock()
		b.ready = true
		b.mu.Unlock()
	}()
}

func (b *Broker) WaitAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.wg.Wait() // [wait-under-lock] // want `b.mu is held across a call to b.wg.Wait \(locked at basic.go:\d+\), and a goroutine it waits for needs b.mu first \(Done in func literal in \(\*Broker\).Start`
}

// A pool whose workers never take the pool's lock: waiting for them under
// it delays other users of the lock, but cannot deadlock.
type pool struct {
	mu   sync.Mutex
	wg   sync.WaitGroup
	jobs chan int
	seen int
	idle sync.WaitGroup
}

func (p *pool) start(n int) {
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for range p.jobs {
			}
		}()
	}
}

func (p *pool) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.jobs)
	p.wg.Wait()   // ok: the workers never take p.mu
	p.idle.Wait() // ok: nothing is ever added to p.idle, so it returns at once
}

func (b *Broker) Nap() {
	b.mu.Lock()
	time.Sleep(time.Millisecond) // [sleep-under-lock] // want `b.mu is held across a call to time.Sleep .*release it before sleeping`
	b.mu.Unlock()
}

func (b *Broker) Timer() {
	b.mu.Lock()
	<-time.After(time.Second) // [sleep-under-lock] // want `b.mu is held across receive from time.After\(time.Second\)`
	b.mu.Unlock()
}

func (b *Broker) Write(p []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ready = true
	b.conn.Write(p) // [io-under-lock] // want `b.mu is held across a call to b.conn.Write`
}

func (b *Broker) Fetch(url string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.client.Get(url) // [io-under-lock] // want `b.mu is held across a call to b.client.Get`
}

func (b *Broker) Run() {
	b.mu.Lock()
	defer b.mu.Unlock()
	exec.Command("true").Run() // [io-under-lock] // want `b.mu is held across a call to exec.Command\("true"\).Run`
}

// Negative cases: the look-alikes that must stay silent.

func (b *Broker) TrySend(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	select { // ok: select with default never blocks
	case b.events <- v:
	default:
	}
}

func (b *Broker) SendAfterUnlock(v int) {
	b.mu.Lock()
	n := len(b.subs)
	b.mu.Unlock()
	if n > 0 {
		b.spare <- v // ok: the lock was released on every path
	}
}

func (b *Broker) SendAfterBranches(v int, c bool) {
	b.mu.Lock()
	if c {
		b.ready = true
		b.mu.Unlock()
	} else {
		b.mu.Unlock()
	}
	b.spare <- v // ok: released on both branches
}

func (b *Broker) WaitReady() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for !b.ready {
		b.cond.Wait() // ok: Cond.Wait releases its own Locker, b.mu
	}
}

func NewBroker() *Broker {
	b := &Broker{events: make(chan int)}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *Broker) LocalBuffer() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	done := make(chan int, 1)
	done <- 1 // ok: a local buffer with room for every send
	return len(done)
}

func (b *Broker) Spawn(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	go func() {
		b.spare <- v // ok: another goroutine; it does not hold b.mu
	}()
}

// A result channel: every waiter is made with a buffer of one, and gets
// exactly one send.
type waiter struct {
	mu     sync.Mutex
	done   bool
	result chan error
}

func newWaiter() *waiter { return &waiter{result: make(chan error, 1)} }

func (w *waiter) wait() error { return <-w.result }

func (w *waiter) deliver(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	w.done = true
	w.result <- err // ok: a buffer of one for the one result
}

type queue struct {
	mu    sync.Mutex
	items chan int
}

func newQueue() *queue { return &queue{items: make(chan int, 100)} }

func (q *queue) push(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items <- v // [send-under-lock] // want `q.mu is held across send on q.items`
}

type statuses struct {
	mu        sync.Mutex
	listeners []chan int
}

func (s *statuses) register(ch chan int) { s.listeners = append(s.listeners, ch) }

func (s *statuses) Watch(states []int) <-chan int {
	ch := make(chan int, 10)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range states {
		s.register(ch)
		ch <- st // ok: a fresh buffer that no one else sends on
	}
	return ch
}

type waiters struct {
	mu   sync.Mutex
	list []any
}

func (ws *waiters) notifyAll(err error) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	for _, e := range ws.list {
		w := e.(*waiter)
		w.result <- err // ok: each waiter's one-result buffer
	}
}

func (b *Broker) Flush(out chan int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.events) > 0 {
		v := <-b.events // ok: the buffer holds a value
		out <- v        // ok: the caller handed out in and arranged who receives from it
	}
	if len(b.events) != 0 {
		<-b.events // ok: checked first
	}
	<-b.events // [recv-under-lock] // want `b.mu is held across receive from b.events`
}

type watcher struct {
	mu      sync.Mutex
	updates chan int
}

func Watch(start func(func())) *watcher {
	w := &watcher{updates: make(chan int, 256)}
	start(func() {
		w.mu.Lock()
		w.mu.Unlock()
	})
	w.mu.Lock()
	w.updates <- 0 // ok: the first value into a fresh buffer
	w.mu.Unlock()
	return w
}

type future struct {
	mu    sync.Mutex
	err   error
	errCh chan error
}

// Err returns the channel, making it on first use, in a function with a
// defer (its result lives in memory).
func (f *future) Err() <-chan error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.errCh == nil {
		f.errCh = make(chan error, 1)
		if f.err != nil {
			f.errCh <- f.err // ok: the one result in a buffer of one
		}
	}
	return f.errCh
}

func (f *future) fail(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.err = err
	if f.errCh != nil {
		f.errCh <- err // ok: the one result in a buffer of one
	}
}

type refresh struct {
	mu      sync.Mutex
	ongoing bool
	chans   []chan error
}

func (r *refresh) wait() chan error {
	ch := make(chan error, 1)
	r.chans = append(r.chans, ch)
	return ch
}

func (r *refresh) finish(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, ch := range r.chans {
		ch <- err // ok: each waiter's channel holds its one result
	}
	r.chans = r.chans[:0]
}

type fanout struct {
	mu   sync.Mutex
	subs []chan int
}

func (f *fanout) add(ch chan int) { f.subs = append(f.subs, ch) }

func (f *fanout) publish(v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ch := range f.subs {
		ch <- v // [send-under-lock] // want `f.mu is held across send on ch`
	}
}

func (b *Broker) Named(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if name != "" {
		<-b.events // [recv-under-lock] // want `b.mu is held across receive from b.events`
	}
}

// A queue received from under a lock, whose senders are a worker that
// takes no lock as well as a method that sends under it: the worker can
// always answer the receive, so only the send, whose one receiver needs
// the lock, deadlocks.
type Pipe struct {
	mu   sync.Mutex
	jobs chan int
	n    int
}

func NewPipe() *Pipe {
	p := &Pipe{jobs: make(chan int)}
	go p.produce()
	return p
}

func (p *Pipe) produce() {
	for i := 0; ; i++ {
		p.jobs <- i
	}
}

func (p *Pipe) Push(v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.jobs <- v // [send-under-lock] // want `p.mu is held across send on p.jobs \(locked at basic.go:\d+\), and its receiver needs p.mu first \(receive in \(\*Pipe\).Take`
}

func (p *Pipe) Take() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	return <-p.jobs // ok: produce sends without p.mu, so some sender can always answer
}

// The drain of a timer that fired before Stop could stop it does not wait:
// the value is in the channel.
type backoff struct {
	mu    sync.Mutex
	timer *time.Timer
	n     int
}

func (th *backoff) reset(d time.Duration) {
	th.mu.Lock()
	defer th.mu.Unlock()
	if th.timer != nil && !th.timer.Stop() {
		<-th.timer.C // ok: Stop returned false, so the timer fired and its value waits in the channel
	}
	th.timer = time.NewTimer(d)
	th.n++
}

func (th *backoff) wait() {
	th.mu.Lock()
	defer th.mu.Unlock()
	th.n++
	<-th.timer.C // [sleep-under-lock] // want `th.mu is held across receive from th.timer.C`
}

// count makes th.mu guard more than the timer: waiting on the timer under
// it stalls count too.
func (th *backoff) count() int {
	th.mu.Lock()
	defer th.mu.Unlock()
	return th.n
}

// A table of pending calls, each with a one-result buffer, failed or
// finished by two functions that both take the call out of the table
// before delivering: each call gets one value, so neither send waits.
type Pending struct {
	mu    sync.Mutex
	calls map[int]*Call
}

type Call struct{ done chan error }

func (c *Call) Done() <-chan error { return c.done }

func (p *Pending) Start(id int) *Call {
	c := &Call{done: make(chan error, 1)}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls[id] = c
	return c
}

func (p *Pending) Finish(id int, c *Call, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.calls[id]; !ok {
		return
	}
	delete(p.calls, id)
	c.done <- err // ok: taken out of the table first, so this is its one value
}

func (p *Pending) Expire(id int, c *Call) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.calls[id]; !ok {
		return
	}
	delete(p.calls, id)
	c.done <- nil // ok: as in Finish
}

// A watcher that sends to its user under its lock. NewWatcher takes the lock
// of the watcher it makes, which no caller can point at another watcher,
// so nothing the user can call while it receives needs w.mu.
type Watcher struct {
	mu      sync.Mutex
	updates chan int
	n       int
}

func NewWatcher() *Watcher {
	w := &Watcher{updates: make(chan int, 8)}
	w.mu.Lock()
	w.n = 1
	w.mu.Unlock()
	go w.run()
	return w
}

func (w *Watcher) Updates() <-chan int { return w.updates }

func (w *Watcher) run() {
	for i := 0; ; i++ {
		w.mu.Lock()
		w.n++
		w.updates <- i // ok: no function the user can call takes this watcher's lock
		w.mu.Unlock()
	}
}

// The same watcher with a method that takes the lock: a user that calls
// Count instead of receiving deadlocks the sender.
type CountingWatcher struct {
	mu      sync.Mutex
	updates chan int
	n       int
}

func WatchCounting() *CountingWatcher {
	w := &CountingWatcher{updates: make(chan int, 8)}
	go w.run()
	return w
}

func (w *CountingWatcher) Updates() <-chan int { return w.updates }

func (w *CountingWatcher) Count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

func (w *CountingWatcher) run() {
	for i := 0; ; i++ {
		w.mu.Lock()
		w.n++
		w.updates <- i // [send-under-lock] // want `w.mu is held across send on w.updates \(locked at basic.go:\d+\), and its receiver is out of view .* and can take w.mu through \(\*CountingWatcher\).Count`
		w.mu.Unlock()
	}
}

// A one-result slot whose receiver takes the lock first. A test fills the
// buffer itself (basic_test.go); the package's own code sends one value,
// so the send never waits.
type slot struct {
	mu     sync.Mutex
	done   bool
	result chan int
}

func newSlot() *slot { return &slot{result: make(chan int, 1)} }

func (s *slot) deliver(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return
	}
	s.done = true
	s.result <- v // ok: the one value, in a buffer of one
}

func (s *slot) wait() int {
	s.mu.Lock()
	s.mu.Unlock()
	return <-s.result
}

// The drain behind a second condition is a drain too.
func (th *backoff) stop(received bool) {
	th.mu.Lock()
	defer th.mu.Unlock()
	if !th.timer.Stop() && !received {
		<-th.timer.C // ok: Stop returned false, so the timer fired and its value waits in the channel
	}
}

// A batch's messages, in a buffer made for the batch and handed to the
// user: a buffer of computed size is taken to be sized for its senders.
type Batch struct {
	mu   sync.Mutex
	msgs chan int
	n    int
}

func NewBatch(size int) *Batch { return &Batch{msgs: make(chan int, size)} }

func (b *Batch) Messages() <-chan int { return b.msgs }

func (b *Batch) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

func (b *Batch) deliver(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n++
	b.msgs <- v // ok: a buffer the size of the batch
}

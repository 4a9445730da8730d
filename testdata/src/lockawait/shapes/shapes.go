// Package shapes holds the shapes real code reaches locks and channels
// through: embedded mutexes, nested pointer fields, sync.Locker, method
// values, closures, helpers, generics and sync.Cond.
package shapes

import "sync"

type Cache struct {
	sync.Mutex
	data map[string]string
	out  chan string
}

func (c *Cache) Put(k, v string) {
	c.Lock()
	defer c.Unlock()
	c.data[k] = v
	c.out <- v // [send-under-lock] // want `c.Mutex is held across send on c.out`
}

type State struct {
	mu   sync.RWMutex
	subs map[string]chan int
}

type Server struct{ state *State }

func (s *Server) Broadcast(v int) {
	s.state.mu.RLock()
	defer s.state.mu.RUnlock()
	for _, ch := range s.state.subs {
		ch <- v // [send-under-lock] // want `s.state.mu is held across send on ch`
	}
}

type Guarded struct {
	l  sync.Locker
	ch chan int
}

func (g *Guarded) Do() {
	g.l.Lock()
	g.ch <- 1 // [send-under-lock] // want `g.l is held across send on g.ch`
	g.l.Unlock()
}

func NewGuarded(mu *sync.Mutex) *Guarded { return &Guarded{l: mu, ch: make(chan int)} }

type S struct {
	mu    sync.Mutex
	ch    chan int
	ready chan struct{}
}

func (s *S) MethodValue() {
	unlock := s.mu.Unlock
	s.mu.Lock()
	unlock()
	s.ch <- 1 // ok: released through the method value
}

func (s *S) DeferClosure() {
	s.mu.Lock()
	defer func() { s.mu.Unlock() }()
	s.ch <- 1 // [send-under-lock] // want `s.mu is held across send on s.ch`
}

func (s *S) ClosureRelease() {
	s.mu.Lock()
	func() { s.mu.Unlock() }()
	s.ch <- 1 // ok: the closure released it
}

func (s *S) lock()   { s.mu.Lock() }
func (s *S) unlock() { s.mu.Unlock() }

func (s *S) ViaHelpers() {
	s.lock()
	s.ch <- 1 // [send-under-lock] // want `s.mu is held across send on s.ch`
	s.unlock()
	s.ch <- 2 // ok: unlocked by the helper
}

func (s *S) notify() { s.ch <- 1 }
func (s *S) emit()   { s.notify() }

func (s *S) Update() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emit() // [call-under-lock] // want `s.mu is held across a call to s.emit, which may block: \(\*S\).notify → send on s.ch \(shapes.go:\d+\) \(locked at shapes.go:\d+\), and nothing in the package receives from it, so the wait never ends; release it before the call`
}

func (s *S) Closure() {
	s.mu.Lock()
	defer s.mu.Unlock()
	send := func() { s.ch <- 1 }
	send() // [call-under-lock] // want `s.mu is held across a call to send, which may block`
}

// waitLocked must be called with s.mu held; it releases s.mu while it
// waits.
func (s *S) waitLocked() {
	s.mu.Unlock()
	<-s.ready
	s.mu.Lock()
}

func (s *S) UseWaitLocked() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waitLocked() // ok: waitLocked releases s.mu while it waits
}

type Notifier interface{ Notify() }

func (s *S) Iface(n Notifier) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n.Notify() // ok: calls through interfaces are not followed
}

type Queue[T any] struct {
	mu    sync.Mutex
	items chan T
}

func (q *Queue[T]) Push(v T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items <- v // [send-under-lock] // want `q.mu is held across send on q.items`
}

func Fill[T any](q *Queue[T], v T, mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
	q.Push(v) // [call-under-lock] // want `mu is held across a call to q.Push, which may block`
}

type Q struct {
	mu, other sync.Mutex
	cond      *sync.Cond
	n         int
}

func NewQ() *Q {
	q := &Q{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Q) Take() {
	q.mu.Lock()
	for q.n == 0 {
		q.cond.Wait() // ok: waits with its own Locker held
	}
	q.n--
	q.mu.Unlock()
}

func (q *Q) TakeHolding() {
	q.other.Lock()
	defer q.other.Unlock()
	q.mu.Lock()
	for q.n == 0 {
		q.cond.Wait() // [wait-under-lock] // want `q.other is held across a call to q.cond.Wait`
	}
	q.mu.Unlock()
}

type batchQueue struct {
	cond  *sync.Cond
	queue []int
}

func (b *batchQueue) Get() int {
	b.cond.L.Lock()
	defer b.cond.L.Unlock()
	for len(b.queue) == 0 {
		b.cond.Wait() // ok: waits with the Cond's own L held
	}
	return b.queue[0]
}

type pool struct {
	mu    sync.Mutex
	slots chan int
}

func newPool(mu *sync.Mutex, n int) *pool {
	mu.Lock()
	defer mu.Unlock()
	p := &pool{slots: make(chan int, n)}
	for i := 0; i < n; i++ {
		p.slots <- i // ok: filling a fresh buffer sized for these sends
	}
	return p
}

// A future: Err and Val wait for the same done channel, which is closed
// once; after Err has returned, Val returns at once.
type Cmd struct {
	done chan struct{}
	val  string
	err  error
}

func (c *Cmd) await()      { <-c.done }
func (c *Cmd) Err() error  { c.await(); return c.err }
func (c *Cmd) Val() string { c.await(); return c.val }

type Script struct {
	mu   sync.Mutex
	hash string
}

func (s *Script) Load(cmd *Cmd) {
	if err := cmd.Err(); err == nil {
		s.mu.Lock()
		s.hash = cmd.Val() // ok: the wait already returned in cmd.Err
		s.mu.Unlock()
	}
}

func (s *Script) LoadUnwaited(cmd *Cmd) {
	s.mu.Lock()
	s.hash = cmd.Val() // [call-under-lock] // want `s.mu is held across a call to cmd.Val, which may block`
	s.mu.Unlock()
}

type file struct{ lock sync.Mutex }

func CloseAll(files map[int]*file) {
	for _, f := range files {
		f.lock.Lock() // ok: a different file's lock on each iteration
	}
}

// signal locks s.mu and hands it to a goroutine that unlocks it when the
// message arrives: the caller does not hold s.mu afterwards.
func (s *S) signal() chan struct{} {
	done := make(chan struct{})
	s.mu.Lock()
	go func() {
		<-s.ready
		s.mu.Unlock()
		close(done)
	}()
	return done
}

func (s *S) Receive() {
	sig := s.signal()
	s.mu.Lock() // ok: waits for the goroutine to let go, as designed
	s.mu.Unlock()
	<-sig // ok: s.mu is not held here
}

// A lock reached through a long chain of fields and a constant index, in a
// function whose parameter a goroutine captures (go/ssa keeps it in a stack
// slot): the Unlock still names the lock the Lock took.
type deepTable struct{ n int }

type deepLevel struct {
	sync.RWMutex
	tables []*deepTable
}

type deepLevels struct{ levels []*deepLevel }

type deepDB struct{ lc *deepLevels }

func (db *deepDB) reset(done chan bool) {
	db.lc.levels[0].Lock()
	db.lc.levels[0].tables = nil
	db.lc.levels[0].Unlock()
	go func() {
		_ = db.lc
		done <- true
	}()
	<-done // ok: db.lc.levels[0] was unlocked above
}

// A Cond made by sync.NewCond is the package's own: its signallers are
// in view. Waiting on it under another lock is reported only when a
// signaller needs that lock.
type stall struct {
	mu   sync.Mutex
	cmu  sync.Mutex
	cond *sync.Cond
	n    int
}

func newStall() *stall {
	s := &stall{}
	s.cond = sync.NewCond(&s.cmu)
	return s
}

func (s *stall) wait() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cmu.Lock()
	for s.n == 0 {
		s.cond.Wait() // ok: release, the only signaller, takes s.cmu alone
	}
	s.cmu.Unlock()
}

func (s *stall) release() {
	s.cmu.Lock()
	s.n++
	s.cmu.Unlock()
	s.cond.Broadcast()
}

type stallLocked struct {
	mu   sync.Mutex
	cmu  sync.Mutex
	cond *sync.Cond
	n    int
}

func newStallLocked() *stallLocked {
	s := &stallLocked{}
	s.cond = sync.NewCond(&s.cmu)
	return s
}

func (s *stallLocked) wait() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cmu.Lock()
	for s.n == 0 {
		s.cond.Wait() // want `s.mu is held across a call to s.cond.Wait .*needs s.mu first`
	}
	s.cmu.Unlock()
}

func (s *stallLocked) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cmu.Lock()
	s.n++
	s.cmu.Unlock()
	s.cond.Broadcast()
}

// A signalling helper called both under the lock a waiter holds (Close)
// and without it (compact): compact can always wake the waiter.
type drain struct {
	mu   sync.Mutex
	lmu  sync.Mutex
	cond *sync.Cond
	n    int
}

func newDrain() *drain {
	d := &drain{}
	d.cond = sync.NewCond(&d.lmu)
	go d.compact()
	return d
}

func (d *drain) signal() { d.cond.Broadcast() }

func (d *drain) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.signal()
}

func (d *drain) compact() {
	d.lmu.Lock()
	d.n--
	d.lmu.Unlock()
	d.signal()
}

func (d *drain) Flush() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.lmu.Lock()
	for d.n > 4 {
		d.cond.Wait() // ok: compact signals without d.mu
	}
	d.lmu.Unlock()
}

// A WaitGroup made with &sync.WaitGroup{} and captured by the goroutines
// it counts: the closure loads it from the captured variable.
type refresher struct {
	lock sync.Mutex
	m    map[string]int
}

func (r *refresher) Refresh() {
	r.lock.Lock()
	defer r.lock.Unlock()
	r.refreshLocked() // ok: the goroutines Done the group without r.lock
}

func (r *refresher) refreshLocked() {
	wg := &sync.WaitGroup{}
	results := &sync.Mutex{}
	out := map[string]int{}
	for _, k := range []string{"a", "b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results.Lock()
			defer results.Unlock()
			out[k] = 1
		}()
	}
	wg.Wait()
	r.m = out
}

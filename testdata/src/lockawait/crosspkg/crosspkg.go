package crosspkg

import (
	"sync"

	"lockawait/dep"
)

type Svc struct {
	mu  sync.Mutex
	hub *dep.Hub
}

func (s *Svc) Forward(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hub.Emit(msg) // [call-under-lock] // want `s.mu is held across a call to s.hub.Emit, which may block: send on h.out \(dep.go:\d+\) .*\(1 more call site in this package reaches it the same way\)`
}

func (s *Svc) ForwardRelay(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dep.Relay(s.hub, msg) // ok: the same wait under the same lock as Forward's, reported there
}

func (s *Svc) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return dep.Quick(s.hub) // ok: does not block
}

func (s *Svc) HubLocked(msg string) {
	s.hub.Lock()
	s.hub.Touch() // [double-lock] // want `call to s.hub.Touch locks s.hub.mu \(at dep.go:\d+\) while it is already held`
	s.hub.Unlock()
}

func (s *Svc) Decode(r dep.Reader) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dep.NewDecoder(nil) // ok: without a reader, NewDecoder never reaches its blocking Reset
	dep.NewDecoder(r)   // [call-under-lock] // want `s.mu is held across a call to dep.NewDecoder, which may block: \(\*Decoder\).Reset → receive from d.ready`
}

type Store struct {
	mu  sync.Mutex
	sem *dep.Semaphore
	n   int
}

func (st *Store) Write() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sem.Do(func() { st.n++ }) // ok: the semaphore's holders take no lock while they hold a token
}

// The semaphore and st.mu taken in two orders: Update holds st.mu and
// waits for a token; Flush holds a token and waits for st.mu.
type Cache struct {
	mu  sync.Mutex
	sem *dep.Semaphore
	n   int
}

func (c *Cache) Update() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sem.Acquire() // [call-under-lock] // want `c.mu is held across a call to c.sem.Acquire, which may block: send on s.tokens \(dep.go:\d+\) \(locked at crosspkg.go:\d+\), and its receiver needs c.mu first \(receive in \(\*Cache\).Flush`
	c.n++
	c.sem.Release()
}

func (c *Cache) Flush() {
	c.sem.Acquire()
	c.mu.Lock()
	c.n = 0
	c.mu.Unlock()
	c.sem.Release()
}

// The same semaphore used in one order only: no cycle.
type Log struct {
	mu  sync.Mutex
	sem *dep.Semaphore
	n   int
}

func (l *Log) Append() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sem.Acquire() // ok: every holder of a token takes l.mu before the token, never after
	l.n++
	l.sem.Release()
}

// A collector that holds its lock while another package's collector
// writes to the channel its own caller handed it: the caller (a metrics
// registry) arranges who receives.
type Metrics struct {
	mu     sync.Mutex
	gauges *dep.Gauges
}

func (m *Metrics) Collect(ch chan<- int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gauges.Collect(ch) // ok: ch is the caller's channel
}

func (m *Metrics) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gauges = nil
}

// Proc runs a child under its lock; the runner waits on Started only when
// it is given one.
type Proc struct {
	mu sync.Mutex
	r  *dep.Runner
}

func (p *Proc) Start() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	opts := &dep.ExecOpts{Detach: true}
	return p.r.Exec(opts) // ok: opts.Started is never set, and the runner sends only on a set one
}

func (p *Proc) StartWatched(started chan int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.r.Exec(&dep.ExecOpts{Started: started}) // [call-under-lock] // want `p.mu is held across a call to p.r.Exec, which may block: \(\*Runner\).output → send on started`
}

// Reporter holds its table lock while a client of another package
// delivers an event: that package cannot call back for the lock, but every
// Sent waits on its network round trip.
type Reporter struct {
	mu      sync.Mutex
	clients map[string]*dep.Client
	sent    int
}

func (r *Reporter) Report(dsn, ev string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	cl := r.clients[dsn]
	err := <-cl.Capture(ev) // [recv-under-lock] // want `r.mu is held across receive from cl.Capture\(ev\) \(locked at crosspkg.go:\d+\), and its sender is out of view \(it comes from dep.\(\*Client\).Capture\); release it before receiving`
	r.sent++
	return err
}

// FlushAll waits on the clients' own channel three calls down in their
// package: that package's business, as its I/O would be.
func (r *Reporter) FlushAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, cl := range r.clients {
		cl.Flush() // ok: a wait deep in another package on its own object
	}
}

// Images caches what it learns about images; the size of one is worked out
// by a function of another package, whose own semaphore throttles its own
// workers two calls down. Nothing here can answer that semaphore's waits,
// and its answerers cannot reach i.mu: the package's business, as its I/O
// would be, even when the way there starts with a call of our own.
type Images struct {
	mu    sync.Mutex
	sizes map[string]int
}

func (i *Images) Update(ref string, layers []string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.sizes[ref] = i.size(layers) // ok: the semaphore waited on is dep.Usage's own, two calls down
}

func (i *Images) size(layers []string) int { return dep.Usage(layers, func(string) {}) }

// Pull waits, through a call of its own, on a job of another package one
// call into it: near the call, so the wait is reported, as a wait whose
// answerer is out of view and cannot call back for the lock.
func (i *Images) Pull(ref string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.fetch(ref) // [call-under-lock] // want `i.mu is held across a call to i.fetch, which may block: dep.Await → receive from done .*, and its sender is out of view`
	i.sizes[ref] = 0
}

func (i *Images) fetch(ref string) { dep.Await(ref) }

func (i *Images) Size(ref string) int {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.sizes[ref]
}

func (r *Reporter) Sent() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sent
}

package basic

import (
	"net"
	"sync"
	"time"
)

// A throttle whose lock exists to pace its users: every section of it
// waits on the timer.
type throttle struct {
	mu    sync.Mutex
	timer *time.Timer
}

func (t *throttle) wait() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.timer != nil {
		<-t.timer.C // ok: every section of t.mu waits on the timer; the lock paces its users
	}
}

func (t *throttle) set(d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.timer != nil && !t.timer.Stop() {
		<-t.timer.C // ok: as above
	}
	t.timer = time.NewTimer(d)
}

// A cache whose lock guards a map, held while sleeping.
type cache struct {
	mu   sync.Mutex
	data map[string]int
}

func (c *cache) refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	time.Sleep(time.Millisecond) // [sleep-under-lock] // want `c.mu is held across a call to time.Sleep`
	c.data = map[string]int{}
}

func (c *cache) get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.data[k]
}

// wg.Go starts the goroutines Wait waits for.
func gather(mu *sync.Mutex, work []func()) {
	var wg sync.WaitGroup
	for _, f := range work {
		wg.Go(f)
	}
	mu.Lock()
	defer mu.Unlock()
	wg.Wait() // ok: the goroutines wg.Go starts never take mu
}

// A subscriber registers under the publisher's lock once, then receives in
// a loop that never takes it: the publisher may send while holding it.
type publisher struct {
	mu   sync.Mutex
	subs []*subscriber
}

type subscriber struct{ ch chan int }

func (p *publisher) subscribe() *subscriber {
	s := &subscriber{ch: make(chan int)}
	p.mu.Lock()
	p.subs = append(p.subs, s)
	p.mu.Unlock()
	go func() {
		for v := range s.ch {
			_ = v
		}
	}()
	return s
}

func (p *publisher) listen(s *subscriber, out func(int)) {
	p.mu.Lock()
	p.subs = append(p.subs, s)
	p.mu.Unlock()
	for v := range s.ch {
		out(v)
	}
}

func (p *publisher) publish(v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.subs {
		s.ch <- v // ok: the receivers took p.mu once, to register, before their loops
	}
}

// A feed hands its updates channel to its user; its lock is taken only by
// its own callback, never by anything the user can call.
type feed struct {
	mu      sync.Mutex
	updates chan int
	seen    int
}

func (f *feed) Updates() <-chan int { return f.updates }

func (f *feed) onMessage(v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen++
	f.updates <- v // ok: whoever reads Updates cannot take f.mu: no exported function does
}

// A hub sends on its subscribers' channels while holding its table lock:
// a subscriber that calls back into the hub before receiving deadlocks.
type Hub struct {
	mu   sync.Mutex
	subs []chan<- int
}

func (h *Hub) Subscribe(ch chan<- int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs = append(h.subs, ch)
}

func (h *Hub) Publish(v int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ch := range h.subs {
		ch <- v // [send-under-lock] // want `h.mu is held across send on ch \(locked at answers.go:\d+\), and its receiver is out of view \(it is a parameter of \(\*Hub\).Subscribe, which other packages call\) and can take h.mu through \(\*Hub\).(Subscribe|Publish), which deadlocks`
	}
}

// A registry dials under the lock that guards its table: every lookup
// waits on the network.
type registry struct {
	mu    sync.Mutex
	conns map[string]net.Conn
}

func (r *registry) dial(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }

func (r *registry) get(addr string) net.Conn {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.conns[addr]; ok {
		return c
	}
	c, _ := r.dial(addr) // [io-under-lock] // want `r.mu is held across a call to r.dial, which may block: net.Dial \(answers.go:\d+\)`
	r.conns[addr] = c
	return c
}

func (r *registry) connect(addr string)   { r.handshake(addr) }
func (r *registry) handshake(addr string) { r.negotiate(addr) }
func (r *registry) negotiate(addr string) { net.Dial("tcp", addr) }

func (r *registry) refresh(addr string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.connect(addr) // ok: the dial is three calls down, the callee's business
	r.conns = map[string]net.Conn{}
}

// Requests wait on a future registered in a map under the lock; the
// response handler fills it, once, under the same lock. The requester took
// the lock only to register, before anyone could reach the future.
type conn struct {
	mu       sync.Mutex
	nextID   int
	awaiting map[int]chan int
}

func (c *conn) request() int {
	rc := make(chan int, 1)
	c.mu.Lock()
	id := c.nextID
	c.nextID++
	c.awaiting[id] = rc
	c.mu.Unlock()
	return <-rc
}

func (c *conn) handleResponse(id, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rc := c.awaiting[id]; rc != nil {
		delete(c.awaiting, id)
		rc <- v // ok: each future gets its one result in a buffer of one
		close(rc)
	}
}

// A request whose future is unbuffered: the handler's send waits for the
// requester, who registered under the lock before it could be reached.
type conn2 struct {
	mu       sync.Mutex
	awaiting map[int]chan int
}

func (c *conn2) request(id int) int {
	rc := make(chan int)
	c.mu.Lock()
	c.awaiting[id] = rc
	c.mu.Unlock()
	return <-rc
}

func (c *conn2) handleResponse(id, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rc := c.awaiting[id]; rc != nil {
		delete(c.awaiting, id)
		rc <- v // ok: the requester took c.mu only to register, before the future could be reached
	}
}

// A collector fills the channel its caller hands it, under its own lock:
// the caller arranged who receives.
type collector struct {
	mu      sync.Mutex
	metrics []int
}

func (c *collector) Collect(ch chan<- int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range c.metrics {
		ch <- v // ok: the caller handed ch in and drains it
	}
}

func (c *collector) Add(v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.metrics = append(c.metrics, v)
}

// A wait with a timeout, through a helper: the timer can always end it.
type timedCond struct {
	mu sync.Mutex
	ch chan struct{}
}

func (t *timedCond) waitFor(d time.Duration) {
	select {
	case <-t.ch:
	case <-time.After(d):
	}
}

func (t *timedCond) broadcast() {
	t.mu.Lock()
	defer t.mu.Unlock()
	close(t.ch)
	t.ch = make(chan struct{})
}

func (t *timedCond) await(d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.waitFor(d) // ok: the timer ends the wait whoever else needs t.mu
}

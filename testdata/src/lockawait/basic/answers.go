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
	time.Sleep(time.Millisecond) // want `c.mu is held across a call to time.Sleep`
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
		ch <- v // want `h.mu is held across send on ch \(locked at answers.go:\d+\), and its receiver is out of view \(it is a parameter of \(\*Hub\).Subscribe, which other packages call\) and can take h.mu through \(\*Hub\).(Subscribe|Publish), which deadlocks`
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
	c, _ := r.dial(addr) // want `r.mu is held across a call to r.dial, which may block: net.Dial \(answers.go:\d+\)`
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

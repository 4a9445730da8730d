package basic

import (
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

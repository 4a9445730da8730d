package noexit

import (
	"context"
	"net"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"leak/dep"
)

type Cache struct {
	mu    sync.Mutex
	items map[string]int
	reqs  chan string
	ints  chan int
	quit  chan struct{}
}

func (c *Cache) purge() {
	c.mu.Lock()
	c.items = map[string]int{}
	c.mu.Unlock()
}

// NewCache starts a janitor that can never be stopped.
func NewCache() *Cache {
	c := &Cache{items: map[string]int{}}
	go c.janitor() // [no-exit-loop] // want `goroutine running \(\*Cache\).janitor never exits: its loop has no return, no break and no case that observes cancellation, and it waits in time.Sleep \(noexit.go:\d+\) forever; each call of NewCache starts one more`
	return c
}

func (c *Cache) janitor() {
	for {
		time.Sleep(time.Minute)
		c.purge()
	}
}

// Start is a method: every call starts one more server loop.
func (c *Cache) Start() {
	go func() { // [no-exit-loop] // want `goroutine running func literal in \(\*Cache\).Start never exits: .* waits in receive from c.reqs`
		for {
			r := <-c.reqs
			_ = r
		}
	}()
}

func (c *Cache) StartTicker() {
	t := time.NewTicker(time.Second)
	go func() { // [no-exit-loop] // want `never exits: .* waits in receive from t.C`
		for range t.C {
			c.purge()
		}
	}()
}

func (c *Cache) StartViaMethodValue() {
	loop := c.janitor
	go loop() // [no-exit-loop] // want `goroutine running \(\*Cache\).janitor never exits`
}

func (c *Cache) StartCrossPackage() {
	go dep.Loop(c.ints) // [no-exit-loop] // want `goroutine running dep.Loop never exits: .* waits in receive from reqs \(dep.go:\d+\)`
}

func (c *Cache) StartGroup(g *errgroup.Group) {
	g.Go(func() error { // [no-exit-loop] // want `goroutine running func literal in \(\*Cache\).StartGroup never exits`
		for {
			<-c.reqs
		}
	})
}

// Put feeds the request loops.
func (c *Cache) Put(r string) { c.reqs <- r }

// --- look-alikes that must stay silent ---

func (c *Cache) StartStoppable() {
	go func() {
		for { // ok: the quit case returns
			select {
			case <-c.quit:
				return
			case r := <-c.reqs:
				_ = r
			}
		}
	}()
}

func (c *Cache) StartCtx(ctx context.Context) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for { // ok: cancellation ends the loop
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				c.purge()
			}
		}
	}()
}

func (c *Cache) StartClosable() {
	go func() {
		for r := range c.reqs { // ok: closing c.reqs ends the loop
			_ = r
		}
	}()
}

func (c *Cache) StartOkCheck() {
	go func() {
		for {
			r, ok := <-c.reqs // ok: the loop exits when c.reqs is closed
			if !ok {
				return
			}
			_ = r
		}
	}()
}

func Serve(l net.Listener) {
	go func() {
		for { // ok: an accept loop is stopped by closing the listener
			conn, err := l.Accept()
			if err != nil {
				continue
			}
			conn.Close()
		}
	}()
}

var startOnce sync.Once

func StartGlobal(c *Cache) {
	startOnce.Do(func() {
		go c.janitor() // ok: started once per program through a package-level sync.Once
	})
}

func StartDocumented(c *Cache) {
	// The janitor runs for the lifetime of the process.
	go c.janitor() // ok: documented as living for the program's life
}

// StartSyncer starts the janitor. No stop function is needed: it is fine
// to let it exit with the process.
func StartSyncer(c *Cache) {
	go c.janitor() // ok: documented as exiting with the process
}

// StartWithProcess starts the janitor; its process is the one it stops
// (a phrase about the process that does not say the goroutine lives as
// long as it).
func StartWithProcess(c *Cache) {
	go c.janitor() // want `goroutine running \(\*Cache\).janitor never exits`
}

func init() {
	c := NewCache()
	go c.janitor() // ok: init runs once
}

func startBackground(c *Cache) {
	go c.janitor() // ok: only init calls startBackground, outside any loop
}

func init() {
	startBackground(&Cache{})
}

// A registry whose only value is a package variable starts its cleaner
// once, through a sync.Once field.
type registry struct {
	start sync.Once
	items map[string]int
}

var globalRegistry = registry{items: map[string]int{}}

func (r *registry) get(k string) int {
	r.start.Do(func() {
		go r.cleaner() // ok: the registry is a singleton, so its Once runs once per program
	})
	return r.items[k]
}

func (r *registry) cleaner() {
	for range time.NewTicker(time.Minute).C {
		r.items = nil
	}
}

func Get(k string) int { return globalRegistry.get(k) }

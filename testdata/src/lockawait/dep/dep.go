// Package dep is a dependency whose functions block, for cross-package
// tests.
package dep

import "sync"

type Hub struct {
	mu  sync.Mutex
	out chan string
}

// Emit blocks until someone receives.
func (h *Hub) Emit(s string) { h.out <- s }

// Relay blocks through another function.
func Relay(h *Hub, s string) { h.Emit(s) }

// Quick does not block.
func Quick(h *Hub) int { return len(h.out) }

// Lock locks h and returns with it held.
func (h *Hub) Lock() { h.mu.Lock() }

// Unlock unlocks h.
func (h *Hub) Unlock() { h.mu.Unlock() }

// Touch takes h's lock briefly.
func (h *Hub) Touch() {
	h.mu.Lock()
	defer h.mu.Unlock()
}

// Decoder reaches its blocking Reset only when it is given a reader.
type Decoder struct {
	ready chan struct{}
}

type Reader interface{ Read([]byte) (int, error) }

func NewDecoder(r Reader) *Decoder {
	d := &Decoder{}
	if r != nil {
		d.Reset(r)
	}
	return d
}

// Reset waits on a channel nothing in this package feeds.
func (d *Decoder) Reset(r Reader) {
	<-d.ready
}

// Semaphore is a counting semaphore over a buffered channel; its holders
// take no lock between acquiring and releasing.
type Semaphore struct{ tokens chan struct{} }

func NewSemaphore(n int) *Semaphore { return &Semaphore{tokens: make(chan struct{}, n)} }

func (s *Semaphore) Do(f func()) {
	s.tokens <- struct{}{}
	defer func() { <-s.tokens }()
	f()
}

func (s *Semaphore) Acquire() { s.tokens <- struct{}{} }
func (s *Semaphore) Release() { <-s.tokens }

// Gauges writes its values to the channel its caller hands it, through a
// helper, as a metrics collector does.
type Gauges struct{ vals []int }

func (g *Gauges) Collect(ch chan<- int) { g.each(ch) }

func (g *Gauges) each(ch chan<- int) {
	for _, v := range g.vals {
		ch <- v
	}
}

// ExecOpts configures Runner.Exec. Started, when set, receives the child's
// pid once it runs.
type ExecOpts struct {
	Started chan<- int
	Detach  bool
}

type Runner struct{}

// Exec sends on opts.Started only when the caller set it.
func (r *Runner) Exec(opts *ExecOpts) error {
	if opts == nil {
		opts = &ExecOpts{}
	}
	if opts.Started != nil {
		defer close(opts.Started)
	}
	return r.output(opts.Started)
}

func (r *Runner) output(started chan<- int) error {
	if started != nil {
		started <- 42
	}
	return nil
}

// Client sends events on its own goroutine and hands back a channel for
// each result.
type Client struct {
	done chan error
}

func (c *Client) Capture(ev string) <-chan error {
	errc := make(chan error, 1)
	go func() { errc <- send(ev) }()
	return errc
}

func send(string) error { return nil }

// Results hands out the channel the client's flushes wait on.
func (c *Client) Results() chan error { return c.done }

// Flush waits, three calls down, on the client's own channel.
func (c *Client) Flush() error { return c.flush() }

func (c *Client) flush() error { return c.wait() }

func (c *Client) wait() error { return <-c.done }

// Usage walks items with at most three workers at a time, throttled by a
// semaphore it makes for itself and hands to Dispatch.
func Usage(items []string, visit func(string)) int {
	limiter := make(chan struct{}, 3)
	Dispatch(items, limiter, visit)
	return len(items)
}

// Dispatch runs visit on each item in a goroutine, taking a token of
// limiter for each: callers of other packages may share the limiter.
func Dispatch(items []string, limiter chan struct{}, visit func(string)) {
	var wg sync.WaitGroup
	for _, it := range items {
		limiter <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-limiter }()
			visit(it)
		}()
	}
	wg.Wait()
}

// Await hands a job to the notifier and waits, in its own body, for its
// signal on a channel it made for that.
func Await(job string) {
	done := make(chan struct{})
	Jobs.Run(job, done)
	<-done
}

// Jobs runs the jobs Await hands out; what it does is out of view.
var Jobs interface {
	Run(job string, done chan struct{})
}

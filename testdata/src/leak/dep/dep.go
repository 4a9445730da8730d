// Package dep holds goroutine bodies used by other fixture packages, so
// that the leak pass must follow them through facts.
package dep

import "context"

// Fetch sends its one result on out.
func Fetch(out chan<- int) {
	out <- 42
}

// FetchCtx sends its result unless ctx is cancelled first.
func FetchCtx(ctx context.Context, out chan<- int) {
	select {
	case out <- 42:
	case <-ctx.Done():
	}
}

// Consume handles every job until jobs is closed.
func Consume(jobs <-chan int) {
	for j := range jobs {
		_ = j
	}
}

// Await waits for one value.
func Await(in <-chan int) {
	<-in
}

// Loop serves requests forever.
func Loop(reqs <-chan int) {
	for {
		<-reqs
	}
}

// Async returns a future its goroutine fills.
func Async() <-chan int {
	ch := make(chan int)
	go func() { ch <- 42 }()
	return ch
}

// StartWorkers returns a queue its goroutines consume until it is closed.
func StartWorkers(n int) chan<- int {
	jobs := make(chan int)
	for range n {
		go Consume(jobs)
	}
	return jobs
}

// Closer signals its users to stop.
type Closer struct{ c chan struct{} }

func NewCloser() *Closer { return &Closer{c: make(chan struct{})} }

func (c *Closer) HasBeenClosed() <-chan struct{} { return c.c }

func (c *Closer) Signal() { close(c.c) }

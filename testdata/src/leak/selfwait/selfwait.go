// Package selfwait holds waits whose every answerer runs only after the
// wait, and their correct twins.
package selfwait

import (
	"errors"
	"sync"
)

func compute() int { return 1 }

// A send before the only receiver is started.
func SendFirst() int {
	ch := make(chan int)
	ch <- compute() // want `send on ch blocks forever: its receiver is started only after it \(the goroutine at selfwait.go:\d+\), and nothing else receives from ch before; start the receiver first, or give ch a buffer`
	var v int
	go func() { v = <-ch }()
	return v
}

// The twin: the receiver is started first.
func StartFirst() int {
	ch := make(chan int)
	done := make(chan int)
	go func() { done <- <-ch }()
	ch <- compute() // ok: the receiver is already running
	return <-done
}

// The twin: a buffer takes the send.
func Buffered() int {
	ch := make(chan int, 1)
	ch <- compute() // ok: the buffer holds it until the receiver starts
	done := make(chan int)
	go func() { done <- <-ch }()
	return <-done
}

// wg.Wait inside the loop that starts the goroutines it waits for, which
// first send on a channel received only after the loop.
func WaitInLoop(items []int) []int {
	var wg sync.WaitGroup
	results := make(chan int)
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- it * 2
		}()
		wg.Wait() // want `wg.Wait waits for the goroutine started at selfwait.go:\d+, which first waits to send on a channel that WaitInLoop receives from only after the wait returns`
	}
	close(results)
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

// The twin: the wait runs in a goroutine of its own, outside the loop.
func WaitAside(items []int) []int {
	var wg sync.WaitGroup
	results := make(chan int)
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- it * 2 // ok: the function receives while a goroutine of its own waits
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

// A worker counted in s.wg calls Close, which waits for s.wg: it waits for
// its own Done.
type Server struct {
	wg   sync.WaitGroup
	quit chan struct{}
	once sync.Once
}

func NewServer() *Server {
	s := &Server{quit: make(chan struct{})}
	s.wg.Add(1)
	go s.worker()
	return s
}

func (s *Server) worker() {
	defer s.wg.Done()
	for {
		select {
		case <-s.quit:
			return
		default:
		}
		if err := step(); err != nil {
			s.Close() // want `the goroutine started at selfwait.go:\d+ waits for its own end: it calls s.wg.Done when it ends \(selfwait.go:\d+\), and before that it calls \(\*Server\).Close, which waits in s.wg.Wait \(selfwait.go:\d+\); nothing else can end that wait; call it in a goroutine of its own`
			return
		}
	}
}

func step() error { return errors.New("failed") }

func (s *Server) Close() {
	s.once.Do(func() { close(s.quit) })
	s.wg.Wait()
}

// The twin: the worker closes from a goroutine of its own.
type AsyncServer struct {
	wg   sync.WaitGroup
	quit chan struct{}
	once sync.Once
}

func NewAsyncServer() *AsyncServer {
	s := &AsyncServer{quit: make(chan struct{})}
	s.wg.Add(1)
	go s.worker()
	return s
}

func (s *AsyncServer) worker() {
	defer s.wg.Done()
	if err := step(); err != nil {
		go s.Close() // ok: Close runs in a goroutine of its own and waits for this one to end
		return
	}
}

func (s *AsyncServer) Close() {
	s.once.Do(func() { close(s.quit) })
	s.wg.Wait()
}

// A goroutine that waits for the channel it closes when it ends.
type runner struct {
	done chan struct{}
}

func newRunner() *runner {
	r := &runner{done: make(chan struct{})}
	go r.run()
	return r
}

func (r *runner) run() {
	defer close(r.done)
	if step() != nil {
		r.wait() // want `the goroutine started at selfwait.go:\d+ waits for its own end: it closes r.done when it ends \(selfwait.go:\d+\), and before that it calls \(\*runner\).wait, which waits in receive from r.done \(selfwait.go:\d+\)`
	}
}

func (r *runner) wait() { <-r.done }

// The twin: the goroutine waits on another value of the same type.
type item struct {
	wg  sync.WaitGroup
	val int
}

func startItem() *item {
	it := &item{}
	it.wg.Add(1)
	go it.prefetch()
	return it
}

func (it *item) prefetch() {
	defer it.wg.Done()
	if step() != nil {
		other := &item{}
		other.wait() // ok: another item's group, not the one this goroutine is counted in
	}
	it.val = compute()
}

func (it *item) wait() { it.wg.Wait() }

// Package basic exercises sleeps and channel waits on request paths.
package basic

import (
	"context"
	"net/http"
	"sync"
	"time"
)

type Server struct {
	mu    sync.Mutex
	jobs  chan string
	res   chan int
	ready chan struct{}
	quit  chan struct{}
	cache map[string]string
}

func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/sleep", s.handleSleep)
	mux.HandleFunc("/submit", s.handleSubmit)
}

func (s *Server) handleSleep(w http.ResponseWriter, r *http.Request) {
	time.Sleep(time.Second)   // want `time.Sleep in \(\*Server\).handleSleep \(http handler registered at basic.go:21\) blocks the request and ignores its cancellation; wait in a select on r.Context\(\).Done\(\) and a timer instead`
	<-time.After(time.Second) // want `waiting on a timer \(receive from time.After\(time.Second\)\) in \(\*Server\).handleSleep .* blocks the request`
	s.backoff(3)              // want `call to s.backoff in \(\*Server\).handleSleep \(http handler registered at basic.go:21\) reaches time.Sleep, which blocks the request and ignores its cancellation: \(\*Server\).backoff → time.Sleep \(basic.go:\d+\); in \(\*Server\).backoff, wait in a select on the request's ctx.Done\(\) and a timer instead`
}

// backoff is reached from a handler: its sleep is on the request path.
func (s *Server) backoff(n int) {
	time.Sleep(time.Duration(n) * time.Millisecond) // ok: reported at the handler's call of backoff
}

func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s.jobs <- r.URL.Path // want `send on s.jobs in \(\*Server\).handleSubmit .* does not observe the request's cancellation; it waits for the loop that receives from it at basic.go:\d+, which may block: time.Sleep \(basic.go:\d+\); send in a select that also receives from ctx.Done\(\)`
	<-s.ready            // want `receive from s.ready in .* does not observe the request's cancellation; add a case receiving from ctx.Done\(\)`
	select {             // want `select on s.jobs, s.res in .* does not observe`
	case s.jobs <- "x":
	case <-s.res:
	}
	select { // ok: observes the request's cancellation
	case s.jobs <- "y":
	case <-ctx.Done():
		return
	}
	select { // ok: a quit channel is a cancellation channel
	case s.jobs <- "z":
	case <-s.quit:
	}
	select { // ok: bounded by a timeout
	case s.jobs <- "t":
	case <-time.After(time.Second):
	}
	select { // ok: does not block
	case s.jobs <- "d":
	default:
	}
	s.mu.Lock() // ok: a lock taken for a map update is cheap by design
	s.cache[r.URL.Path] = "x"
	s.mu.Unlock()
	done := make(chan struct{}, 1)
	done <- struct{}{} // ok: a buffer the function cannot fill
	s.wait(ctx)
}

// wait has a context and uses it.
func (s *Server) wait(ctx context.Context) {
	select { // ok: observes ctx
	case <-s.ready:
	case <-ctx.Done():
	}
}

// Run is start-up code: it is not on a request path.
func (s *Server) Run() {
	time.Sleep(time.Second) // ok: not on a request path
	go s.loop()
	http.ListenAndServe(":8080", nil) // ok: not on a request path
}

// loop is a background loop started at start-up.
func (s *Server) loop() {
	for j := range s.jobs { // ok: not on a request path
		_ = j
		time.Sleep(time.Millisecond) // ok: not on a request path
	}
}

func main() {
	time.Sleep(time.Second) // ok: main is not on a request path
}

func init() {
	time.Sleep(time.Millisecond) // ok: init is not on a request path
}

// Stream is a handler that sends server events with a ticker and stops with
// the request.
func (s *Server) Stream(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select { // ok: observes the request's cancellation
		case <-t.C:
			w.Write([]byte("tick\n")) // ok: writing the response is the request's own I/O
		case <-r.Context().Done():
			return
		}
	}
}

// Tick is a handler whose ticker ignores the request.
func (s *Server) Tick(w http.ResponseWriter, r *http.Request) {
	for range time.Tick(time.Second) { // want `waiting on a timer \(receive from time.Tick\(time.Second\)\) in \(\*Server\).Tick \(http handler\) blocks the request`
		w.Write([]byte("tick\n"))
	}
}

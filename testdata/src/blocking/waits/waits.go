// Package waits exercises handlers that wait for goroutines they start.
package waits

import (
	"context"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

type Server struct {
	wg   sync.WaitGroup
	cond *sync.Cond
	urls []string
}

// fetch honours its context.
func fetch(ctx context.Context, url string) string {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return ""
	}
	resp.Body.Close()
	return resp.Status
}

// slowFetch does not.
func slowFetch(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return ""
	}
	resp.Body.Close()
	return resp.Status
}

// FanOut waits for goroutines that stop with the request: bounded.
func (s *Server) FanOut(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var wg sync.WaitGroup
	results := make([]string, len(s.urls))
	for i, u := range s.urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = fetch(ctx, u)
		}()
	}
	wg.Wait() // ok: the goroutines stop with the request's context
}

// FanOutSlow waits for goroutines that may block forever.
func (s *Server) FanOutSlow(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for _, u := range s.urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slowFetch(u)
		}()
	}
	wg.Wait() // want `wg.Wait in \(\*Server\).FanOutSlow .* does not observe the request's cancellation; it waits for the goroutine started at waits.go:\d+, which may block: slowFetch → http.Get \(waits.go:\d+\)`
}

// Group uses an errgroup whose goroutines honour the derived context.
func (s *Server) Group(w http.ResponseWriter, r *http.Request) {
	g, ctx := errgroup.WithContext(r.Context())
	for _, u := range s.urls {
		g.Go(func() error {
			fetch(ctx, u)
			return nil
		})
	}
	g.Wait() // ok: bounded by the goroutines, which observe ctx
}

// GroupSlow uses an errgroup whose goroutines ignore it.
func (s *Server) GroupSlow(w http.ResponseWriter, r *http.Request) {
	var g errgroup.Group
	for _, u := range s.urls {
		g.Go(func() error {
			slowFetch(u)
			return nil
		})
	}
	g.Wait() // want `g.Wait in .*GroupSlow.* it waits for the goroutine started at waits.go:\d+, which may block: slowFetch → http.Get`
}

// Start starts background workers.
func (s *Server) Start() {
	for _, u := range s.urls {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			slowFetch(u)
		}()
	}
}

// Shared waits for the background workers Start started.
func (s *Server) Shared(w http.ResponseWriter, r *http.Request) {
	s.wg.Wait() // want `s.wg.Wait in \(\*Server\).Shared .* does not observe the request's cancellation; make what it waits for stop when r.Context\(\) is done`
}

// Cond waits on a condition variable.
func (s *Server) Cond(w http.ResponseWriter, r *http.Request) {
	s.cond.L.Lock()
	s.cond.Wait() // want `s.cond.Wait in \(\*Server\).Cond .* does not observe the request's cancellation`
	s.cond.L.Unlock()
}

// Result waits for one goroutine through a channel it made.
func (s *Server) Result(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ch := make(chan string)
	go func() { ch <- fetch(ctx, s.urls[0]) }()
	<-ch // ok: the goroutine stops with the request's context
}

// ResultSlow waits for a goroutine that may block forever.
func (s *Server) ResultSlow(w http.ResponseWriter, r *http.Request) {
	ch := make(chan string)
	go func() { ch <- slowFetch(s.urls[0]) }()
	<-ch // want `receive from ch in \(\*Server\).ResultSlow .* does not observe the request's cancellation; it waits for the goroutine started at waits.go:\d+, which may block: slowFetch → http.Get`
}

// Compute waits for a goroutine that does not block.
func (s *Server) Compute(w http.ResponseWriter, r *http.Request) {
	ch := make(chan int)
	go func() {
		n := 0
		for _, u := range s.urls {
			n += len(u)
		}
		ch <- n
	}()
	<-ch // ok: the goroutine does not block
}

// Escapes hands its channel to someone else: the wait is unknown.
func (s *Server) Escapes(w http.ResponseWriter, r *http.Request) {
	ch := make(chan int)
	s.submit(ch)
	<-ch // want `receive from ch in \(\*Server\).Escapes .* does not observe the request's cancellation; add a case`
}

func (s *Server) submit(ch chan int) {}

// Linger answers, then lingers: the wait is over before the sleep.
func (s *Server) Linger(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go func() {
		n := len(s.urls)
		_ = n
		close(done)
		time.Sleep(time.Second)
	}()
	<-done // ok: the goroutine sleeps only after it has answered
}

type stream struct {
	wg     sync.WaitGroup
	closec chan struct{}
	cancel context.CancelFunc
	donec  chan struct{}
}

// Watch ends by stopping its stream's goroutines and waiting for them.
func (s *Server) Watch(w http.ResponseWriter, r *http.Request) {
	st := &stream{closec: make(chan struct{}), donec: make(chan struct{})}
	st.close()
	st.orphan()
}

func (st *stream) close() {
	close(st.closec)
	st.wg.Wait() // ok: the goroutines were told to stop just before
}

func (st *stream) orphan() {
	st.cancel()
	<-st.donec // ok: the goroutine was cancelled just before
}

// idle has a WaitGroup nothing is ever added to.
type idle struct{ wg sync.WaitGroup }

func (i *idle) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i.wg.Wait() // ok: nothing is ever added to i.wg, so the wait returns at once
}

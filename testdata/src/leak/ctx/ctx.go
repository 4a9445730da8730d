package ctx

import (
	"context"
	"time"
)

func handle(int) {}

type Server struct {
	reqs   chan int
	cancel context.CancelFunc
	stop   func()
	Cancel context.CancelFunc
}

func (s *Server) serve(ctx context.Context) {
	for {
		r := <-s.reqs // the goroutine below never looks at ctx
		handle(r)
		if r < 0 {
			return
		}
	}
}

func (s *Server) Submit(r int) { s.reqs <- r }

func (s *Server) Start(ctx context.Context) {
	go s.serve(ctx) // [ctx-not-observed] // want `goroutine running \(\*Server\).serve is handed ctx but never observes its cancellation: it waits in receive from s.reqs \(ctx.go:\d+\) even after ctx is cancelled; select on ctx.Done\(\)`
}

func (s *Server) Poll(ctx context.Context) {
	go func() { // [ctx-not-observed] // want `goroutine running func literal in \(\*Server\).Poll is handed ctx but never observes its cancellation: it waits in time.Sleep`
		ctx := context.WithValue(ctx, "k", 1)
		_ = ctx
		for i := 0; i < 10; i++ {
			time.Sleep(time.Second)
		}
	}()
}

// NewServer keeps a cancel function that nothing ever calls.
func NewServer(parent context.Context) *Server {
	s := &Server{}
	ctx, cancel := context.WithCancel(parent)
	s.cancel = cancel // [cancel-not-called] // want `s.cancel holds the cancel function of context.WithCancel, but nothing in this package calls it: the context and everything waiting on it live until its parent is cancelled; call s.cancel\(\) when the owner is closed or stopped`
	go s.watch(ctx)
	return s
}

func (s *Server) watch(ctx context.Context) {
	<-ctx.Done()
}

var stopAll context.CancelFunc

func StartAll(parent context.Context) context.Context {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	stopAll = cancel // [cancel-not-called] // want `stopAll holds the cancel function of context.WithTimeout, but nothing in this package calls it`
	return ctx
}

// --- look-alikes that must stay silent ---

func (s *Server) serveCtx(ctx context.Context) {
	for {
		select {
		case r := <-s.reqs:
			handle(r)
		case <-ctx.Done():
			return
		}
	}
}

func (s *Server) StartCtx(ctx context.Context) {
	go s.serveCtx(ctx) // ok: the loop selects on ctx.Done()
}

func (s *Server) StartBackground() {
	go s.serve(context.Background()) // ok: Background is never cancelled; nothing to observe
}

type Client struct {
	stop   context.CancelFunc
	Cancel context.CancelFunc
}

func NewClient(parent context.Context) (*Client, context.Context) {
	c := &Client{}
	ctx, cancel := context.WithCancel(parent)
	c.stop = cancel // ok: Close calls it
	return c, ctx
}

func (c *Client) Close() {
	if c.stop != nil {
		c.stop()
	}
}

func NewExported(parent context.Context) (*Client, context.Context) {
	c := &Client{}
	ctx, cancel := context.WithCancel(parent)
	c.Cancel = cancel // ok: an exported field, which other packages may call
	return c, ctx
}

type claim struct{ cancel context.CancelCauseFunc }

type session struct{ running map[string]*claim }

func (s *session) start(parent context.Context, name string) context.Context {
	ctx, cancel := context.WithCancelCause(parent)
	s.running[name] = &claim{cancel: cancel} // ok: revoke calls it through a map lookup
	return ctx
}

func (s *session) revoke(name string) {
	if c := s.running[name]; c != nil {
		c.cancel(nil)
	}
}

type orphan struct{ cancel context.CancelFunc }

func startOrphan(parent context.Context) (*orphan, context.Context) {
	ctx, cancel := context.WithCancel(parent)
	return &orphan{cancel: cancel}, ctx // [cancel-not-called] // want `field cancel of ctx.orphan holds the cancel function of context.WithCancel, but nothing in this package calls it`
}

// Package roots exercises the request-path roots of net/http and the
// functions reached from them.
package roots

import (
	"net/http"
)

type Server struct {
	mux *http.ServeMux
}

func (s *Server) Routes() { // ok: start-up code is not a root
	s.mux.HandleFunc("/a", s.handleA)
	s.mux.Handle("/b", http.HandlerFunc(s.handleB))
	http.HandleFunc("/c", func(w http.ResponseWriter, r *http.Request) { // want `root: http handler registered at roots.go:\d+`
		s.load()
	})
	s.mux.Handle("/d", &api{})
	s.mux.Handle("/e", logging(http.HandlerFunc(s.handleA)))
}

func (s *Server) handleA(w http.ResponseWriter, r *http.Request) { // want `root: http handler registered at roots.go:\d+`
	s.load()
	defer s.cleanup()
	s.withRetry(func() error { // want `reached: \(\*Server\).handleA → func literal in \(\*Server\).handleA`
		return s.fetch()
	})
	go s.background() // ok: a goroutine is not the request's path
}

func (s *Server) handleB(w http.ResponseWriter, r *http.Request) { // want `root: http handler converted at roots.go:\d+`
}

// handleC has the shape but nobody registers it here; it is a handler all
// the same.
func handleC(w http.ResponseWriter, r *http.Request) { // want `root: http handler$`
}

type api struct{}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want `root: http handler registered at roots.go:\d+`
}

func logging(next http.Handler) http.Handler { // ok: a middleware constructor runs at start-up
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // want `root: http handler converted at roots.go:\d+`
		next.ServeHTTP(w, r)
	})
}

func (s *Server) load() { // want `reached: func literal in \(\*Server\).Routes → \(\*Server\).load`
	s.deeper()
}

func (s *Server) deeper() { // want `reached: func literal in \(\*Server\).Routes → \(\*Server\).load → \(\*Server\).deeper`
}

func (s *Server) cleanup() { // want `reached: \(\*Server\).handleA → \(\*Server\).cleanup`
}

// withRetry calls f itself, so f is on the caller's request path.
func (s *Server) withRetry(f func() error) { // want `reached: \(\*Server\).handleA → \(\*Server\).withRetry`
	_ = f()
}

func (s *Server) fetch() error { // want `reached: .* → func literal in \(\*Server\).handleA → \(\*Server\).fetch`
	return nil
}

func (s *Server) background() { // ok: only started as a goroutine
}

func (s *Server) async(f func()) { // ok: never called from a request path
	go f()
}

func notReached() { // ok: not called from any handler
}

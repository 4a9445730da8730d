// Package rangefunc has waits inside the bodies of range-over-func loops on
// request paths. go/ssa builds such a body as a synthetic closure that the
// iterator calls, so it runs on the request path of the loop's function.
package rangefunc

import (
	"iter"
	"maps"
	"net/http"
	"slices"
	"time"
)

type Server struct {
	jobs  chan string
	names []string
	m     map[string]int
}

func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/all", s.handleAll)
	mux.HandleFunc("/keys", s.handleKeys)
	mux.HandleFunc("/seq", s.handleSeq)
	mux.HandleFunc("/fine", s.handleFine)
}

func (s *Server) handleAll(w http.ResponseWriter, r *http.Request) {
	for _, n := range slices.All(s.names) {
		time.Sleep(time.Millisecond) // want `time.Sleep in \(\*Server\).handleAll \(http handler registered at rangefunc.go:\d+\) blocks the request`
		_ = n
	}
}

func (s *Server) handleKeys(w http.ResponseWriter, r *http.Request) {
	for k := range maps.Keys(s.m) {
		s.jobs <- k // want `send on s.jobs in \(\*Server\).handleKeys .* does not observe the request's cancellation`
	}
}

func (s *Server) handleSeq(w http.ResponseWriter, r *http.Request) {
	for n := range s.each() {
		s.wait(n) // want `call to s.wait in \(\*Server\).handleSeq \(http handler registered at rangefunc.go:\d+\) reaches time.Sleep`
	}
}

func (s *Server) each() iter.Seq[string] {
	return slices.Values(s.names)
}

// wait is reached from a handler through a range-over-func body; its
// sleep is reported at the handler's call.
func (s *Server) wait(n string) {
	time.Sleep(time.Duration(len(n)))
}

// ok: the body does not wait.
func (s *Server) handleFine(w http.ResponseWriter, r *http.Request) {
	for n := range slices.Values(s.names) {
		w.Write([]byte(n))
	}
}

// Package rootcause exercises one report per root cause: a wait reached
// from several handlers is reported once, at the first handler's call that
// leads to it, with the chain and the other entries.
package rootcause

import (
	"net/http"
	"sync"
	"time"
)

type Server struct {
	mu    sync.Mutex
	audit chan string
	tick  chan struct{}
}

func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/a", s.handleA)
	mux.HandleFunc("/b", s.handleB)
	mux.HandleFunc("/c", s.handleC)
	mux.HandleFunc("/d", s.handleD)
}

func (s *Server) handleA(w http.ResponseWriter, r *http.Request) {
	s.record("a") // want `call to s.record in \(\*Server\).handleA \(http handler registered at rootcause.go:19\) reaches send on s.audit, which does not observe the request's cancellation: \(\*Server\).record → \(\*Server\).push → send on s.audit \(rootcause.go:\d+\); in \(\*Server\).push, send in a select that also receives from the request's ctx.Done\(\); also reached from \(\*Server\).handleB at rootcause.go:\d+, from \(\*Server\).handleC at rootcause.go:\d+`
}

func (s *Server) handleB(w http.ResponseWriter, r *http.Request) {
	s.push("b") // ok: the same send as handleA's, a related position of that report
}

func (s *Server) handleC(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		s.record("c") // ok: the same send, reported once
	}
	s.record("c2") // ok: the same send, and handleC is listed once
}

// handleD reaches the same send only through a call marked as fine.
func (s *Server) handleD(w http.ResponseWriter, r *http.Request) {
	//concurlint:ignore blocking the audit loop never stops before the server
	s.record("d") // ok: suppressed for this entry only
	s.settle()
}

func (s *Server) record(what string) {
	s.push(what)
}

func (s *Server) push(what string) {
	s.audit <- what
}

// settle waits on a channel whose wait a directive at the operation
// declares fine: no handler reaching it is reported.
func (s *Server) settle() {
	//concurlint:ignore blocking the ticker goroutine answers within a millisecond
	<-s.tick // ok: suppressed at the operation, for every way to it
}

// Direct is a handler that sleeps itself and through a helper: the sleep
// in the handler is reported at the sleep; the helper's at the call.
func (s *Server) Direct(w http.ResponseWriter, r *http.Request) {
	time.Sleep(time.Millisecond) // want `time.Sleep in \(\*Server\).Direct \(http handler\) blocks the request and ignores its cancellation; wait in a select on r.Context\(\).Done\(\) and a timer instead`
	s.nap()                      // want `call to s.nap in \(\*Server\).Direct \(http handler\) reaches time.Sleep, which blocks the request and ignores its cancellation: \(\*Server\).nap → time.Sleep \(rootcause.go:\d+\); in \(\*Server\).nap,`
}

func (s *Server) nap() {
	time.Sleep(time.Millisecond) // ok: reported at the handler's call of nap
}

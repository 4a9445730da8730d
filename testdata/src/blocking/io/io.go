// Package io exercises I/O on request paths: calls that drop the
// request's context, and HTTP calls with neither a context nor a timeout.
package io

import (
	"context"
	"database/sql"
	"net"
	"net/http"
	"time"
)

type Server struct {
	db     *sql.DB
	client *http.Client
	slow   *http.Client
}

func New(db *sql.DB) *Server {
	return &Server{
		db:     db,
		client: &http.Client{Timeout: 5 * time.Second},
		slow:   &http.Client{},
	}
}

func (s *Server) Dial(w http.ResponseWriter, r *http.Request) {
	conn, err := net.Dial("tcp", "backend:80") // want `net.Dial in \(\*Server\).Dial \(http handler\) does not take the request's context, so it runs on after the client has gone; use \(&net.Dialer\{\}\).DialContext with r.Context\(\)`
	if err == nil {
		conn.Close()
	}
	var d net.Dialer
	conn, err = d.DialContext(r.Context(), "tcp", "backend:80") // ok: takes the request's context
	if err == nil {
		conn.Close()
	}
}

func (s *Server) Get(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("http://backend/x") // want `http.Get in \(\*Server\).Get \(http handler\) does not take the request's context, .*use http.NewRequestWithContext and \(\*http.Client\).Do with r.Context\(\)`
	if err == nil {
		resp.Body.Close()
	}
	s.proxy(w, r) // ok: gets the request
	s.lookup()    // want `call to s.lookup in \(\*Server\).Get \(http handler\) does I/O without the request's context: \(\*Server\).loadRow → s.db.QueryRow \(io.go:\d+\); pass r.Context\(\) down to it`
	s.notify()    // want `call to s.notify in \(\*Server\).Get \(http handler\) reaches s.slow.Get, which uses s.slow, which has no timeout, and no context, so a slow server holds the request forever: \(\*Server\).notify → s.slow.Get \(io.go:\d+\); and \(\*Server\).notify → http.DefaultClient.Get \(io.go:\d+\); in \(\*Server\).notify, set a Timeout on the client`
	s.withTimeout()
}

// proxy forwards the incoming request, which carries its context.
func (s *Server) proxy(w http.ResponseWriter, r *http.Request) {
	resp, err := s.client.Do(r) // ok: the request carries its context
	if err == nil {
		resp.Body.Close()
	}
}

// lookup has no context; the query below it is reported at the handler.
func (s *Server) lookup() string {
	return s.loadRow()
}

func (s *Server) loadRow() string {
	var name string
	s.db.QueryRow("SELECT 1").Scan(&name) // ok: no context in hand here; reported at the handler's call
	return name
}

// notify has no context and calls out on a client without a timeout.
func (s *Server) notify() {
	resp, err := s.slow.Get("http://hook/x") // ok: reported at the handler's call of notify
	if err == nil {
		resp.Body.Close()
	}
	resp, err = http.DefaultClient.Get("http://hook/y") // ok: reported at the handler's call of notify, with the other
	if err == nil {
		resp.Body.Close()
	}
}

// withTimeout has no context but a client with a timeout: bounded.
func (s *Server) withTimeout() {
	resp, err := s.client.Get("http://hook/x") // ok: the client has a timeout
	if err == nil {
		resp.Body.Close()
	}
}

// Query uses the context-aware methods.
func (s *Server) Query(w http.ResponseWriter, r *http.Request) {
	rows, err := s.db.QueryContext(r.Context(), "SELECT 1") // ok: takes the request's context
	if err == nil {
		rows.Close()
	}
	tx, err := s.db.BeginTx(r.Context(), nil) // ok: takes the request's context
	if err == nil {
		tx.Commit() // ok: bounded by the transaction's context
	}
	req, _ := http.NewRequest(http.MethodGet, "http://backend/", nil) // ok: given the context below
	req = req.WithContext(r.Context())
	resp, err := s.slow.Do(req)
	if err == nil {
		resp.Body.Close()
	}
}

// Background is not a handler: nothing here is on a request path.
func (s *Server) Background(ctx context.Context) {
	s.db.Query("SELECT 1") // ok: not on a request path
	http.Get("http://x/")  // ok: not on a request path
}

// Shared fills a cache that every waiting request reads: the first
// request's client going away must not cancel the fill.
func (s *Server) Shared(w http.ResponseWriter, r *http.Request) {
	child := r.Clone(context.Background()) // ok: a request cloned with a fresh context detaches on purpose
	s.fill(child)
}

func (s *Server) fill(r *http.Request) {}

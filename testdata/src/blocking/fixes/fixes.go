// Package fixes exercises the suggested fixes.
package fixes

import (
	"context"
	"database/sql"
	"net/http"
	"os/exec"
	"time"
)

type Server struct {
	db    *sql.DB
	store *Store
}

type Store struct{}

func (s *Store) Get(ctx context.Context, key string) string { return key }

func (s *Server) Users(w http.ResponseWriter, r *http.Request) {
	rows, err := s.db.Query("SELECT name FROM users WHERE id = $1", 7) // [io-without-context] // want `s.db.Query in \(\*Server\).Users \(http handler\) does not take the request's context, so it runs on after the client has gone; use s.db.QueryContext with r.Context\(\)`
	if err == nil {
		rows.Close()
	}
	if _, err := s.db.Exec("DELETE FROM users"); err != nil { // [io-without-context] // want `s.db.Exec in .* use s.db.ExecContext with r.Context\(\)`
		return
	}
}

func (s *Server) Call(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	req, err := http.NewRequest(http.MethodGet, "http://backend/", nil) // [io-without-context] // want `http.NewRequest in \(\*Server\).Call \(http handler\) drops the request's context: the http.Request it makes runs on after the client has gone; use http.NewRequestWithContext\(ctx, ...\)`
	if err != nil {
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	out, _ := exec.Command("git", "log").Output() // [io-without-context] // want `exec.Command in .* drops the request's context: the exec.Cmd it makes .* use exec.CommandContext\(ctx, ...\)`
	w.Write(out)
	s.store.Get(ctx, "k")
}

func (s *Server) Fresh(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := s.store.Get(context.Background(), "k") // [fresh-context] // want `context.Background\(\) passed to s.store.Get in \(\*Server\).Fresh \(http handler\) drops the request's context, which is in scope as ctx: the call runs on after the client has gone; pass ctx`
	_ = v
	bg, cancel := context.WithCancel(context.TODO()) // [fresh-context] // want `context.TODO\(\) passed to s.store.Get in .* pass ctx`
	defer cancel()
	s.store.Get(bg, "k")
	tctx, tcancel := context.WithTimeout(context.Background(), time.Second) // ok: bounded by a timeout
	defer tcancel()
	s.store.Get(tctx, "k")
	go s.store.Get(context.Background(), "k") // ok: background work started on purpose
	s.store.Get(ctx, "k")                     // ok
}

// Detached has no request context in scope.
func Detached(s *Store) {
	s.Get(context.Background(), "k") // ok: not on a request path, no context in scope
}

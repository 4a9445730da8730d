// Package blocking defines an Analyzer that reports operations on a
// server's request paths that block without observing the request's
// cancellation.
//
// # Analyzer blocking
//
// blocking: report blocking calls on request paths that ignore cancellation
//
// A request's goroutine should stop when the request is cancelled. A
// handler that sleeps, waits on a channel, or does I/O without the
// request's context keeps working, and holding resources, after the client
// has gone, and such handlers pile up under load.
//
// blocking finds the request paths of a package without annotations (the
// reqpath analyzer): net/http handlers and ServeHTTP methods, middleware,
// handlers of chi, gorilla/mux, gin, echo, fiber and httprouter, gRPC
// service methods, and the functions named with -reqpath.roots; then every
// function of the package they call on the request's goroutine. Calls into
// other packages are judged by the model's facts and reported at the call,
// with the chain. Each root cause is reported once, where a request enters
// it, with the other handlers' calls as related positions.
//
// For example:
//
//	func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) {
//		rows, err := s.db.Query("SELECT name FROM users WHERE id = $1", id)
//		...
//	}
//
// The query runs on after the client has gone. Pass the request's
// context:
//
//	rows, err := s.db.QueryContext(r.Context(), "SELECT name FROM users WHERE id = $1", id)
//
// Each category of finding, with a wrong and a right example, the fix,
// the options and the known false negatives, is documented in
// docs/passes/blocking.md, which "concurlint help blocking [CATEGORY]"
// prints. Suppress a finding with //concurlint:ignore blocking reason.
package blocking

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
// reqpath analyzer): net/http handlers and ServeHTTP methods, handlers
// that return an error and middleware that takes the next handler
// (ServeHTTP(w, r) error, ServeHTTP(w, r, next) error), handlers of chi,
// gorilla/mux, gin, echo, fiber and httprouter, gRPC service methods, and
// the functions named with -reqpath.roots; then every function of the
// package they call on the request's goroutine. Handlers of test servers
// (httptest.NewServer), of test helpers and of test support packages are
// not request paths. Calls into other packages are judged by the model's
// facts and reported at the call.
//
// Each root cause is reported once: a blocking operation reached from
// several handlers is reported where a request enters it (the operation
// itself when a handler contains it, otherwise the handler's first call
// that leads to it), with the chain down to the operation in the message
// and the other handlers' calls as related positions ("also reached
// from ..."). Findings whose remedy is an edit at the operation (a fresh
// context, a context-less call with a context-aware variant) are reported
// there, with the fix. A //concurlint:ignore blocking directive at the
// operation suppresses it for every handler; one at a handler's call
// suppresses that entry only. It reports:
//
//   - sleep-in-request: time.Sleep, <-time.After(d) or a ticker on a
//     request path;
//   - send-in-request, recv-in-request, select-in-request: a channel
//     operation or select that does not also wait on ctx.Done() (or
//     another cancellation channel, or a timer);
//   - wait-in-request: sync.WaitGroup.Wait, errgroup.Group.Wait or
//     sync.Cond.Wait, waiting for goroutines that may themselves block
//     without observing a cancellation;
//   - io-without-context: I/O that has a context-aware variant, called
//     without a context where the request's context is in hand
//     (db.Query, net.Dial, http.Get, http.NewRequest followed by Do,
//     exec.Command followed by Run);
//   - fresh-context: context.Background() or context.TODO() passed down
//     where the request's context is in scope;
//   - http-no-timeout: an outbound HTTP call with no context on a client
//     without a timeout (http.Get, http.DefaultClient), where no context
//     is in hand;
//   - call-in-request: a call to a function, of another package or of
//     this one, that does any of the above; the message gives the chain.
//     A function of another package that takes no context and does I/O
//     without one is reported only when it has a context-aware variant
//     (Load and LoadContext, LoadCtx or LoadWithContext): an API without
//     contexts (a storage layer that takes none) is its author's design,
//     and -blocking.deep-io reports its calls too.
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
// Suggested fixes rewrite http.NewRequest into http.NewRequestWithContext,
// db.Query (and the other database/sql methods) into their Context
// variants, exec.Command into exec.CommandContext, and a fresh
// context.Background() into the context in scope.
//
// blocking stays silent on waits that observe ctx.Done(), a quit channel
// or a timer; on a wait that follows closing a quit channel or cancelling
// a context (the end of a shutdown); on a receive that gives back a
// semaphore token its goroutine sent first (s.sem <- struct{}{} ...
// <-s.sem, directly, in a deferred function literal or through
// acquire/release helpers); on a send to a channel that a goroutine of the
// package serves in a loop where nothing else may block (a hub's register
// channel: the loop answers at once); on a wait the model's answerer
// analysis says returns at once (a WaitGroup nothing is added to); on a
// request cloned with a fresh context (r.Clone(context.Background())
// detaches on purpose); on calls that pass the request's context (or the request,
// or its connection) to the callee; on the request's own I/O (writing the
// response, a hijacked or upgraded connection, a gRPC stream); on waits
// for goroutines the handler started that are themselves bounded; on a
// context.Background() bounded by context.WithTimeout; on file I/O and on
// locks (a mutex taken for a map update is cheap by design); and on code
// that no request path reaches: main, init, start-up, background loops and
// goroutines, and handlers declared in _test.go files.
//
// Calls through interfaces and function values are not followed, so a
// handler that blocks inside an interface method is not reported. A send
// to a serving loop of another package is judged by its shape alone (the
// loop's promptness does not travel in facts), and a semaphore released in
// another package is not recognised.
//
// Suppress a finding with //concurlint:ignore blocking reason, on the line
// or in the doc comment of the enclosing function.
package blocking

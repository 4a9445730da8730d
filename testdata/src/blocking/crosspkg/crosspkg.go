// Package crosspkg calls blocking helpers of another package from its
// handlers.
package crosspkg

import (
	"context"
	"database/sql"
	"net/http"

	"blocking/dep"
)

type API struct {
	db     *sql.DB
	q      *dep.Queue
	events *dep.Events
	bus    *dep.Bus
	mailer *dep.Mailer
}

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	dep.Nap()                      // [call-in-request] // want `call to dep.Nap in \(\*API\).ServeHTTP \(ServeHTTP method\) may block without observing the request's cancellation: time.Sleep \(dep.go:\d+\); pass it r.Context\(\), or use a variant that takes a context; also reached from \(\*API\).ServeHTTP at crosspkg.go:\d+, from \(\*API\).ServeHTTP at crosspkg.go:\d+`
	dep.Retry(3)                   // ok: the same sleep as dep.Nap's, reported there with this call as a related position
	a.q.Put("x")                   // [call-in-request] // want `call to a.q.Put .* may block .*: send on q.ch \(dep.go:\d+\)`
	_ = a.q.Count()                // ok: does not block
	dep.NapCtx(r.Context())        // ok: passes the request's context
	dep.Load(a.db)                 // [call-in-request] // want `call to dep.Load .*: db.Exec \(dep.go:\d+\); use dep.LoadCtx with r.Context\(\)`
	dep.Save(a.db)                 // ok: dep offers no variant with a context (reported with -blocking.deep-io)
	dep.LoadCtx(r.Context(), a.db) // ok: passes the request's context
	a.helper(r.Context())
}

// Machinery calls functions of another package that take no context and
// wait on that package's own objects.
func (a *API) Machinery(w http.ResponseWriter, r *http.Request) {
	_ = dep.NewNS()              // ok: a WaitGroup two calls down in dep, for dep's own goroutine (reported with -blocking.deep-waits)
	_ = dep.Remove("/x")         // ok: a pause two calls down in dep (reported with -blocking.deep-waits)
	_ = dep.Unmount("/x")        // ok: a pause between retries of an operation dep offers no context for (reported with -blocking.deep-waits)
	_ = a.events.Subscribe()     // ok: dep's loop serves the subscribe channel as soon as it comes round
	_ = a.bus.Join()             // ok: the loop NewBus starts serves the channel it stored in the field
	a.mailer.Send("hi")          // [call-in-request] // want `call to a.mailer.Send .* may block without observing the request's cancellation: send on m.queue`
	dep.Settle()                 // [call-in-request] // want `call to dep.Settle .* may block without observing the request's cancellation: settle → receive from settled`
	dep.Drain(make(chan string)) // [call-in-request] // want `call to dep.Drain .* may block .*: drain → drainAll → range over ch`
}

// helper has a context of its own.
func (a *API) helper(ctx context.Context) {
	dep.Nap()                        // ok: the same sleep as the handler's dep.Nap, reported there
	dep.NapCtx(context.Background()) // [fresh-context] // want `context.Background\(\) passed to dep.NapCtx on the request path .* pass ctx`
	dep.Flush(context.TODO(), a.q)   // [fresh-context] // want `context.TODO\(\) passed to dep.Flush`
	dep.Flush(ctx, a.q)              // ok: the callee has the request's context`
}

// Warm runs at start-up.
func (a *API) Warm() {
	dep.Retry(5) // ok: not on a request path
}

// Start launches a watcher that must outlive the request: the context it
// is given goes only to the goroutine.
func (a *API) Start(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	a.watch(context.Background(), done) // ok: watch hands the context only to the goroutine it starts
	watchCtx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a.watch(watchCtx, done)            // ok: a cancellable context derived from a fresh one, for the goroutine alone
	a.wait(context.Background(), done) // [fresh-context] // want `context.Background\(\) passed to a.wait`
}

func (a *API) watch(ctx context.Context, done chan struct{}) {
	go func() {
		defer close(done)
		dep.NapCtx(ctx)
	}()
}

func (a *API) wait(ctx context.Context, done chan struct{}) {
	select {
	case <-done:
	case <-ctx.Done():
	}
}

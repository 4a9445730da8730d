package frameworks

import (
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/gofiber/fiber/v2"
)

// chainHandler is the handler interface of a middleware framework whose
// handlers return an error.
type chainHandler interface {
	ServeHTTP(w http.ResponseWriter, r *http.Request) error
}

type throttle struct{ slots chan struct{} }

func (t throttle) ServeHTTP(w http.ResponseWriter, r *http.Request, next chainHandler) error {
	t.slots <- struct{}{} // want `send on t.slots in \(throttle\).ServeHTTP \(ServeHTTP method\) does not observe the request's cancellation; send in a select that also receives from r.Context\(\).Done\(\)`
	defer func() { <-t.slots }()
	return next.ServeHTTP(w, r)
}

func (h *H) fiberRoutes(app *fiber.App) {
	app.Get("/x", h.fiberX)
}

func (h *H) fiberX(c *fiber.Ctx) error {
	time.Sleep(time.Second) // want `time.Sleep in \(\*H\).fiberX \(fiber handler registered at middleware.go:\d+\) blocks the request .* c.UserContext\(\).Done\(\)`
	return nil
}

// stub serves a fixed answer for a local check: a test server's handler.
func stub() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Millisecond) // ok: served by a test server, not a request path
	}))
}

// limiter is a semaphore with acquire and release helpers.
type limiter struct{ sem chan struct{} }

func (l *limiter) acquire() { l.sem <- struct{}{} }
func (l *limiter) release() { <-l.sem }

type api struct {
	lim   *limiter
	slots chan struct{}
	reply chan struct{}
}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.lim.acquire()       // want `call to a.lim.acquire in \(\*api\).ServeHTTP \(ServeHTTP method\) reaches send on l.sem, which does not observe`
	defer a.lim.release() // ok: gives back the token acquire took
	a.slots <- struct{}{} // want `send on a.slots in \(\*api\).ServeHTTP`
	<-a.slots             // ok: gives back the token it sent
	<-a.reply             // want `receive from a.reply in \(\*api\).ServeHTTP \(ServeHTTP method\) does not observe`
}

// wrongOrder receives before it sends: the receive waits for someone
// else's token.
func (a *api) wrongOrder(w http.ResponseWriter, r *http.Request) {
	<-a.slots             // want `receive from a.slots in \(\*api\).wrongOrder \(http handler\) does not observe`
	a.slots <- struct{}{} // want `send on a.slots in \(\*api\).wrongOrder`
}

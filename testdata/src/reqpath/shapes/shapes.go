// Package shapes exercises the handler shapes of middleware frameworks:
// handlers that return an error, middleware that takes the next handler,
// fiber handlers, and look-alikes that are not handlers.
package shapes

import (
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/gofiber/fiber/v2"
)

// Handler is a framework's handler interface whose method returns an
// error.
type Handler interface {
	ServeHTTP(w http.ResponseWriter, r *http.Request) error
}

type static struct{}

func (static) ServeHTTP(w http.ResponseWriter, r *http.Request) error { // want `root: ServeHTTP method$`
	return nil
}

// gzip is middleware of a chain whose handlers return errors.
type gzip struct{}

func (gzip) ServeHTTP(w http.ResponseWriter, r *http.Request, next Handler) error { // want `root: ServeHTTP method$`
	return next.ServeHTTP(w, r)
}

// logger is negroni-style middleware: the next handler is a HandlerFunc.
type logger struct{}

func (logger) ServeHTTP(w http.ResponseWriter, r *http.Request, next http.HandlerFunc) { // want `root: ServeHTTP method$`
	next(w, r)
}

// apiError is an application handler that returns an error, adapted to
// net/http elsewhere.
func apiError(w http.ResponseWriter, r *http.Request) error { // want `root: http handler$`
	return nil
}

func fiberRoutes(app *fiber.App) {
	app.Get("/a", fiberA)
}

func fiberA(c *fiber.Ctx) error { // want `root: fiber handler registered at shapes.go:\d+`
	return nil
}

// Look-alikes: not handlers.

func render(w io.Writer, r *http.Request) error { // ok: writes to any writer, not a handler's shape
	return nil
}

func withCount(w http.ResponseWriter, r *http.Request, n int) { // ok: the third parameter is not a next handler
}

// page is registered; the handler it calls has a handler's shape but is a
// helper here: the request enters at page.
func page(w http.ResponseWriter, r *http.Request) { // want `root: http handler registered at shapes.go:\d+`
	body(w, r)
}

func body(w http.ResponseWriter, r *http.Request) { // want `reached: page → body`
}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/page", page)
}

// Serve starts a server for a local check: the literal it serves is a
// test server's handler, not a request path.
func Serve() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // ok: served by a test server
		w.WriteHeader(http.StatusTeapot)
	}))
}

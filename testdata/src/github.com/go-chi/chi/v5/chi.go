// Package chi is a test stub of github.com/go-chi/chi/v5 with the same
// routing API shapes; it routes nothing.
package chi

import "net/http"

type Middlewares []func(http.Handler) http.Handler

type Routes interface {
	Routes() []Route
}

type Route struct {
	Pattern string
}

// Router is chi's routing interface, which route groups are reached
// through.
type Router interface {
	http.Handler
	Use(middlewares ...func(http.Handler) http.Handler)
	With(middlewares ...func(http.Handler) http.Handler) Router
	Group(fn func(r Router)) Router
	Route(pattern string, fn func(r Router)) Router
	Mount(pattern string, h http.Handler)
	Handle(pattern string, h http.Handler)
	HandleFunc(pattern string, h http.HandlerFunc)
	Method(method, pattern string, h http.Handler)
	MethodFunc(method, pattern string, h http.HandlerFunc)
	Connect(pattern string, h http.HandlerFunc)
	Delete(pattern string, h http.HandlerFunc)
	Get(pattern string, h http.HandlerFunc)
	Head(pattern string, h http.HandlerFunc)
	Options(pattern string, h http.HandlerFunc)
	Patch(pattern string, h http.HandlerFunc)
	Post(pattern string, h http.HandlerFunc)
	Put(pattern string, h http.HandlerFunc)
	Trace(pattern string, h http.HandlerFunc)
	NotFound(h http.HandlerFunc)
	MethodNotAllowed(h http.HandlerFunc)
}

type Mux struct {
	handlers map[string]http.Handler
}

func NewRouter() *Mux { return &Mux{handlers: map[string]http.Handler{}} }

func NewMux() *Mux { return NewRouter() }

func URLParam(r *http.Request, key string) string { return "" }

func (mx *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h, ok := mx.handlers[r.URL.Path]; ok {
		h.ServeHTTP(w, r)
	}
}

func (mx *Mux) Use(middlewares ...func(http.Handler) http.Handler)         {}
func (mx *Mux) With(middlewares ...func(http.Handler) http.Handler) Router { return mx }
func (mx *Mux) Group(fn func(r Router)) Router                             { fn(mx); return mx }
func (mx *Mux) Route(pattern string, fn func(r Router)) Router             { fn(mx); return mx }
func (mx *Mux) Mount(pattern string, h http.Handler)                       { mx.handlers[pattern] = h }
func (mx *Mux) Handle(pattern string, h http.Handler)                      { mx.handlers[pattern] = h }
func (mx *Mux) HandleFunc(pattern string, h http.HandlerFunc)              { mx.handlers[pattern] = h }
func (mx *Mux) Method(method, pattern string, h http.Handler)              { mx.handlers[pattern] = h }
func (mx *Mux) MethodFunc(method, pattern string, h http.HandlerFunc)      { mx.handlers[pattern] = h }
func (mx *Mux) Connect(pattern string, h http.HandlerFunc)                 { mx.handlers[pattern] = h }
func (mx *Mux) Delete(pattern string, h http.HandlerFunc)                  { mx.handlers[pattern] = h }
func (mx *Mux) Get(pattern string, h http.HandlerFunc)                     { mx.handlers[pattern] = h }
func (mx *Mux) Head(pattern string, h http.HandlerFunc)                    { mx.handlers[pattern] = h }
func (mx *Mux) Options(pattern string, h http.HandlerFunc)                 { mx.handlers[pattern] = h }
func (mx *Mux) Patch(pattern string, h http.HandlerFunc)                   { mx.handlers[pattern] = h }
func (mx *Mux) Post(pattern string, h http.HandlerFunc)                    { mx.handlers[pattern] = h }
func (mx *Mux) Put(pattern string, h http.HandlerFunc)                     { mx.handlers[pattern] = h }
func (mx *Mux) Trace(pattern string, h http.HandlerFunc)                   { mx.handlers[pattern] = h }
func (mx *Mux) NotFound(h http.HandlerFunc)                                {}
func (mx *Mux) MethodNotAllowed(h http.HandlerFunc)                        {}

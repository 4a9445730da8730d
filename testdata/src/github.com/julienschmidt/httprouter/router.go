// Package httprouter is a test stub of github.com/julienschmidt/httprouter
// with the same API shapes; it routes nothing.
package httprouter

import "net/http"

type Param struct{ Key, Value string }

type Params []Param

func (ps Params) ByName(name string) string { return "" }

type Handle func(http.ResponseWriter, *http.Request, Params)

type Router struct {
	handles []Handle
}

func New() *Router { return &Router{} }

func (r *Router) Handle(method, path string, handle Handle)                 { r.handles = append(r.handles, handle) }
func (r *Router) GET(path string, handle Handle)                            { r.Handle(http.MethodGet, path, handle) }
func (r *Router) POST(path string, handle Handle)                           { r.Handle(http.MethodPost, path, handle) }
func (r *Router) Handler(method, path string, handler http.Handler)         {}
func (r *Router) HandlerFunc(method, path string, handler http.HandlerFunc) {}

func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {}

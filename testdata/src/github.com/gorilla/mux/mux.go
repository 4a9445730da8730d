// Package mux is a test stub of github.com/gorilla/mux with the same
// routing API shapes; it routes nothing.
package mux

import "net/http"

type MiddlewareFunc func(http.Handler) http.Handler

type Router struct {
	NotFoundHandler http.Handler
	routes          []*Route
}

type Route struct {
	handler http.Handler
}

func NewRouter() *Router { return &Router{} }

func Vars(r *http.Request) map[string]string { return nil }

func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	for _, rt := range r.routes {
		rt.handler.ServeHTTP(w, req)
	}
}

func (r *Router) HandleFunc(path string, f func(http.ResponseWriter, *http.Request)) *Route {
	return r.NewRoute().HandlerFunc(f)
}

func (r *Router) Handle(path string, handler http.Handler) *Route {
	return r.NewRoute().Handler(handler)
}

func (r *Router) NewRoute() *Route {
	rt := &Route{}
	r.routes = append(r.routes, rt)
	return rt
}

func (r *Router) PathPrefix(tpl string) *Route { return r.NewRoute() }

func (r *Router) Path(tpl string) *Route { return r.NewRoute() }

func (r *Router) Use(mwf ...MiddlewareFunc) {}

func (r *Route) HandlerFunc(f func(http.ResponseWriter, *http.Request)) *Route {
	return r.Handler(http.HandlerFunc(f))
}

func (r *Route) Handler(handler http.Handler) *Route {
	r.handler = handler
	return r
}

func (r *Route) Methods(methods ...string) *Route { return r }

func (r *Route) Path(tpl string) *Route { return r }

func (r *Route) Subrouter() *Router { return &Router{} }

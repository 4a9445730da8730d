// Package echo is a test stub of github.com/labstack/echo/v4 with the same
// API shapes for routing and handler contexts; it routes nothing.
package echo

import "net/http"

type HandlerFunc func(c Context) error

type MiddlewareFunc func(next HandlerFunc) HandlerFunc

// Context is the request context of a handler.
type Context interface {
	Request() *http.Request
	Response() http.ResponseWriter
	Param(name string) string
	QueryParam(name string) string
	JSON(code int, i any) error
	String(code int, s string) error
	NoContent(code int) error
}

type Route struct {
	Method string
	Path   string
}

type Echo struct {
	routes []HandlerFunc
}

type Group struct {
	echo *Echo
}

func New() *Echo { return &Echo{} }

func (e *Echo) Start(address string) error { return http.ListenAndServe(address, nil) }

func (e *Echo) Use(middleware ...MiddlewareFunc) {}

func (e *Echo) Add(method, path string, handler HandlerFunc, middleware ...MiddlewareFunc) *Route {
	e.routes = append(e.routes, handler)
	return &Route{Method: method, Path: path}
}

func (e *Echo) Any(path string, h HandlerFunc, m ...MiddlewareFunc) []*Route {
	return []*Route{e.Add("*", path, h, m...)}
}

func (e *Echo) GET(path string, h HandlerFunc, m ...MiddlewareFunc) *Route {
	return e.Add(http.MethodGet, path, h, m...)
}
func (e *Echo) POST(path string, h HandlerFunc, m ...MiddlewareFunc) *Route {
	return e.Add(http.MethodPost, path, h, m...)
}
func (e *Echo) PUT(path string, h HandlerFunc, m ...MiddlewareFunc) *Route {
	return e.Add(http.MethodPut, path, h, m...)
}
func (e *Echo) DELETE(path string, h HandlerFunc, m ...MiddlewareFunc) *Route {
	return e.Add(http.MethodDelete, path, h, m...)
}
func (e *Echo) PATCH(path string, h HandlerFunc, m ...MiddlewareFunc) *Route {
	return e.Add(http.MethodPatch, path, h, m...)
}

func (e *Echo) Group(prefix string, m ...MiddlewareFunc) *Group { return &Group{echo: e} }

func (g *Group) GET(path string, h HandlerFunc, m ...MiddlewareFunc) *Route {
	return g.echo.Add(http.MethodGet, path, h, m...)
}
func (g *Group) POST(path string, h HandlerFunc, m ...MiddlewareFunc) *Route {
	return g.echo.Add(http.MethodPost, path, h, m...)
}

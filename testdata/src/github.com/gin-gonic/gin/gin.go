// Package gin is a test stub of github.com/gin-gonic/gin with the same
// API shapes for routing and handler contexts; it routes nothing.
package gin

import (
	"net/http"
	"time"
)

type HandlerFunc func(*Context)

type HandlersChain []HandlerFunc

type H map[string]any

// Context is the request context of a handler. Like gin's, it implements
// context.Context.
type Context struct {
	Request *http.Request
	Writer  http.ResponseWriter
	Keys    map[string]any
}

func (c *Context) JSON(code int, obj any)      {}
func (c *Context) String(code int, s string)   {}
func (c *Context) Param(key string) string     { return "" }
func (c *Context) Query(key string) string     { return "" }
func (c *Context) AbortWithStatus(code int)    {}
func (c *Context) Next()                       {}
func (c *Context) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c *Context) Done() <-chan struct{}       { return nil }
func (c *Context) Err() error                  { return nil }
func (c *Context) Value(key any) any           { return nil }

type IRoutes interface {
	Use(...HandlerFunc) IRoutes
	Handle(string, string, ...HandlerFunc) IRoutes
	Any(string, ...HandlerFunc) IRoutes
	GET(string, ...HandlerFunc) IRoutes
	POST(string, ...HandlerFunc) IRoutes
	DELETE(string, ...HandlerFunc) IRoutes
	PATCH(string, ...HandlerFunc) IRoutes
	PUT(string, ...HandlerFunc) IRoutes
	OPTIONS(string, ...HandlerFunc) IRoutes
	HEAD(string, ...HandlerFunc) IRoutes
}

type IRouter interface {
	IRoutes
	Group(string, ...HandlerFunc) *RouterGroup
}

type RouterGroup struct {
	Handlers HandlersChain
}

type Engine struct {
	RouterGroup
}

func New() *Engine     { return &Engine{} }
func Default() *Engine { return New() }

func (engine *Engine) Run(addr ...string) error { return http.ListenAndServe(addr[0], nil) }

func (group *RouterGroup) add(handlers []HandlerFunc) IRoutes {
	group.Handlers = append(group.Handlers, handlers...)
	return group
}

func (group *RouterGroup) Use(middleware ...HandlerFunc) IRoutes { return group.add(middleware) }
func (group *RouterGroup) Group(relativePath string, handlers ...HandlerFunc) *RouterGroup {
	group.add(handlers)
	return &RouterGroup{}
}
func (group *RouterGroup) Handle(httpMethod, relativePath string, handlers ...HandlerFunc) IRoutes {
	return group.add(handlers)
}
func (group *RouterGroup) Any(relativePath string, handlers ...HandlerFunc) IRoutes {
	return group.add(handlers)
}
func (group *RouterGroup) GET(relativePath string, handlers ...HandlerFunc) IRoutes {
	return group.add(handlers)
}
func (group *RouterGroup) POST(relativePath string, handlers ...HandlerFunc) IRoutes {
	return group.add(handlers)
}
func (group *RouterGroup) DELETE(relativePath string, handlers ...HandlerFunc) IRoutes {
	return group.add(handlers)
}
func (group *RouterGroup) PATCH(relativePath string, handlers ...HandlerFunc) IRoutes {
	return group.add(handlers)
}
func (group *RouterGroup) PUT(relativePath string, handlers ...HandlerFunc) IRoutes {
	return group.add(handlers)
}
func (group *RouterGroup) OPTIONS(relativePath string, handlers ...HandlerFunc) IRoutes {
	return group.add(handlers)
}
func (group *RouterGroup) HEAD(relativePath string, handlers ...HandlerFunc) IRoutes {
	return group.add(handlers)
}

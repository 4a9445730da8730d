// Package fiber is a test stub of github.com/gofiber/fiber/v2 with the same
// API shapes for routing and handler contexts; it routes nothing.
package fiber

import "context"

// Handler is a request handler.
type Handler = func(*Ctx) error

// Ctx is the request context of a handler.
type Ctx struct{ ctx context.Context }

// UserContext returns the context of the request.
func (c *Ctx) UserContext() context.Context { return c.ctx }

func (c *Ctx) Params(key string) string { return "" }

func (c *Ctx) SendString(body string) error { return nil }

// Router is what App and Group register routes with.
type Router interface {
	Get(path string, handlers ...Handler) Router
	Post(path string, handlers ...Handler) Router
	Group(prefix string, handlers ...Handler) Router
}

type App struct{}

func New() *App { return &App{} }

func (app *App) Get(path string, handlers ...Handler) Router  { return app }
func (app *App) Post(path string, handlers ...Handler) Router { return app }
func (app *App) Group(prefix string, handlers ...Handler) Router {
	return app
}
func (app *App) Listen(addr string) error { return nil }

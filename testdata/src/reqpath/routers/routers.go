// Package routers registers handlers with chi, gorilla/mux, gin, echo and
// httprouter.
package routers

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/julienschmidt/httprouter"
	"github.com/labstack/echo/v4"
)

type H struct{}

func (h *H) Chi() {
	r := chi.NewRouter()
	r.Get("/a", h.chiGet)
	r.Route("/v1", func(r chi.Router) {
		r.Post("/b", h.chiPost)
	})
}

func (h *H) chiGet(w http.ResponseWriter, r *http.Request) { // want `root: chi handler registered at routers.go:\d+`
}

func (h *H) chiPost(w http.ResponseWriter, r *http.Request) { // want `root: chi handler registered at routers.go:\d+`
}

func (h *H) Mux() {
	r := mux.NewRouter()
	r.HandleFunc("/a", h.muxA).Methods("GET")
	r.Path("/b").HandlerFunc(h.muxB)
}

func (h *H) muxA(w http.ResponseWriter, r *http.Request) { // want `root: gorilla/mux handler registered at routers.go:\d+`
}

func (h *H) muxB(w http.ResponseWriter, r *http.Request) { // want `root: gorilla/mux handler registered at routers.go:\d+`
}

func (h *H) Gin() {
	e := gin.Default()
	e.GET("/a", auth, h.ginA)
	g := e.Group("/v1")
	g.POST("/b", func(c *gin.Context) { // want `root: gin handler registered at routers.go:\d+`
		h.helper()
	})
}

func auth(c *gin.Context) { // want `root: gin handler registered at routers.go:\d+`
}

func (h *H) ginA(c *gin.Context) { // want `root: gin handler registered at routers.go:\d+`
}

func (h *H) helper() { // want `reached: func literal in \(\*H\).Gin → \(\*H\).helper`
}

func (h *H) Echo() {
	e := echo.New()
	e.GET("/a", h.echoA)
	e.Group("/v1").POST("/b", h.echoB)
}

func (h *H) echoA(c echo.Context) error { // want `root: echo handler registered at routers.go:\d+`
	return nil
}

func (h *H) echoB(c echo.Context) error { // want `root: echo handler registered at routers.go:\d+`
	return nil
}

func (h *H) Httprouter() {
	r := httprouter.New()
	r.GET("/a", h.hrA)
}

func (h *H) hrA(w http.ResponseWriter, r *http.Request, ps httprouter.Params) { // want `root: httprouter handler registered at routers.go:\d+`
}

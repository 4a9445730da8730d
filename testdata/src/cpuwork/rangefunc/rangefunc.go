// Package rangefunc has constant work in the bodies of range-over-func
// loops, which go/ssa builds as synthetic closures.
package rangefunc

import (
	"iter"
	"net/http"
	"regexp"
	"slices"
)

func Count(lines iter.Seq[string]) int {
	n := 0
	for l := range lines {
		if regexp.MustCompile(`^\d+$`).MatchString(l) { // want `regexp.MustCompile compiles a constant pattern on every iteration of the loop at rangefunc.go:\d+`
			n++
		}
	}
	return n
}

func Handle(w http.ResponseWriter, r *http.Request) {
	for _, p := range slices.All(r.URL.Query()["p"]) {
		_ = p
	}
	re := regexp.MustCompile(`^/api/(\w+)$`) // want `regexp.MustCompile compiles a constant pattern on every request to Handle \(http handler registered at rangefunc.go:\d+\)`
	_ = re
}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/", Handle)
	mux.HandleFunc("/each", HandleEach)
}

func HandleEach(w http.ResponseWriter, r *http.Request) {
	for p := range slices.Values(r.URL.Query()["p"]) {
		if regexp.MustCompile(`^\w+$`).MatchString(p) { // want `regexp.MustCompile compiles a constant pattern on every iteration of the loop at rangefunc.go:\d+`
			w.Write([]byte(p))
		}
	}
}

// ok: compiled once, outside the loop.
func CountOnce(lines iter.Seq[string]) int {
	re := regexp.MustCompile(`^\d+$`)
	n := 0
	for l := range lines {
		if re.MatchString(l) {
			n++
		}
	}
	return n
}

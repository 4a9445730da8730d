// Package deadcode has waits on request paths in code a false constant
// turns off: the compiler drops it, so it cannot block anything.
package deadcode

import (
	"net/http"
	"time"
)

const debug = false

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/a", handleA)
	mux.HandleFunc("/b", handleB)
}

func handleA(w http.ResponseWriter, r *http.Request) {
	if debug {
		time.Sleep(time.Second) // ok: dead code
	}
	if debug && r.URL.Path != "" {
		time.Sleep(time.Second) // ok: dead code, debug && x is false
	}
	if !debug {
		return
	}
	time.Sleep(time.Second) // ok: dead code after the return
}

func handleB(w http.ResponseWriter, r *http.Request) {
	if !debug {
		time.Sleep(time.Second) // want `time.Sleep in handleB .* blocks the request`
	} else {
		time.Sleep(2 * time.Second) // ok: dead code
	}
}

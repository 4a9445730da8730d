// Package ignore exercises suppression directives.
package ignore

import (
	"net/http"
	"time"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	//concurlint:ignore blocking the pause is part of the protocol
	time.Sleep(time.Millisecond)
	time.Sleep(time.Millisecond) // [sleep-in-request] // want `time.Sleep in Handler`
}

// Throttled is slow on purpose.
//
//concurlint:ignore blocking rate limiting by design
func Throttled(w http.ResponseWriter, r *http.Request) {
	time.Sleep(time.Second)
}

func Other(w http.ResponseWriter, r *http.Request) {
	//concurlint:ignore blocking nothing here blocks // want `concurlint:ignore blocking directive suppresses nothing; remove it`
	w.Write(nil)
}

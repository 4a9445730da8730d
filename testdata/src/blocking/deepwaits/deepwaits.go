// Package deepwaits runs with -blocking.deep-waits: sleeps and waits deep
// inside another package's functions that take no context are reported
// too.
package deepwaits

import (
	"net/http"

	"blocking/dep"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	_ = dep.NewNS() // [call-in-request] // want `call to dep.NewNS in Handle \(http handler\) may block without observing the request's cancellation: newNS → join → wg.Wait`
}

// Package deepio runs with -blocking.deep-io: calls of another package's
// functions that take no context and do I/O are reported too.
package deepio

import (
	"database/sql"
	"net/http"

	"blocking/dep"
)

type API struct{ db *sql.DB }

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	dep.Save(a.db) // want `call to dep.Save in \(\*API\).ServeHTTP \(ServeHTTP method\) may block without observing the request's cancellation: db.Exec \(dep.go:\d+\); pass it r.Context\(\), or use a variant that takes a context`
}

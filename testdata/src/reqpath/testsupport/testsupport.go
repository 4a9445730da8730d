// Package testsupport is test support code (it imports testing in a
// non-test file): its handlers serve tests, not requests.
package testsupport

import (
	"net/http"
	"testing"
)

// Backend returns a handler that fails the test on unexpected requests.
func Backend(t testing.TB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // ok: a test helper's handler
		t.Helper()
	})
}

// Echo has a handler's shape; in test support code it is not a request
// path.
func Echo(w http.ResponseWriter, r *http.Request) { // ok: test support
}

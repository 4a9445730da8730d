package roots

import (
	"net/http"
	"testing"
)

// A handler in a test file belongs to a test server: not a root.
func testHandler(w http.ResponseWriter, r *http.Request) { // ok: test file
	notReached()
}

func TestX(t *testing.T) {}

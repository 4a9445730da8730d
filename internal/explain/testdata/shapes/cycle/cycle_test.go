package cycle

import (
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestHang deadlocks the hub and waits for go test's -timeout to dump the
// goroutines. It runs only when SHAPES_HANG is set: explain's tests set it.
func TestHang(t *testing.T) {
	if os.Getenv("SHAPES_HANG") == "" {
		t.Skip("set SHAPES_HANG to hang")
	}
	h := NewHub()
	h.Publish("a")
	go h.Publish("b")
	time.Sleep(time.Hour)
}

// TestLeakCheck deadlocks the hub and lets goleak fail the test. It runs
// only when SHAPES_HANG is set.
func TestLeakCheck(t *testing.T) {
	if os.Getenv("SHAPES_HANG") == "" {
		t.Skip("set SHAPES_HANG to leak")
	}
	defer goleak.VerifyNone(t)
	h := NewHub()
	h.Publish("a")
	go h.Publish("b")
}

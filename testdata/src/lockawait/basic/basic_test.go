package basic

import (
	"sync"
	"testing"
	"time"
)

func TestSlowUnderLock(t *testing.T) {
	var mu sync.Mutex
	n := 0
	mu.Lock()
	time.Sleep(time.Millisecond) // ok: a test holding its own lock while it sleeps delays nobody
	n++
	mu.Unlock()
	go func() {
		mu.Lock()
		n++
		mu.Unlock()
	}()
}

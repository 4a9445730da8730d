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

func TestSlotPrefilled(t *testing.T) {
	s := &slot{result: make(chan int, 1)}
	s.result <- 1
	if s.wait() != 1 {
		t.Fail()
	}
}

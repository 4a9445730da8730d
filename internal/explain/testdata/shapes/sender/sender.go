// Package sender leaks the goroutine of a call that timed out: the
// goroutine sends its result on an unbuffered channel nobody reads any more.
package sender

import (
	"errors"
	"time"
)

var errTimeout = errors.New("timeout")

// Fetch returns compute's result, or errTimeout after d.
func Fetch(d time.Duration) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute()
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, errTimeout
	}
}

// backend answers compute once it is up.
var backend = make(chan struct{})

// Up brings the backend up.
func Up() { close(backend) }

func compute() int {
	<-backend
	return 42
}

package chans

import (
	"errors"
	"sync"
)

// A queue filled and closed, through a helper, before its workers start
// (minio's erasure scanner closes its bucket queue with
// xioutil.SafeClose before starting one scanner per disk).

func useInt(int) {}

func safeClose[T any](c chan<- T) {
	if c != nil {
		close(c)
	}
}

func ScanAll(items []int) {
	queue := make(chan int, len(items))
	for _, it := range items {
		queue <- it
	}
	safeClose(queue)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range queue { // ok: safeClose closed queue before any worker started
				useInt(v)
			}
		}()
	}
	wg.Wait()
}

// The positive: the helper closes the queue after the workers start, and
// an early return skips it.
func ScanLate(items []int) error {
	queue := make(chan int, len(items))
	for range 4 {
		go func() {
			for v := range queue { // want `range over queue never ends when ScanLate returns at prefilled.go:\d+ without closing queue`
				useInt(v)
			}
		}()
	}
	for _, it := range items {
		if it < 0 {
			return errors.New("negative")
		}
		queue <- it
	}
	safeClose(queue)
	return nil
}

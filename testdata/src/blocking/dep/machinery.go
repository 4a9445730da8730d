package dep

import (
	"sync"
	"time"
)

// NewNS makes a namespace on a thread of its own and waits, two calls
// down, for that thread to finish: the package's own machinery.
func NewNS() int { return newNS() }

func newNS() int {
	var wg sync.WaitGroup
	var fd int
	wg.Add(1)
	go func() {
		defer wg.Done()
		fd = 3
	}()
	return join(&wg, fd)
}

func join(wg *sync.WaitGroup, fd int) int {
	wg.Wait()
	return fd
}

// Remove retries, two calls down, with short pauses between attempts.
func Remove(path string) error { return removeAll(path) }

func removeAll(path string) error { return pause(path) }

func pause(path string) error {
	time.Sleep(100 * time.Millisecond)
	return nil
}

// Settle waits one call down on the package's own channel: near the call,
// where the caller still sees it.
func Settle() { settle() }

var settled = make(chan struct{})

func settle() { <-settled }

// MarkSettled ends every Settle.
func MarkSettled() { close(settled) }

// Drain waits, two calls down, on the channel its caller hands it.
func Drain(ch chan string) { drain(ch) }

func drain(ch chan string) { drainAll(ch) }

func drainAll(ch chan string) {
	for range ch {
	}
}

// Unmount retries while the target is busy, pausing between attempts one
// call down: the retry is the operation.
func Unmount(target string) error { return unmount(target) }

func unmount(target string) error {
	for range 50 {
		if err := detach(target); err != errBusy {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errBusy
}

type busyError struct{}

func (busyError) Error() string { return "busy" }

var errBusy error = busyError{}

func detach(string) error { return nil }

// Package futures holds functions that return channels their goroutines
// serve, and look-alikes that do not.
package futures

import "errors"

func compute() int { return 1 }

func Async() <-chan int { // want Async:`^gochan\(result0: send, cap 0, senders 1\)$`
	ch := make(chan int)
	go func() { ch <- compute() }()
	return ch
}

func AsyncBuffered() (<-chan int, error) { // want AsyncBuffered:`^gochan\(result0: send, cap 1, senders 1\)$`
	ch := make(chan int, 1)
	go func() { ch <- compute() }()
	return ch, nil
}

func Stream(n int) <-chan int { // want Stream:`^gochan\(result0: send,close, cap 0, senders many\)$`
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	return ch
}

func produce(out chan<- int) { // want produce:`chan\(param0: send\)`
	out <- compute()
}

func ViaArg() chan int { // want ViaArg:`^gochan\(result0: send, cap 0, senders 1\)$`
	ch := make(chan int)
	go produce(ch)
	return ch
}

func Workers(n int) chan<- int { // want Workers:`^gochan\(result0: range, cap 0, senders 0\)$`
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			for range ch {
			}
		}()
	}
	return ch
}

func NilOnError(fail bool) (<-chan int, error) { // want NilOnError:`^gochan\(result0: send, cap 0, senders 1\)$`
	if fail {
		return nil, errors.New("failed")
	}
	ch := make(chan int)
	go func() { ch <- compute() }()
	return ch, nil
}

var keep chan int

// Kept also stores the channel: others may serve it.
func Kept() chan int {
	ch := make(chan int)
	keep = ch
	go func() { ch <- compute() }()
	return ch
}

// Plain returns a channel no goroutine has.
func Plain() chan int { return make(chan int) }

// Sync sends on the channel itself before returning it.
func Sync() chan int { // want Sync:`^blocks\(channel: send on ch\)$`
	ch := make(chan int, 1)
	ch <- compute()
	go func() { ch <- compute() }()
	return ch
}

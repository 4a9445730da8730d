// Package futures exercises channels returned by the function that starts
// the goroutines serving them.
package futures

import (
	"context"
	"errors"
	"time"

	"leak/dep"
)

func compute() int { return 1 }
func check() error { return nil }

// fetch returns a future: one goroutine sends its result.
func fetch() <-chan int {
	ch := make(chan int)
	go func() { ch <- compute() }()
	return ch
}

// fetchBuffered returns a future with room for its result.
func fetchBuffered() <-chan int {
	ch := make(chan int, 1)
	go func() { ch <- compute() }()
	return ch
}

// fetchBoth returns a result and an error channel; the goroutine sends on
// one of them.
func fetchBoth() (<-chan int, <-chan error) {
	resc, errc := make(chan int), make(chan error)
	go func() {
		if err := check(); err != nil {
			errc <- err
			return
		}
		resc <- compute()
	}()
	return resc, errc
}

// stream sends n values and closes.
func stream(n int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	return ch
}

// startWorkers returns a queue its workers consume until it is closed.
func startWorkers(n int) chan<- int {
	jobs := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			for j := range jobs {
				_ = j
			}
		}()
	}
	return jobs
}

// --- positives ---

func Get(d time.Duration) (int, error) {
	select {
	case v := <-fetch(): // [forgotten-sender] // want `a goroutine fetch starts \(its send at futures.go:\d+\) can block forever: Get returns at futures.go:\d+ without receiving from the channel from fetch when the select at futures.go:\d+ takes another case; receive from the channel from fetch on every path out of Get, or have fetch give the channel a buffer of one per sender`
		return v, nil
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

func Early() (int, error) {
	res := fetch() // [forgotten-sender] // want `a goroutine fetch starts .* can block forever: Early returns at futures.go:\d+ without receiving from res;`
	if err := check(); err != nil {
		return 0, err
	}
	return <-res, nil
}

func Remote(ctx context.Context) int {
	res := dep.Async() // [forgotten-sender] // want `a goroutine dep.Async starts \(its send at dep.go:\d+\) can block forever: Remote returns at futures.go:\d+ without receiving from res when the select`
	select {
	case v := <-res:
		return v
	case <-ctx.Done():
		return 0
	}
}

func FirstBig(n int) int {
	for v := range stream(n) { // want `a goroutine stream starts \(its send at futures.go:\d+\) can block forever: FirstBig returns at futures.go:\d+ from inside the loop receiving from the channel from stream while the goroutines stream starts may send more; keep receiving from the channel from stream until it is closed, or have the goroutine stream starts also select on ctx.Done\(\) or a quit channel when it sends`
		if v > 3 {
			return v
		}
	}
	return 0
}

func Feed(js []int) {
	jobs := startWorkers(4) // [unclosed-range] // want `the goroutines startWorkers starts range over the channel it returns \(futures.go:\d+\), and nothing closes jobs: they never end`
	for _, j := range js {
		jobs <- j
	}
}

func FeedRemote(js []int) error {
	jobs := dep.StartWorkers(4) // [unclosed-range] // want `the goroutines dep.StartWorkers starts range over the channel it returns \(dep.go:\d+\), and never end when FeedRemote returns at futures.go:\d+ without closing jobs`
	for _, j := range js {
		if j < 0 {
			return errors.New("negative job")
		}
		jobs <- j
	}
	close(jobs)
	return nil
}

// --- look-alikes ---

func GetBuffered(d time.Duration) int {
	select {
	case v := <-fetchBuffered(): // ok: the buffer holds the one result
		return v
	case <-time.After(d):
		return 0
	}
}

func Always() int {
	return <-fetch() // ok: received on every path
}

func PassOn() <-chan int {
	return fetch() // ok: the caller's caller receives
}

func Both() (int, error) {
	resc, errc := fetchBoth() // ok: the goroutine sends on one of the two, and the select takes either
	select {
	case v := <-resc:
		return v, nil
	case err := <-errc:
		return 0, err
	}
}

func Sum(n int) int {
	sum := 0
	for v := range stream(n) { // ok: drained until closed
		sum += v
	}
	return sum
}

func FeedClosed(js []int) {
	jobs := startWorkers(4) // ok: closed by the deferred close
	defer close(jobs)
	for _, j := range js {
		jobs <- j
	}
}

func FirstOf(n int) int {
	s := stream(n) // [forgotten-sender] // want `a goroutine stream starts .* can block forever: FirstOf returns at futures.go:\d+ after receiving from s once while the goroutines stream starts may send more; keep receiving from s until it is closed`
	return <-s
}

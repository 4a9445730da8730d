// Package drain waits for the goroutines that send results before
// receiving the results.
package drain

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func compute(i int) int { return i * i }

// Positives.

func Collect(n int) []int {
	var wg sync.WaitGroup
	res := make(chan int)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			res <- compute(i)
		}(i)
	}
	wg.Wait() // [wait-before-receive] // want `wg.Wait waits for goroutines that send on res \(send on res at drain.go:\d+\), but Collect receives from res only after the wait returns \(at drain.go:\d+\): the senders block and the wait never ends; wait in a goroutine of its own \(go func\(\) \{ wg.Wait\(\); close\(res\) \}\(\)\) and receive meanwhile, or give res a buffer for every result`
	close(res)
	var out []int
	for v := range res {
		out = append(out, v)
	}
	return out
}

func worker(wg *sync.WaitGroup, out chan<- int, i int) {
	defer wg.Done()
	out <- compute(i)
}

// The group is handed to a worker function rather than captured.
func Workers(items []int) int {
	var wg sync.WaitGroup
	out := make(chan int)
	for _, it := range items {
		wg.Add(1)
		go worker(&wg, out, it)
	}
	wg.Wait() // [wait-before-receive] // want `wg.Wait waits for goroutines that send on out`
	close(out)
	sum := 0
	for v := range out {
		sum += v
	}
	return sum
}

func Pair() (int, int) {
	var wg sync.WaitGroup
	ch := make(chan int, 1) // one slot, two senders
	wg.Add(2)
	go func() { defer wg.Done(); ch <- 1 }()
	go func() { defer wg.Done(); ch <- 2 }()
	wg.Wait() // [wait-before-receive] // want `wg.Wait waits for goroutines that send on ch`
	return <-ch, <-ch
}

func Group(ctx context.Context, keys []string) ([]string, error) {
	g, ctx := errgroup.WithContext(ctx)
	vals := make(chan string)
	for _, k := range keys {
		g.Go(func() error {
			vals <- k
			return nil
		})
	}
	if err := g.Wait(); err != nil { // [wait-before-receive] // want `g.Wait waits for goroutines that send on vals`
		return nil, err
	}
	close(vals)
	var out []string
	for v := range vals {
		out = append(out, v)
	}
	return out, nil
}

// Look-alikes that must stay silent.

func CloseInGoroutine(n int) []int {
	var wg sync.WaitGroup
	res := make(chan int)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			res <- compute(i)
		}(i)
	}
	go func() { // ok: the wait runs beside the receiving loop
		wg.Wait()
		close(res)
	}()
	var out []int
	for v := range res {
		out = append(out, v)
	}
	return out
}

func Buffered(items []int) []int {
	var wg sync.WaitGroup
	res := make(chan int, len(items)) // ok: a buffer for every result
	for _, it := range items {
		wg.Add(1)
		go func(it int) {
			defer wg.Done()
			res <- compute(it)
		}(it)
	}
	wg.Wait()
	close(res)
	var out []int
	for v := range res {
		out = append(out, v)
	}
	return out
}

func BufferedPair() (int, int) {
	var wg sync.WaitGroup
	ch := make(chan int, 2) // ok: two senders, two slots
	wg.Add(2)
	go func() { defer wg.Done(); ch <- 1 }()
	go func() { defer wg.Done(); ch <- 2 }()
	wg.Wait()
	return <-ch, <-ch
}

func ReceiveFirst(n int) []int {
	var wg sync.WaitGroup
	res := make(chan int)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			res <- compute(i)
		}(i)
	}
	out := make([]int, 0, n)
	for i := 0; i < n; i++ { // ok: every result is received before the wait
		out = append(out, <-res)
	}
	wg.Wait()
	return out
}

func Cancellable(ctx context.Context, n int) []int {
	var wg sync.WaitGroup
	res := make(chan int)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			select { // ok: the sender gives up when ctx is cancelled
			case res <- compute(i):
			case <-ctx.Done():
			}
		}(i)
	}
	wg.Wait()
	close(res)
	var out []int
	for v := range res {
		out = append(out, v)
	}
	return out
}

func Errors(items []int) error {
	var wg sync.WaitGroup
	errc := make(chan error, 1)
	for _, it := range items {
		wg.Add(1)
		go func(it int) {
			defer wg.Done()
			if compute(it) < 0 {
				select { // ok: the first error is kept, the others dropped
				case errc <- nil:
				default:
				}
			}
		}(it)
	}
	wg.Wait()
	close(errc)
	return <-errc
}

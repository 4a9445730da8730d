package crosspkg

import (
	"context"
	"time"

	"leak/dep"
)

func Fetch(d time.Duration) int {
	ch := make(chan int)
	go dep.Fetch(ch) // [forgotten-sender] // want `the goroutine running dep.Fetch \(its send at dep.go:\d+\) can block forever: Fetch returns at crosspkg.go:\d+ without receiving from ch`
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return 0
	}
}

func FetchCtx(ctx context.Context) int {
	ch := make(chan int)
	go dep.FetchCtx(ctx, ch) // ok: the sender selects on ctx.Done()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func Consume(jobs []int) {
	ch := make(chan int)
	go dep.Consume(ch) // [unclosed-range] // want `the goroutine running dep.Consume \(its range at dep.go:\d+\) never ends: nothing closes ch`
	for _, j := range jobs {
		ch <- j
	}
}

func ConsumeClosed(jobs []int) {
	ch := make(chan int)
	go dep.Consume(ch) // ok: closed after the last send
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
}

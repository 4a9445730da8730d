package crosspkg

import (
	"context"
	"time"

	"leak/dep"
)

func Fetch(d time.Duration) int {
	ch := make(chan int)
	go dep.Fetch(ch) // want `the goroutine running dep.Fetch \(its send at dep.go:9\) can block forever: Fetch returns at crosspkg.go:17 without receiving from ch`
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
	go dep.Consume(ch) // want `the goroutine running dep.Consume \(its range at dep.go:22\) never ends: nothing closes ch`
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

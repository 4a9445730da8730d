package basic

import (
	"context"
	"net/http"
	"time"
)

// Loader is implemented here by two types; both wait without a context.
type Loader interface{ Load() int }

type slowLoader struct{}

func (slowLoader) Load() int { time.Sleep(time.Second); return 1 }

type chanLoader struct{ ch chan int }

func (l *chanLoader) Load() int { return <-l.ch }

// Fetcher has an implementation that honours its context.
type Fetcher interface{ Fetch(ctx context.Context) int }

type ctxFetcher struct{ ch chan int }

func (f *ctxFetcher) Fetch(ctx context.Context) int {
	select {
	case v := <-f.ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

type API struct {
	loader  Loader
	fetcher Fetcher
}

func (a *API) Get(w http.ResponseWriter, r *http.Request) {
	_ = a.loader.Load()              // [call-in-request] // want `call to a.loader.Load in \(\*API\).Get \(http handler\) may block without observing the request's cancellation: .*Load → `
	_ = a.fetcher.Fetch(r.Context()) // ok: the implementation selects on ctx.Done()
}

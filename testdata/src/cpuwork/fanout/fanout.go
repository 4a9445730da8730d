// Package fanout holds goroutines started per item of input, and the
// limiters and pool shapes that make such loops bounded.
package fanout

import (
	"context"
	"runtime"
	"sync"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
	"golang.org/x/time/rate"
)

type Item struct{ ID int }

type Request struct{ Items []Item }

func process(Item) error { return nil }

// Positives.

func PerParam(items []Item) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() { // [unbounded-fanout] // want `a goroutine is started for every element of items \(a parameter\) in the loop at fanout.go:\d+, with nothing bounding how many run at once`
			defer wg.Done()
			process(it)
		}()
	}
	wg.Wait()
}

func PerField(req *Request) {
	for _, it := range req.Items {
		go process(it) // [unbounded-fanout] // want `for every element of req.Items \(a field\)`
	}
}

func PerMapEntry(m map[string]Item) {
	for _, it := range m {
		go process(it) // [unbounded-fanout] // want `for every element of m \(a parameter\)`
	}
}

func ErrgroupNoLimit(ctx context.Context, items []Item) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, it := range items {
		g.Go(func() error { return process(it) }) // [unbounded-fanout] // want `g.Go starts a goroutine for every element of items .*call g.SetLimit\(n\) before the loop`
	}
	return g.Wait()
}

func ErrgroupZeroValue(items []Item) error {
	var g errgroup.Group
	for _, it := range items {
		g.Go(func() error { return process(it) }) // [unbounded-fanout] // want `g.Go starts a goroutine for every element of items`
	}
	return g.Wait()
}

func WaitGroupGo(items []Item) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() { process(it) }) // [unbounded-fanout] // want `wg.Go starts a goroutine for every element of items`
	}
	wg.Wait()
}

func CountedByLen(items []Item) {
	for i := 0; i < len(items); i++ {
		go process(items[i]) // [unbounded-fanout] // want `for every iteration of a loop bounded by len\(items\), the length of items \(a parameter\)`
	}
}

func CountedByLocalLen(items []Item) {
	n := len(items)
	for i := 0; i < n; i++ {
		go process(items[i]) // [unbounded-fanout] // want `for every iteration of a loop bounded by n`
	}
}

func RangeOverLen(items []Item) {
	for i := range len(items) {
		go process(items[i]) // [unbounded-fanout] // want `for every iteration of a loop bounded by len\(items\)`
	}
}

func CountingDown(items []Item) {
	for i := len(items) - 1; i >= 0; i-- {
		go process(items[i]) // [unbounded-fanout] // want `for every iteration of a loop bounded by len\(items\) - 1`
	}
}

func FromCall(load func() []Item) {
	for _, it := range load() {
		go process(it) // [unbounded-fanout] // want `for every element of the result of load`
	}
}

func LocalCopy(req *Request) {
	items := req.Items
	for _, it := range items {
		go process(it) // [unbounded-fanout] // want `for every element of req.Items \(a field\)`
	}
}

func Nested(items []Item) {
	for _, it := range items {
		for i := 0; i < 3; i++ {
			go process(it) // [unbounded-fanout] // want `for every element of items`
		}
	}
}

// A semaphore released but never acquired does not bound anything.
func ReleaseOnly(items []Item, sem chan struct{}) {
	for _, it := range items {
		go func() { // [unbounded-fanout] // want `for every element of items`
			defer func() { <-sem }()
			process(it)
		}()
	}
}

// A goroutine that sends its result at the end is not limited by that send.
func ResultAtEnd(items []Item) []error {
	errs := make(chan error)
	for _, it := range items {
		go func() { // [unbounded-fanout] // want `for every element of items`
			errs <- process(it)
		}()
	}
	var out []error
	for range items {
		out = append(out, <-errs)
	}
	return out
}

// Negatives: limiters.

func SemaphoreBefore(items []Item) {
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, it := range items {
		sem <- struct{}{} // ok: acquired before the spawn
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			process(it)
		}()
	}
	wg.Wait()
}

func SemaphoreSelectBefore(ctx context.Context, items []Item, sem chan struct{}) error {
	for _, it := range items {
		select {
		case sem <- struct{}{}: // ok: acquired before the spawn, cancellable
		case <-ctx.Done():
			return ctx.Err()
		}
		go func() {
			defer func() { <-sem }()
			process(it)
		}()
	}
	return nil
}

func SemaphoreInside(items []Item) {
	sem := make(chan struct{}, 8)
	for _, it := range items {
		go func() {
			sem <- struct{}{} // ok: the goroutine waits for a slot first
			defer func() { <-sem }()
			process(it)
		}()
	}
}

func SemaphoreInsideAfterDefer(items []Item, wg *sync.WaitGroup, sem chan struct{}) {
	for _, it := range items {
		wg.Add(1)
		go func(it Item) {
			defer wg.Done()
			sem <- struct{}{} // ok: first thing after the defers
			defer func() { <-sem }()
			process(it)
		}(it)
	}
}

func TokenPool(items []Item, tokens chan struct{}) {
	for _, it := range items {
		<-tokens // ok: a token taken from a pool
		go func() {
			defer func() { tokens <- struct{}{} }()
			process(it)
		}()
	}
}

func Weighted(ctx context.Context, items []Item) error {
	sem := semaphore.NewWeighted(4)
	for _, it := range items {
		if err := sem.Acquire(ctx, 1); err != nil { // ok: x/sync/semaphore
			return err
		}
		go func() {
			defer sem.Release(1)
			process(it)
		}()
	}
	return nil
}

func WeightedInside(ctx context.Context, items []Item, sem *semaphore.Weighted) {
	for _, it := range items {
		go func() {
			if err := sem.Acquire(ctx, 1); err != nil { // ok: acquired first thing in the goroutine
				return
			}
			defer sem.Release(1)
			process(it)
		}()
	}
}

func ErrgroupLimited(ctx context.Context, items []Item) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, it := range items {
		g.Go(func() error { return process(it) }) // ok: SetLimit
	}
	return g.Wait()
}

func ErrgroupLimitedZero(items []Item) error {
	var g errgroup.Group
	g.SetLimit(10)
	for _, it := range items {
		g.Go(func() error { return process(it) }) // ok: SetLimit
	}
	return g.Wait()
}

func ErrgroupParam(g *errgroup.Group, items []Item) {
	for _, it := range items {
		g.Go(func() error { return process(it) }) // ok: the caller may have set a limit
	}
}

func configure(g *errgroup.Group) { g.SetLimit(4) }

func ErrgroupHandedOver(items []Item) error {
	g := new(errgroup.Group)
	configure(g)
	for _, it := range items {
		g.Go(func() error { return process(it) }) // ok: configured elsewhere
	}
	return g.Wait()
}

type Fetcher struct{ group errgroup.Group }

func NewFetcher() *Fetcher {
	f := &Fetcher{}
	f.group.SetLimit(16)
	return f
}

func (f *Fetcher) FetchAll(items []Item) {
	for _, it := range items {
		f.group.Go(func() error { return process(it) }) // ok: the field is limited in NewFetcher
	}
}

type Unlimited struct{ group errgroup.Group }

func (u *Unlimited) FetchAll(items []Item) {
	for _, it := range items {
		u.group.Go(func() error { return process(it) }) // [unbounded-fanout] // want `u.group.Go starts a goroutine for every element of items`
	}
}

// Batches: each iteration waits for the goroutines it started.
func Batched(batches [][]Item) {
	for _, batch := range batches {
		var wg sync.WaitGroup
		for _, it := range batch[:4] {
			wg.Add(1)
			go func() { defer wg.Done(); process(it) }() // ok: at most four per batch, joined before the next
		}
		wg.Wait()
	}
}

func JoinedPerIteration(items []Item) {
	for _, it := range items {
		done := make(chan struct{})
		go func() { defer close(done); process(it) }() // ok: waited for within the iteration
		<-done
	}
}

func WaitEveryTen(items []Item) {
	var wg sync.WaitGroup
	for i, it := range items {
		if i%10 == 0 {
			wg.Wait() // ok: waits for the previous ten before starting more
		}
		wg.Add(1)
		go func() { defer wg.Done(); process(it) }()
	}
	wg.Wait()
}

// Negatives: fixed pools and fixed loops.

func PoolConst(jobs <-chan Item) {
	for i := 0; i < 8; i++ {
		go func() { // ok: eight workers
			for j := range jobs {
				process(j)
			}
		}()
	}
}

func PoolNumCPU(jobs <-chan Item) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go worker(jobs) // ok: one worker per CPU
	}
}

type Config struct{ Workers int }

func PoolConfigured(cfg Config, jobs <-chan Item) {
	for i := 0; i < cfg.Workers; i++ {
		go worker(jobs) // ok: a configured pool size, not the length of data
	}
}

func PoolParam(n int, jobs <-chan Item) {
	for range n {
		go worker(jobs) // ok: a pool of n workers
	}
}

func PoolCapped(items []Item, jobs <-chan Item) {
	n := min(len(items), 16)
	for i := 0; i < n; i++ {
		go worker(jobs) // ok: capped at sixteen
	}
}

func PoolOfMade(jobs <-chan Item) {
	workers := make([]int, runtime.GOMAXPROCS(0))
	for i := range workers {
		go func() { _ = i; worker(jobs) }() // ok: a slice made with a pool size
	}
}

func worker(jobs <-chan Item) {
	for j := range jobs {
		process(j)
	}
}

func FixedArray(parts [4]Item) {
	for _, p := range parts {
		go process(p) // ok: four
	}
}

func Literal(a, b Item) {
	for _, p := range []Item{a, b} {
		go process(p) // ok: two
	}
}

var defaults = []Item{{1}, {2}}

func PackageLiteral() {
	for _, p := range defaults {
		go process(p) // ok: a literal table
	}
}

func FirstMatch(items []Item) {
	for _, it := range items {
		if it.ID == 0 {
			go process(it) // ok: returns right after, so one goroutine at most
			return
		}
	}
}

func FirstMatchBreak(items []Item) {
	for _, it := range items {
		if it.ID == 0 {
			go process(it) // ok: breaks out of the loop right after
			break
		}
	}
}

func NotInLoop(it Item) {
	go process(it) // ok: not in a loop
}

func Retry(it Item) {
	for attempt := 0; ; attempt++ {
		go process(it) // ok: a retry loop, not driven by input
		if attempt > 3 {
			return
		}
	}
}

func RateLimited(ctx context.Context, items []Item, lim *rate.Limiter) error {
	for _, it := range items {
		if err := lim.Wait(ctx); err != nil { // ok: a rate limiter paces the spawns
			return err
		}
		go process(it)
	}
	return nil
}

func RateAllowed(items []Item, lim *rate.Limiter) {
	for _, it := range items {
		if !lim.Allow() { // ok: items over the rate are dropped
			continue
		}
		go process(it)
	}
}

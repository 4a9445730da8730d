package syncwait

import (
	"errors"
	"sync"
)

func work(int) error { return nil }

func ProcessAll(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			if err := work(it); err != nil {
				return // [waitgroup-done-skipped] // want `this return skips wg.Done \(called at syncwait.go:\d+\), so wg.Wait at syncwait.go:\d+ waits forever; call defer wg.Done\(\) at the start of the goroutine`
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

func worker(wg *sync.WaitGroup, it int) {
	if it < 0 {
		return // [waitgroup-done-skipped] // want `this return skips wg.Done`
	}
	work(it)
	wg.Done()
}

func ViaFunction(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go worker(&wg, it)
	}
	wg.Wait()
}

type Pool struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	ready *sync.Cond
	busy  *sync.Cond
	n     int
}

func (p *Pool) Go(f func() error) {
	p.wg.Add(1)
	go func() {
		if f() != nil {
			return // [waitgroup-done-skipped] // want `this return skips p.wg.Done`
		}
		p.wg.Done()
	}()
}

func (p *Pool) Close() { p.wg.Wait() }

func (p *Pool) AwaitReady() {
	p.mu.Lock()
	for p.n == 0 {
		p.ready.Wait() // [cond-never-signalled] // want `nothing in this package calls Signal or Broadcast on p.ready, so this Wait never wakes`
	}
	p.mu.Unlock()
}

// --- look-alikes that must stay silent ---

func Deferred(items []int) error {
	var wg sync.WaitGroup
	var first error
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done() // ok: deferred, runs on every path
			if err := work(it); err != nil {
				first = errors.Join(first, err)
				return
			}
		}()
	}
	wg.Wait()
	return first
}

func DoneOnEveryPath(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			if err := work(it); err != nil {
				wg.Done() // ok: Done on this path too
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

func NoWait(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			if work(it) != nil {
				return // ok: nobody waits on wg
			}
			wg.Done()
		}()
	}
}

func (p *Pool) AwaitIdle() {
	p.mu.Lock()
	for p.n > 0 {
		p.busy.Wait() // ok: Release broadcasts
	}
	p.mu.Unlock()
}

func (p *Pool) Release() {
	p.mu.Lock()
	p.n--
	p.mu.Unlock()
	p.busy.Broadcast()
}

func CountMessages(next func() (int, error), n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	go func() {
		for {
			if _, err := next(); err != nil {
				return // ok: the group counts messages, and an error is how the loop ends
			}
			wg.Done()
		}
	}()
	wg.Wait()
}

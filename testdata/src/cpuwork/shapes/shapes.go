// Package shapes holds the shapes real code starts goroutines in: spawn
// helpers, method values, generics, closures, iterators, and breaks that
// leave a switch rather than the loop.
package shapes

import (
	"iter"
	"log"
	"sync"
)

type Job struct{ N int }

func run(Job) {}

// goSafe runs f in a goroutine that recovers from panics.
func goSafe(f func()) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		f()
	}()
}

type Pool struct{ wg sync.WaitGroup }

// spawn runs f in a goroutine tracked by p.wg.
func (p *Pool) spawn(f func()) {
	p.wg.Add(1)
	go f()
}

func ThroughHelper(jobs []Job) {
	for _, j := range jobs {
		goSafe(func() { run(j) }) // [unbounded-fanout] // want `goSafe starts a goroutine for every element of jobs \(a parameter\)`
	}
}

func (p *Pool) ThroughMethod(jobs []Job) {
	for _, j := range jobs {
		p.spawn(func() { defer p.wg.Done(); run(j) }) // [unbounded-fanout] // want `p.spawn starts a goroutine for every element of jobs`
	}
}

type Runner struct {
	jobs []Job
	sem  chan struct{}
}

func (r *Runner) one(j Job) { run(j) }

func (r *Runner) limited(j Job) {
	r.sem <- struct{}{}
	defer func() { <-r.sem }()
	run(j)
}

func (r *Runner) acquire() { r.sem <- struct{}{} }

func (r *Runner) viaAcquire(j Job) {
	r.acquire()
	defer func() { <-r.sem }()
	run(j)
}

func (r *Runner) MethodValue(jobs []Job) {
	f := r.one
	for _, j := range jobs {
		go f(j) // [unbounded-fanout] // want `for every element of jobs \(a parameter\)`
	}
}

func (r *Runner) NamedMethodLimited() {
	for _, j := range r.jobs {
		go r.limited(j) // ok: limited acquires r.sem first
	}
}

func (r *Runner) NamedMethodHelperAcquire() {
	for _, j := range r.jobs {
		go r.viaAcquire(j) // ok: its first call acquires r.sem
	}
}

func (r *Runner) AcquireHelperBefore() {
	for _, j := range r.jobs {
		r.acquire() // ok: a helper that sends on the semaphore
		go r.one(j)
	}
}

func Generic[T any](xs []T, f func(T)) {
	for _, x := range xs {
		go f(x) // [unbounded-fanout] // want `for every element of xs \(a parameter\)`
	}
}

func Iterator(seq iter.Seq[Job]) {
	for j := range seq {
		go run(j) // [unbounded-fanout] // want `for every element of the sequence seq`
	}
}

func InClosure(jobs []Job) func() {
	return func() {
		for _, j := range jobs {
			go run(j) // [unbounded-fanout] // want `for every element of jobs`
		}
	}
}

func SwitchBreak(jobs []Job) {
	for _, j := range jobs {
		switch j.N {
		case 0:
			go run(j) // [unbounded-fanout] // want `for every element of jobs`
			break     // leaves the switch, not the loop
		}
	}
}

func LabelledBreak(jobs []Job) {
outer:
	for _, j := range jobs {
		switch j.N {
		case 0:
			go run(j) // ok: leaves the loop right after
			break outer
		}
	}
}

type Scanner interface {
	Scan() bool
	Job() Job
}

func ScanLoop(s Scanner) {
	for s.Scan() {
		go run(s.Job()) // [unbounded-fanout] // want `for every item from s.Scan\(\)`
	}
}

// Spawned from a goroutine that is itself started once.
func Background(jobs []Job) {
	go func() {
		for _, j := range jobs {
			go run(j) // [unbounded-fanout] // want `for every element of jobs`
		}
	}()
}

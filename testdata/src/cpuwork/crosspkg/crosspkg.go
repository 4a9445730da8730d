// Package crosspkg uses limiters, readers and groups of another package.
package crosspkg

import (
	"net"

	"cpuwork/dep"
)

type Task struct{ ID int }

func do(Task) {}

func LimitedByDep(tasks []Task, sem *dep.Sem) {
	for _, t := range tasks {
		sem.Acquire() // ok: blocks on the semaphore's channel (known from dep's facts)
		go func() { defer sem.Release(); do(t) }()
	}
}

func NotLimitedByDep(tasks []Task) {
	for _, t := range tasks {
		_ = dep.Quick()
		go do(t) // [unbounded-fanout] // want `for every element of tasks \(a parameter\)`
	}
}

func FramePerGoroutine(c net.Conn) {
	for {
		f, err := dep.Frame(c)
		if err != nil {
			return
		}
		go do(Task{ID: len(f)}) // [goroutine-per-message] // want `for every message read by dep.Frame`
	}
}

func GroupOfDep(g *dep.Group, tasks []Task) {
	for _, t := range tasks {
		g.G.Go(func() error { do(t); return nil }) // ok: a field of another package's type may be limited there
	}
}

func ThroughDepHelper(tasks []Task, tr *dep.Tracker) {
	for _, t := range tasks {
		dep.Go(func() { do(t) }) // [unbounded-fanout] // want `dep.Go starts a goroutine for every element of tasks`
		tr.Go(func() { do(t) })  // [unbounded-fanout] // want `tr.Go starts a goroutine for every element of tasks`
	}
}

func ThroughDepHelperLimited(tasks []Task, sem *dep.Sem) {
	for _, t := range tasks {
		dep.Go(func() {
			sem.Acquire() // ok: waits for a slot first (dep's summary shows a channel send)
			defer sem.Release()
			do(t)
		})
	}
}

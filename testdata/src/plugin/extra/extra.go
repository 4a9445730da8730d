// Package extra calls a function that concurlint cannot see block: the
// plugin's extra-blocking setting names it.
package extra

import "sync"

// Queue stands for a client whose Wait blocks in code the analysis does
// not see (cgo, assembly, a plugin).
type Queue struct{}

// Wait is named in the test's extra-blocking setting.
func (q *Queue) Wait() {}

// Done is not.
func (q *Queue) Done() {}

type Worker struct {
	mu sync.Mutex
	q  *Queue
	n  int
}

func (w *Worker) Drain() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.q.Wait() // [wait-under-lock] // want `w.mu is held across`
}

func (w *Worker) Finish() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.q.Done() // ok: Done is not named as blocking
	w.n++
}

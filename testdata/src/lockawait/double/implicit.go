package double

import (
	"fmt"
	"log"
	"sync"
)

// Locks taken where no Lock call is written at the call site.

type Counter struct {
	mu sync.Mutex
	n  int
}

// String takes c.mu: formatting a Counter locks it.
func (c *Counter) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprint(c.n)
}

func (c *Counter) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	log.Printf("counter now %v", c) // want `call to log.Printf locks c.mu \(in \(\*Counter\).String at implicit.go:\d+\) while it is already held`
}

func (c *Counter) IncQuiet() {
	c.mu.Lock()
	n := c.n + 1
	c.n = n
	c.mu.Unlock()
	log.Printf("counter now %v", c) // ok: formatted after the unlock
}

func (c *Counter) Snapshot() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprintf("%d", c.n) // ok: formats an int, not the Counter
}

// A Cond made with the queue's mutex: q.cond.L is q.mu.
type Queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func NewQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
	q.signal() // want `call to q.signal locks q.mu \(at implicit.go:\d+\) while it is already held`
}

func (q *Queue) signal() {
	q.cond.L.Lock()
	q.cond.Signal()
	q.cond.L.Unlock()
}

func (q *Queue) Get() int {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait() // ok: Wait releases q.cond.L, which is q.mu
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// RLocker locks the RWMutex for reading.
type Table struct {
	rw   sync.RWMutex
	rows map[string]int
}

func (t *Table) Lookup(k string) int {
	t.rw.Lock()
	defer t.rw.Unlock()
	r := t.rw.RLocker()
	_ = r
	t.rw.RLocker().Lock() // want `is locked again while already held`
	defer t.rw.RLocker().Unlock()
	return t.rows[k]
}

// A function kept in a field, called under the lock it takes.
type Watcher struct {
	mu       sync.Mutex
	onChange func()
	changes  int
}

func NewWatcher() *Watcher {
	w := &Watcher{}
	w.onChange = w.record
	return w
}

func (w *Watcher) record() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.changes++
}

func (w *Watcher) Set() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.onChange() // want `call to w.onChange locks w.mu \(in \(\*Watcher\).record at implicit.go:\d+\) while it is already held`
}

func (w *Watcher) SetLater() {
	w.mu.Lock()
	f := w.onChange
	w.mu.Unlock()
	f() // ok: called after the unlock
}

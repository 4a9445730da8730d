package ignore

import "sync"

type T struct {
	mu sync.Mutex
	ch chan int
}

func (t *T) Line() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ch <- 1 //concurlint:ignore lockawait the receiver is always ready: it is our own loop
}

func (t *T) Above() {
	t.mu.Lock()
	defer t.mu.Unlock()
	//concurlint:ignore lockawait buffered by construction
	t.ch <- 1
}

// Func sends under its lock by design.
//
//concurlint:ignore lockawait the protocol requires ordering sends with state changes
func (t *T) Func() {
	t.mu.Lock()
	t.ch <- 1
	t.ch <- 2
	t.mu.Unlock()
}

func (t *T) NoReason() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ch <- 1 //concurlint:ignore lockawait // want `needs a reason` `t.mu is held across send on t.ch`
}

func (t *T) Unused() {
	//concurlint:ignore lockawait nothing to suppress here // want `suppresses nothing; remove it`
	t.mu.Lock()
	t.mu.Unlock()
}

func (t *T) Other() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ch <- 1 //concurlint:ignore leak wrong pass named // want `t.mu is held across send on t.ch`
}

// ok: a directive naming no pass of concurlint is reported by the shared
// model, not by lockawait (testdata/src/modelfacts/directives).
//
//concurlint:ignore nosuchpass because
func (t *T) Unknown() {}

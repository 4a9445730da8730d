package order

import (
	"sync"

	"lockawait/orderdep"
)

type Bank struct {
	mu    sync.Mutex
	audit *Audit
	n     int
}

type Audit struct {
	mu  sync.Mutex
	log []string
}

func (b *Bank) Deposit() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.audit.mu.Lock() // [lock-order] // want `lock order inversion: b.audit.mu is acquired while b.mu is held \(locked at order.go:\d+\), but \(\*Audit\).Review acquires bank.mu while holding a.mu`
	b.audit.log = append(b.audit.log, "deposit")
	b.audit.mu.Unlock()
	b.n++
}

func (a *Audit) Review(bank *Bank) {
	a.mu.Lock()
	defer a.mu.Unlock()
	bank.mu.Lock()
	_ = bank.n
	bank.mu.Unlock()
}

// Consistent order: both paths take Bank then Audit.
type Ledger struct {
	mu sync.Mutex
	a  *Audit
}

func (l *Ledger) One() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.a.mu.Lock() // ok: always Ledger then Audit
	l.a.mu.Unlock()
}

func (l *Ledger) Two() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.a.mu.Lock() // ok: same order
	l.a.mu.Unlock()
}

// Across packages: orderdep takes Registry then Entry.
type Local struct{ reg *orderdep.Registry }

func (l *Local) Reverse(e *orderdep.Entry) {
	e.Mu.Lock()
	defer e.Mu.Unlock()
	l.reg.Mu.Lock() // [lock-order] // want `lock order inversion: l.reg.Mu is acquired while e.Mu is held .* but lockawait/orderdep.\(\*Registry\).Add acquires`
	l.reg.Mu.Unlock()
}

// Sub's applyNewSID lets go of s.mu before taking the registry lock, so
// calling it with s.mu held takes no lock inside s.mu.
type Sub struct {
	mu  sync.Mutex
	reg *Registry
}

type Registry struct {
	mu   sync.Mutex
	subs map[int]*Sub
}

// applyNewSID must be called with s.mu held; it releases it while it
// takes the registry lock.
func (s *Sub) applyNewSID() {
	s.mu.Unlock()
	s.reg.mu.Lock()
	s.reg.subs[1] = s
	s.reg.mu.Unlock()
	s.mu.Lock()
}

func (s *Sub) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applyNewSID() // ok: s.mu is released before the registry lock
}

func (r *Registry) CloseAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.subs {
		s.mu.Lock() // ok: the only order is Registry then Sub
		s.mu.Unlock()
	}
}

// resetSub reaches applyNewSID through another function, still with s.mu
// released first.
func (s *Sub) resetSub() { s.applyNewSID() }

func (s *Sub) Deliver() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetSub() // ok: s.mu is released before the registry lock, two calls down
}

func (r *Registry) Rewire(s *Sub) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s.mu.Lock() // ok: Registry then Sub, the only order
	s.mu.Unlock()
}

// Three locks in a cycle: A then B, B then C, C then A.
type A struct {
	mu sync.Mutex
	b  *B
}

type B struct {
	mu sync.Mutex
	c  *C
}

type C struct {
	mu sync.Mutex
	a  *A
}

func (a *A) Step() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.b.mu.Lock() // [lock-order] // want `lock order cycle: a.b.mu is acquired while a.mu is held \(locked at order.go:\d+\), and \(\*B\).Step acquires b.c.mu while holding b.mu \(at order.go:\d+\), and \(\*C\).Step acquires c.a.mu while holding c.mu \(at order.go:\d+\); 3 goroutines`
	a.b.mu.Unlock()
}

func (b *B) Step() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.c.mu.Lock()
	b.c.mu.Unlock()
}

func (c *C) Step() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.a.mu.Lock()
	c.a.mu.Unlock()
}

// A watcher set up under its own lock while the connection's lock is taken
// inside: the watcher is new, so no goroutine holds its lock while waiting
// for the connection's, and the order Handle uses is not an inversion.
type Conn struct {
	mu   sync.Mutex
	subs []func()
}

type Watch struct {
	mu   sync.Mutex
	seen int
}

func (c *Conn) Subscribe(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.subs = append(c.subs, f)
}

func (c *Conn) Watch() *Watch {
	w := &Watch{}
	w.mu.Lock()
	defer w.mu.Unlock()
	c.Subscribe(func() { // ok: w is new; nobody holds w.mu yet
		w.mu.Lock()
		w.seen++
		w.mu.Unlock()
	})
	return w
}

func (c *Conn) Handle(w *Watch) {
	c.mu.Lock()
	defer c.mu.Unlock()
	w.mu.Lock()
	w.seen++
	w.mu.Unlock()
}

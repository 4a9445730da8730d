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
	b.audit.mu.Lock() // want `lock order inversion: b.audit.mu is acquired while b.mu is held \(locked at order.go:21\), but \(\*Audit\).Review acquires bank.mu while holding a.mu`
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
	l.reg.Mu.Lock() // want `lock order inversion: l.reg.Mu is acquired while e.Mu is held .* but lockawait/orderdep.\(\*Registry\).Add acquires`
	l.reg.Mu.Unlock()
}

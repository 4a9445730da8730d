// Package obligation holds values whose owner must release them to end a
// goroutine waiting on their context, and their correct twins.
package obligation

import (
	"context"
	"database/sql"
)

func Drop(db *sql.DB) {
	db.Begin() // want `the result of sql.\(\*DB\).Begin is dropped, so nothing calls its Commit or Rollback: the transaction's goroutine waits until it is committed or rolled back, and its context \(from context.Background\(\)\) is never cancelled`
}

func Forget(db *sql.DB) error {
	tx, err := db.Begin() // want `tx from sql.\(\*DB\).Begin is not released when Forget returns at obligation.go:\d+: .*; defer tx.Rollback\(\) after checking the error`
	if err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		return err
	}
	return tx.Commit()
}

func Deferred(db *sql.DB) error {
	tx, err := db.Begin() // ok: the deferred Rollback releases it on every path
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		return err
	}
	return tx.Commit()
}

func EveryPath(db *sql.DB) error {
	tx, err := db.Begin() // ok: every path commits or rolls back
	if err != nil {
		return err
	}
	if _, err := tx.Exec("UPDATE t SET x = 1"); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func Background(db *sql.DB) error {
	tx, err := db.BeginTx(context.Background(), nil) // want `tx from sql.\(\*DB\).BeginTx is not released when Background returns`
	if err != nil {
		return err
	}
	_, err = tx.Exec("UPDATE t SET x = 1")
	return err
}

func WithCtx(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // ok: cancelling ctx ends the transaction's goroutine
	if err != nil {
		return err
	}
	_, err = tx.Exec("UPDATE t SET x = 1")
	return err
}

// A constructor of this package: the watcher's goroutine waits on a
// context only Close cancels.
type Watcher struct {
	cancel context.CancelFunc
	events chan int
}

func NewWatcher() *Watcher {
	ctx, cancel := context.WithCancel(context.Background())
	w := &Watcher{cancel: cancel, events: make(chan int)}
	go w.loop(ctx)
	return w
}

func (w *Watcher) loop(ctx context.Context) {
	defer close(w.events)
	for {
		select {
		case <-ctx.Done():
			return
		case w.events <- 1:
		}
	}
}

func (w *Watcher) Close() { w.cancel() }

func (w *Watcher) Next() int { return <-w.events }

func PeekOnce() int {
	w := NewWatcher() // want `w from NewWatcher is not released when PeekOnce returns at obligation.go:\d+: the goroutine NewWatcher starts \(obligation.go:\d+\) waits on a context only Close cancels`
	return w.Next()
}

func PeekAndClose() int {
	w := NewWatcher() // ok: Close is deferred
	defer w.Close()
	return w.Next()
}

func Keep(ws *[]*Watcher) {
	w := NewWatcher() // ok: kept; its new owner may close it
	*ws = append(*ws, w)
}

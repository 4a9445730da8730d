// Package dep is a dependency whose functions block, for cross-package
// tests.
package dep

import (
	"context"
	"database/sql"
	"time"
)

// Nap sleeps.
func Nap() { time.Sleep(time.Second) }

// Retry sleeps through a helper.
func Retry(n int) {
	for i := 0; i < n; i++ {
		Nap()
	}
}

// NapCtx sleeps but honours its context.
func NapCtx(ctx context.Context) {
	select {
	case <-time.After(time.Second):
	case <-ctx.Done():
	}
}

// Queue blocks on a channel.
type Queue struct{ ch chan string }

func (q *Queue) Put(s string) { q.ch <- s }

// Count does not block.
func (q *Queue) Count() int { return len(q.ch) }

// Load queries without a context.
func Load(db *sql.DB) error {
	_, err := db.Exec("UPDATE t SET x = 1")
	return err
}

// LoadCtx queries with one.
func LoadCtx(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "UPDATE t SET x = 1")
	return err
}

// Flush takes a context but blocks on a channel all the same: the
// caller's part is to pass the right context.
func Flush(ctx context.Context, q *Queue) { q.ch <- "flush" }

// Package dep is a dependency whose functions block, for cross-package
// tests.
package dep

import (
	"context"
	"database/sql"
	"net/http"
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

// Conn is a connection shaped like a websocket: Upgrade takes it over
// from an HTTP response, Dial makes a new one.
type Conn struct{ in chan []byte }

func Upgrade(w http.ResponseWriter, r *http.Request) *Conn { return &Conn{} }

func DialConn(addr string) *Conn { return &Conn{} }

// ReadMessage blocks until a message arrives.
func (c *Conn) ReadMessage() []byte { return <-c.in }

func (c *Conn) SetHandler(f func()) {}

// Save queries without a context and has no variant that takes one: an
// API without contexts.
func Save(db *sql.DB) error {
	_, err := db.Exec("UPDATE t SET y = 1")
	return err
}

// Subscribe returns channels its producer closes when ctx is done.
func Subscribe(ctx context.Context) (<-chan string, <-chan error) {
	ev, errc := make(chan string), make(chan error, 1)
	go func() {
		<-ctx.Done()
		errc <- ctx.Err()
	}()
	return ev, errc
}

// SubscribeAll returns channels nothing ties to a request.
func SubscribeAll() (<-chan string, <-chan error) {
	return make(chan string), make(chan error, 1)
}

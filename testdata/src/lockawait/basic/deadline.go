package basic

import (
	"net"
	"sync"
	"time"
)

// DeadlineReader reads under the lock that also guards its error, but
// every read has a deadline set just before it: the lock is held for at
// most the timeout.
type DeadlineReader struct {
	mu      sync.Mutex
	conn    net.Conn
	err     error
	timeout time.Duration
}

func (d *DeadlineReader) Read(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.conn.SetReadDeadline(time.Now().Add(d.timeout))
	return d.conn.Read(p) // ok: bounded by the read deadline set just before
}

func (d *DeadlineReader) ReadConn(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.conn.(*net.TCPConn)
	c.SetDeadline(time.Now().Add(d.timeout))
	return c.Read(p) // ok: bounded by the deadline set just before
}

func (d *DeadlineReader) Err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

// ReadForever clears the deadline first: the read waits on the peer with
// the lock held, and Err waits with it.
func (d *DeadlineReader) ReadForever(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.conn.SetDeadline(time.Time{})
	return d.conn.Read(p) // [io-under-lock] // want `d.mu is held across a call to d.conn.Read`
}

// WriteAfterReadDeadline bounds reads, not the write it makes.
func (d *DeadlineReader) WriteAfterReadDeadline(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.conn.SetReadDeadline(time.Now().Add(d.timeout))
	return d.conn.Write(p) // [io-under-lock] // want `d.mu is held across a call to d.conn.Write`
}

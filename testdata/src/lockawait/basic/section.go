package basic

import (
	"net"
	"sync"
)

// Dialer sets up its connection under its state lock: the dial and the
// greeting are one decision to hold d.mu across the connection's set-up,
// reported once, with the greeting as a related position.
type Dialer struct {
	mu    sync.Mutex
	conn  net.Conn
	state int
}

func (d *Dialer) Connect(addr string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	conn, err := net.Dial("tcp", addr) // [io-under-lock] // want `d.mu is held across a call to net.Dial \(locked at section.go:\d+\); release it before the call \(the same critical section also blocks at section.go:\d+\)`
	if err != nil {
		return err
	}
	d.state = 1
	return d.greet(conn) // ok: the same critical section as the dial, one report with it
}

func (d *Dialer) greet(conn net.Conn) error {
	if _, err := conn.Write([]byte("hello")); err != nil {
		return err
	}
	d.conn = conn
	return nil
}

// Receive is a critical section of its own: reported on its own.
func (d *Dialer) Receive(buf []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.conn.Read(buf) // [io-under-lock] // want `d.mu is held across a call to d.conn.Read`
}

func (d *Dialer) State() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.state
}

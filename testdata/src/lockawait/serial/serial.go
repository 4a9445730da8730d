// Package serial tells a lock that serialises I/O from a lock that guards
// state and is held across I/O.
package serial

import (
	"net"
	"sync"
)

// Conn's wmu only ever guards writes to conn: every critical section of
// wmu writes, so holding it across the write is its purpose.
type Conn struct {
	wmu  sync.Mutex
	conn net.Conn

	mu     sync.Mutex
	closed bool
	peer   net.Conn
}

func (c *Conn) WriteFrame(p []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err := c.conn.Write(p) // ok: wmu exists to serialise these writes
	return err
}

func (c *Conn) WritePing() error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err := c.conn.Write([]byte("ping")) // ok: same lock, same job
	return err
}

func (c *Conn) CloseWrite() error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.conn.Close() // ok: touching the connection counts as its job
}

// mu guards closed too, so a slow peer now blocks IsClosed.
func (c *Conn) Forward(p []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	_, err := c.peer.Write(p) // [io-under-lock] // want `c.mu is held across a call to c.peer.Write`
	return err
}

func (c *Conn) IsClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// A writer whose WriteMessage takes its own channel-based lock before
// writing: the call's purpose is I/O, so a serialising lock may be held
// across it even though its first wait is on a channel.
type wsConn struct {
	mu   chan struct{}
	conn net.Conn
}

func (w *wsConn) WriteMessage(p []byte) error {
	<-w.mu
	defer func() { w.mu <- struct{}{} }()
	_, err := w.conn.Write(p)
	return err
}

type stream struct {
	writeLock sync.Mutex
	ws        *wsConn
}

func (s *stream) Send(p []byte) error {
	s.writeLock.Lock()
	defer s.writeLock.Unlock()
	return s.ws.WriteMessage(p) // ok: writeLock serialises these writes
}

// A writer whose write section reaches the connection through values the
// analysis cannot follow (an interface from NextWriter) but still uses the
// connection: the lock serialises use of the connection.
type frameWriter interface {
	Write(p []byte) (int, error)
	Close() error
}

type wsConn2 struct{ conn net.Conn }

func (w *wsConn2) NextWriter() frameWriter { return nil }
func (w *wsConn2) WriteMessage(p []byte) error {
	_, err := w.conn.Write(p)
	return err
}

type stream2 struct {
	writeLock sync.Mutex
	conn      *wsConn2
}

func (s *stream2) Write(p []byte) error {
	s.writeLock.Lock()
	defer s.writeLock.Unlock()
	w := s.conn.NextWriter()
	_, err := w.Write(p)
	return err
}

func (s *stream2) Close() error {
	s.writeLock.Lock()
	defer s.writeLock.Unlock()
	return s.conn.WriteMessage([]byte("close")) // ok: every section uses s.conn
}

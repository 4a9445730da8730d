// Package messages holds consumers that start a goroutine per message,
// and the loops that look like them but are not driven by messages.
package messages

import (
	"context"
	"net"
	"time"
)

type Msg struct{ Body []byte }

func handle(Msg) {}

func RangeChan(inbox <-chan Msg) {
	for m := range inbox {
		go handle(m) // [goroutine-per-message] // want `a goroutine is started for every message received from inbox in the loop at messages.go:\d+, with nothing bounding how many run at once .*handle messages in a fixed pool of workers`
	}
}

type Consumer struct {
	msgs chan Msg
	quit chan struct{}
}

func (c *Consumer) Run(ctx context.Context) {
	for {
		select {
		case m := <-c.msgs:
			go handle(m) // [goroutine-per-message] // want `for every message received from c.msgs`
		case <-ctx.Done():
			return
		}
	}
}

func (c *Consumer) Recv() {
	for {
		m, ok := <-c.msgs
		if !ok {
			return
		}
		go handle(m) // [goroutine-per-message] // want `for every message received from c.msgs`
	}
}

func ReadLoop(conn net.Conn) {
	buf := make([]byte, 512)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return
		}
		go handle(Msg{Body: buf[:n]}) // [goroutine-per-message] // want `for every message read by conn.Read`
	}
}

// Negatives.

func Ticker(t *time.Ticker) {
	for range t.C {
		go poll() // ok: one per tick, not per message
	}
}

func TimerSelect(ctx context.Context) {
	for {
		select {
		case <-time.After(time.Second):
			go poll() // ok: periodic
		case <-ctx.Done():
			return
		}
	}
}

func (c *Consumer) Wakeups(wake chan struct{}) {
	for range wake {
		go poll() // ok: signals, not messages
	}
}

func (c *Consumer) Limited(sem chan struct{}) {
	for m := range c.msgs {
		sem <- struct{}{} // ok: a semaphore bounds the handlers
		go func() {
			defer func() { <-sem }()
			handle(m)
		}()
	}
}

func (c *Consumer) Serially() {
	for m := range c.msgs {
		done := make(chan struct{})
		go func() { defer close(done); handle(m) }() // ok: joined before the next message
		<-done
	}
}

func poll() {}

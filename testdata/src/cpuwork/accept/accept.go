// Package accept holds accept loops, reported only with -accept-loops.
package accept

import "net"

func serve(net.Conn) {}

func Serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go serve(c) // [goroutine-per-conn] // want `a goroutine is started for every connection accepted by l.Accept .*acquire a semaphore before each Accept`
	}
}

func ServeLimited(l net.Listener, sem chan struct{}) error {
	for {
		sem <- struct{}{} // ok: connections are capped
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go func() { defer func() { <-sem }(); serve(c) }()
	}
}

type Transport struct{ streams chan net.Conn }

func (t *Transport) Listen(quit chan struct{}) {
	for {
		select {
		case c := <-t.streams:
			go serve(c) // [goroutine-per-conn] // want `a goroutine is started for every connection received from t.streams`
		case <-quit:
			return
		}
	}
}

// Accept loops are not reported by default.
package messages

import "net"

func serveConn(net.Conn) {}

func Serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go serveConn(c) // ok: accept loops are how Go servers are written (see -accept-loops)
	}
}

func ServeLimited(l net.Listener, sem chan struct{}) error {
	for {
		sem <- struct{}{} // ok: connections are capped
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go func() { defer func() { <-sem }(); serveConn(c) }()
	}
}

type Transport struct{ streams chan net.Conn }

func (t *Transport) Listen(quit chan struct{}) {
	for {
		select {
		case c := <-t.streams:
			go serveConn(c) // ok: connections arriving on a channel are an accept loop
		case <-quit:
			return
		}
	}
}

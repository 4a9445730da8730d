package crosspkg

import (
	"net/http"

	"blocking/dep"
)

// ServeWS upgrades the request's connection: I/O on it is the request's
// own, bounded by the client.
func ServeWS(w http.ResponseWriter, r *http.Request) {
	conn := dep.Upgrade(w, r)
	done := make(chan struct{})
	go writer(conn, done)
	reader(conn)
	<-done // ok: the goroutine's I/O is on the request's connection
	backend := dep.DialConn("backend:80")
	backend.ReadMessage() // [call-in-request] // want `call to backend.ReadMessage in ServeWS \(http handler\) may block without observing the request's cancellation: receive from c.in`
}

func reader(conn *dep.Conn) {
	conn.SetHandler(func() { conn.ReadMessage() }) // ok: captured, still the request's connection
	for {
		if msg := conn.ReadMessage(); msg == nil { // ok: the request's connection
			return
		}
	}
}

func writer(conn *dep.Conn, done chan struct{}) {
	defer close(done)
	conn.ReadMessage()
}

package basic

import "net/http"

// Hub serves its channels in a loop that never blocks: a send to it waits
// only until the loop comes round.
type Hub struct {
	register   chan *Client
	unregister chan *Client
	broadcast  chan []byte
	clients    map[*Client]bool
}

type Client struct{ send chan []byte }

func (h *Hub) run() {
	for {
		select {
		case c := <-h.register:
			h.clients[c] = true
		case c := <-h.unregister:
			delete(h.clients, c)
			close(c.send)
		case m := <-h.broadcast:
			for c := range h.clients {
				select {
				case c.send <- m:
				default:
					delete(h.clients, c)
				}
			}
		}
	}
}

// Slow serves its queue in a loop that writes to a peer per item: a send
// to it can wait for another request's I/O.
type Slow struct {
	queue chan []byte
	peer  chan []byte
}

func (s *Slow) run() {
	for b := range s.queue {
		s.peer <- b
	}
}

func StartHubs(h *Hub, s *Slow) {
	go h.run()
	go s.run()
}

type WS struct {
	hub  *Hub
	slow *Slow
}

func (ws *WS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, s := ws.hub, ws.slow
	c := &Client{send: make(chan []byte, 256)}
	h.register <- c        // ok: the hub's loop answers at once
	s.queue <- []byte("x") // want `send on s.queue in \(\*WS\).ServeHTTP \(ServeHTTP method\) does not observe the request's cancellation; it waits for the loop that receives from it at hub.go:\d+, which may block: send on s.peer \(hub.go:\d+\)`
}

// Package cycle deadlocks two goroutines: Publish sends on h.events while
// holding h.mu, and the loop that receives from h.events takes h.mu
// between receives.
package cycle

import (
	"sync"
	"time"
)

// Hub fans events in.
type Hub struct {
	mu     sync.Mutex
	events chan string
	seen   []string
}

// NewHub starts the hub's loop.
func NewHub() *Hub {
	h := &Hub{events: make(chan string)}
	go h.loop()
	return h
}

// Publish hands e to the loop.
func (h *Hub) Publish(e string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.events <- e
}

func (h *Hub) loop() {
	for e := range h.events {
		time.Sleep(100 * time.Millisecond) // work
		h.mu.Lock()
		h.seen = append(h.seen, e)
		h.mu.Unlock()
	}
}

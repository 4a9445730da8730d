// Package dep is a dependency whose functions block, for cross-package
// tests.
package dep

import "sync"

type Hub struct {
	mu  sync.Mutex
	out chan string
}

// Emit blocks until someone receives.
func (h *Hub) Emit(s string) { h.out <- s }

// Relay blocks through another function.
func Relay(h *Hub, s string) { h.Emit(s) }

// Quick does not block.
func Quick(h *Hub) int { return len(h.out) }

// Lock locks h and returns with it held.
func (h *Hub) Lock() { h.mu.Lock() }

// Unlock unlocks h.
func (h *Hub) Unlock() { h.mu.Unlock() }

// Touch takes h's lock briefly.
func (h *Hub) Touch() {
	h.mu.Lock()
	defer h.mu.Unlock()
}

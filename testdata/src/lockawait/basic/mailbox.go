package basic

import "sync"

// Health keeps, per service, watchers that want only the latest status.
type Health struct {
	mu      sync.Mutex
	updates map[string][]chan int
	other   chan int
}

func (h *Health) Set(svc string, status int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, u := range h.updates[svc] {
		select {
		case <-u:
		default:
		}
		u <- status // ok: drained first: the latest-value mailbox
	}
}

func (h *Health) SetOther(svc string, status int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, u := range h.updates[svc] {
		select {
		case <-h.other:
		default:
		}
		u <- status // [send-under-lock] // want `h.mu is held across send on u`
	}
}

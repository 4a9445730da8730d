package basic

import "sync"

// Transport is a test double whose sink hook nothing in the package ever
// sets: the guarded send never runs.
type Transport struct {
	mu     sync.Mutex
	closed bool
	sink   chan []byte
}

func (t *Transport) Write(msgs ...[]byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	for _, b := range msgs {
		c := make([]byte, len(b))
		copy(c, b)
		if t.sink != nil {
			t.sink <- c // ok: sink is never set, so this never runs
		}
	}
	return nil
}

// Recorder sets its hook when it is made, and nothing receives from it:
// the guarded send runs and never ends.
type Recorder struct {
	mu   sync.Mutex
	n    int
	sink chan []byte
}

func NewRecorder() *Recorder { return &Recorder{sink: make(chan []byte)} }

func (r *Recorder) Write(b []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	if r.sink != nil {
		r.sink <- b // [send-under-lock] // want `r.mu is held across send on r.sink .*nothing in the package receives from it`
	}
	return nil
}

package basic

import (
	"sync"
	"time"
)

// fakeDisk simulates a slow disk for tests by sleeping under its lock.
type fakeDisk struct {
	mu      sync.Mutex
	latency time.Duration
	files   map[string][]byte
}

func (d *fakeDisk) read(name string) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	time.Sleep(d.latency) // ok: a fake that sleeps to simulate latency
	return d.files[name]
}

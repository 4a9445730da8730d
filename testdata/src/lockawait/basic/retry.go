package basic

import (
	"sync"
	"time"
)

// Committer commits under its lock, retrying with a backoff: the lock
// serialises the commit, and the pauses between its attempts are part of
// it.
type Committer struct {
	mu      sync.Mutex
	applied int
	send    func() (bool, error)
}

func (c *Committer) Commit() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return retryWithBackoff(3, c.send) // ok: the sleep is a backoff between attempts
}

func retryWithBackoff(attempts int, run func() (bool, error)) error {
	var err error
	for i := 0; i < attempts; i++ {
		var again bool
		again, err = run()
		if !again {
			return err
		}
		time.Sleep(time.Duration(i+1) * 10 * time.Millisecond)
	}
	return err
}

func (c *Committer) Applied() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.applied
}

// Drip sleeps under the lock between items, on a loop that leaves only
// when the items run out: a pause, not a retry, and Applied waits for it.
func (c *Committer) Drip(items []int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, it := range items {
		c.applied += it
		time.Sleep(time.Millisecond) // [sleep-under-lock] // want `c.mu is held across a call to time.Sleep`
	}
}

// WaitApplied polls under the lock until a deadline passes: leaving on
// the clock is not an attempt's result.
func (c *Committer) WaitApplied(n int, timeout time.Duration) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	start := time.Now()
	for c.applied < n {
		if time.Since(start) > timeout {
			return false
		}
		time.Sleep(time.Millisecond) // [sleep-under-lock] // want `c.mu is held across a call to time.Sleep`
	}
	return true
}

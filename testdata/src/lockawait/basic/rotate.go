package basic

import "sync"

// rotator stores a channel chosen in a loop: the value reaching the store
// is a phi that refers to itself, which the buffer lookup must follow once.
type rotator struct {
	mu sync.Mutex
	ch chan int
}

func (r *rotator) rotate(n int) {
	var c chan int
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			c = make(chan int, 1)
		}
	}
	r.mu.Lock()
	r.ch = c
	r.mu.Unlock()
}

func (r *rotator) take() int { return <-r.ch }

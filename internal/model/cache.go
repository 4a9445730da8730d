package model

import "sync"

// cache is a map safe for concurrent use. The passes that share a Model run
// in parallel on the same package, and the Model computes some answers
// lazily; a computation may run twice in a race, which is harmless because
// it is deterministic.
type cache[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

func (c *cache[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *cache[K, V]) put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[K]V)
	}
	c.m[k] = v
}

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

// sharedEntry is one computation shared by the passes (see Model.Shared).
type sharedEntry struct {
	once sync.Once
	v    any
}

// Shared returns the value compute returns for key, computing it once per
// package however many passes ask: what several passes derive from the
// model in the same way (a package's request paths) belongs here rather
// than in each pass. key must be comparable; compute must not call Shared
// with the same key.
func (m *Model) Shared(key any, compute func() any) any {
	e, _ := m.shared.LoadOrStore(key, new(sharedEntry))
	s := e.(*sharedEntry)
	s.once.Do(func() { s.v = compute() })
	return s.v
}

// Package iface calls through interfaces that the package declares: every
// implementation the package declares is what such a call can run.
package iface

import (
	"io"
	"sync"
	"time"
)

// Sink receives events; both implementations below wait for a consumer.
type Sink interface {
	Put(v int)
}

type chanSink struct{ ch chan int }

func (s *chanSink) Put(v int) { s.ch <- v }

type slowSink struct{}

func (slowSink) Put(v int) { time.Sleep(time.Duration(v)) }

// Cache has one implementation that waits and one that does not.
type Cache interface {
	Get(k string) int
}

type memCache struct{ m map[string]int }

func (c *memCache) Get(k string) int { return c.m[k] }

type remoteCache struct{ reply chan int }

func (c *remoteCache) Get(k string) int { return <-c.reply }

type Svc struct {
	mu    sync.Mutex
	sink  Sink
	cache Cache
	out   io.Writer
	n     int
}

func (s *Svc) Emit(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	s.sink.Put(v) // [call-under-lock] // want `s.mu is held across a call to s.sink.Put, which may block: \(\*chanSink\).Put → send on s.ch`
}

func (s *Svc) Lookup(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cache.Get(k) // ok: memCache.Get does not wait, so the call need not
}

func (s *Svc) Log(b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.out.Write(b) // ok: io.Writer is not this package's interface
}

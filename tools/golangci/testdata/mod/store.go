// Package gcltest is what check.sh runs the custom golangci-lint on: each
// function is a case whose finding depends on the plugin's settings.
package gcltest

import (
	"os"
	"sync"
)

// Queue stands for a client whose Wait blocks where the analysis cannot
// see; the settings name it in extra-blocking.
type Queue struct{}

func (q *Queue) Wait() {}

type Store struct {
	mu     sync.Mutex
	events chan string
	log    *os.File
	q      *Queue
	n      int
}

// Publish is reported with every setting that leaves lockawait on.
func (s *Store) Publish(e string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	s.events <- e
}

// Append is reported only with lockawait's fileio option.
func (s *Store) Append(p []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	s.log.Write(p)
}

// Drain is reported only when extra-blocking names (*Queue).Wait.
func (s *Store) Drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	s.q.Wait()
}

// Notify is suppressed by golangci-lint's own directive.
func (s *Store) Notify(e string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	s.events <- e //nolint:concurlint // events is drained by a goroutine that never takes mu
}

package fileio

import (
	"os"
	"sync"
)

type Log struct {
	mu sync.Mutex
	f  *os.File
	n  int
}

func (l *Log) Append(p []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.f.Write(p) // [io-under-lock] // want `l.mu is held across a call to l.f.Write`
}

func (l *Log) Count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

package nofileio

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
	l.f.Write(p) // ok: file I/O is not reported by default
}

func (l *Log) Count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

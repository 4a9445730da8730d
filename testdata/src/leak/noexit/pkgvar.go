package noexit

import (
	"sync"
	"time"
)

// A package variable initialised by an unexported constructor: the
// constructor runs once, from the package initialiser.
type logOnce struct {
	mu  sync.Mutex
	ids map[string]int
}

func (l *logOnce) cleanup() {
	for {
		time.Sleep(time.Hour)
		l.mu.Lock()
		l.ids = map[string]int{}
		l.mu.Unlock()
	}
}

func newLogOnce() *logOnce {
	l := &logOnce{ids: map[string]int{}}
	go l.cleanup() // ok: only the initialiser of logger calls newLogOnce
	return l
}

var logger = newLogOnce()

// The positive: the same constructor, also called by an exported function.
type sharedLog struct {
	mu  sync.Mutex
	ids map[string]int
}

func (l *sharedLog) cleanup() {
	for {
		time.Sleep(time.Hour)
		l.mu.Lock()
		l.ids = map[string]int{}
		l.mu.Unlock()
	}
}

func newSharedLog() *sharedLog {
	l := &sharedLog{ids: map[string]int{}}
	go l.cleanup() // want `goroutine running \(\*sharedLog\).cleanup never exits: .* each call of newSharedLog starts one more`
	return l
}

var sharedLogger = newSharedLog()

func NewSharedLog() *sharedLog { return newSharedLog() }

//go:build go1.22

package timers

import (
	"errors"
	"time"
)

func poll() bool { return true }

func Wait(d time.Duration, done chan struct{}) error {
	t := time.NewTimer(d) // [timer-not-stopped] // want `t from time.NewTimer is not stopped when Wait returns at timers.go:\d+, and before Go 1.23 \(this file is go1.22\) it is never collected; defer t.Stop\(\) after creating it`
	select {
	case <-done:
		return nil
	case <-t.C:
		return errors.New("timeout")
	}
}

func Poll() {
	ticker := time.NewTicker(time.Second) // [timer-not-stopped] // want `ticker from time.NewTicker is not stopped when Poll returns at timers.go:\d+`
	for range ticker.C {
		if poll() {
			ticker.Stop()
			return
		}
		if !poll() {
			return
		}
	}
}

func Every(d time.Duration) {
	for range time.Tick(d) { // [tick-leak] // want `time.Tick starts a ticker that is never collected before Go 1.23 \(this file is go1.22\), and each call of Every starts one more; use time.NewTicker`
		if poll() {
			return
		}
	}
}

// --- look-alikes that must stay silent ---

func Deferred() {
	t := time.NewTicker(time.Second) // ok: stopped by defer
	defer t.Stop()
	for range t.C {
		if poll() {
			return
		}
	}
}

func StoppedEverywhere() bool {
	t := time.NewTimer(time.Second) // ok: stopped on every path
	if poll() {
		t.Stop()
		return true
	}
	<-t.C
	t.Stop()
	return false
}

type Poller struct{ t *time.Ticker }

func (p *Poller) Start() {
	p.t = time.NewTicker(time.Second) // ok: stored, its owner stops it elsewhere
}

func init() {
	go func() {
		for range time.Tick(time.Second) { // ok: init runs once
			poll()
		}
	}()
}

func Fired(d time.Duration, done chan struct{}) error {
	t := time.NewTimer(d) // ok: stopped, or expired when its channel delivered
	select {
	case <-done:
		t.Stop()
		return nil
	case <-t.C:
		return errors.New("timeout")
	}
}

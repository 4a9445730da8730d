package onesided

import (
	"context"
	"testing"
)

// A test runs the plugin's loop with a context of its own and schedules
// from the same function: scaffolding, which does not make run's context
// a request's.
func TestSchedule(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &gcScheduler{eventC: make(chan int)}
	go s.run(ctx)
	s.Schedule()
}

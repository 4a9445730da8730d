package noexit

import "testing"

// The tests run setRuntime again: exercising it, not running the program,
// so it still runs once per process.
func TestSetRuntime(t *testing.T) {
	setRuntime()
	setRuntime()
}

package testfilesflag

import (
	"errors"
	"testing"
)

func TestEarly(t *testing.T) {
	ch := make(chan int)
	go func() { ch <- compute() }() // [forgotten-sender] // want `send on ch can block forever: TestEarly returns at testfilesflag_test.go:\d+`
	if compute() > 0 {
		t.Log(errors.New("early"))
		return
	}
	<-ch
}

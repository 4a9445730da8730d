package testfiles

import (
	"errors"
	"testing"
)

func TestEarly(t *testing.T) {
	ch := make(chan int)
	go func() { ch <- compute() }() // ok: bounded by the test binary; -leak.tests is off
	if compute() > 0 {
		t.Log(errors.New("early"))
		return
	}
	<-ch
}

// Package chanwaits exercises ChanEffect.SendWaits and RecvWaits: whether a
// function's operation on a channel parameter can wait with nothing else to
// wake it.
package chanwaits

import "context"

func Bare(out chan<- int, in <-chan int) { // want Bare:`chan\(param1: recv\) chan\(param0: send\)`
	out <- <-in
}

func Guarded(ctx context.Context, out chan<- int, in <-chan int) { // want Guarded:`chan\(param1: send\) chan\(param2: recv\)`
	select {
	case out <- 1:
	case <-ctx.Done():
	}
	select {
	case <-in:
	case <-ctx.Done():
	}
}

func SingleCase(out chan<- int) { // want SingleCase:`chan\(param0: send\)`
	select {
	case out <- 1:
	}
}

func ViaHelper(out chan<- int) { // want ViaHelper:`chan\(param0: send\)`
	Bare(out, nil)
}

func DeferClose(out chan<- int) { // want DeferClose:`chan\(param0: send,close\)`
	defer close(out)
	out <- 1
}

// Package rangeearly leaks a producer: its consumer returns from the
// middle of its range loop on the first bad value.
package rangeearly

import "errors"

var errTooBig = errors.New("too big")

func produce(out chan<- int, n int) {
	for i := 0; i < n; i++ {
		out <- i
	}
	close(out)
}

// Check reports whether all of the first n numbers are small.
func Check(n int) error {
	ch := make(chan int)
	go produce(ch, n)
	for v := range ch {
		if v > 2 {
			return errTooBig
		}
	}
	return nil
}

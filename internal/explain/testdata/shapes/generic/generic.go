// Package generic leaks senders from a generic function: First starts one
// goroutine per function and takes the first result; the others are left
// sending. The send is in a small helper the compiler inlines.
package generic

// First returns the result of the first function to finish.
func First[T any](fs ...func() T) T {
	ch := make(chan T)
	for _, f := range fs {
		go func() {
			put(ch, f())
		}()
	}
	return <-ch
}

func put[T any](ch chan<- T, v T) {
	ch <- v
}

// Command onesidedmain: goroutines stranded by a function that runs once,
// or by main itself, end with the program.
package main

import "errors"

func compare(dirs []string) error {
	var errcs []chan error
	for range dirs {
		errcs = append(errcs, walk())
	}
	for _, errc := range errcs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func walk() chan error {
	errc := make(chan error)
	go func() {
		errc <- errors.New("walk") // ok: compare runs once, from main: at most one goroutine per directory is stranded, and the program ends
	}()
	return errc
}

func main() {
	_ = compare([]string{"a", "b"})
	lines := make(chan string)
	go func() {
		lines <- "x" // ok: main returning ends the program
	}()
	if len(lines) > 0 {
		return
	}
	<-lines
}

// Package pipe blocks a reader inside the standard library: it reads lines
// from a pipe that nothing writes to or closes.
package pipe

import (
	"bufio"
	"io"
)

// Start starts a reader of the pipe and returns its writer.
func Start() *io.PipeWriter {
	r, w := io.Pipe()
	go consume(r)
	return w
}

func consume(r io.Reader) {
	br := bufio.NewReader(r)
	for {
		if _, err := br.ReadString('\n'); err != nil {
			return
		}
	}
}

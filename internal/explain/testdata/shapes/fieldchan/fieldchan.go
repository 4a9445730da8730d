// Package fieldchan leaks a reader: nothing in the package ever sends on
// the frames channel it waits on, or closes it.
package fieldchan

// Conn reads frames.
type Conn struct {
	frames chan []byte
	n      int
}

// Open starts the connection's reader.
func Open() *Conn {
	c := &Conn{frames: make(chan []byte)}
	go c.readLoop()
	return c
}

func (c *Conn) readLoop() {
	for {
		f, ok := <-c.frames
		if !ok {
			return
		}
		c.n += len(f)
	}
}

// Package nilchan waits on a channel that was never made.
package nilchan

// Server answers requests once started.
type Server struct {
	reqs chan int
}

// Serve handles requests; Start, which makes reqs, was never called.
func (s *Server) Serve() {
	for r := range s.reqs {
		_ = r
	}
}

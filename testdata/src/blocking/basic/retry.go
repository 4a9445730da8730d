package basic

import (
	"context"
	"errors"
	"net/http"
	"os"
	"time"
)

var errClosed = errors.New("connection closed")

// Stopper retries a stop that is given the request's context: once the
// client has gone, the next attempt fails with the context's error and the
// loop returns, one short pause later at most.
type Stopper struct{}

func (s *Stopper) Stop(w http.ResponseWriter, r *http.Request) {
	_ = s.stopRetrying(r.Context())
	_ = s.removeRetrying("/tmp/x") // [sleep-in-request] // want `call to s.removeRetrying in \(\*Stopper\).Stop \(http handler\) reaches time.Sleep, which blocks the request and ignores its cancellation`
}

func (s *Stopper) stopRetrying(ctx context.Context) error {
	var err error
	for i := 1; i <= 3; i++ {
		err = s.stop(ctx)
		if err == nil || !errors.Is(err, errClosed) {
			return err
		}
		time.Sleep(time.Duration(100*i*i) * time.Millisecond) // ok: the attempts are given ctx, so the loop ends at the first attempt after cancellation
	}
	return err
}

func (s *Stopper) stop(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return errClosed
	}
}

// removeRetrying's attempts take no context: the loop runs to its end
// whatever the request does.
func (s *Stopper) removeRetrying(path string) error {
	for i := 0; i < 50; i++ {
		if err := os.Remove(path); err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond) // ok: reported at the handler's call of removeRetrying
	}
	return nil
}

package crosspkg

import (
	"context"
	"net/http"

	"blocking/dep"
)

// Events streams events until the subscription ends.
func (a *API) Events(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	events, errs := dep.Subscribe(ctx)
	for {
		select { // ok: the producer was given the request's context and ends the subscription with it
		case ev := <-events:
			w.Write([]byte(ev))
		case <-errs:
			return
		}
	}
}

// All streams events of a subscription nothing ties to the request.
func (a *API) All(w http.ResponseWriter, r *http.Request) {
	events, errs := dep.SubscribeAll()
	for {
		select { // want `select on events, errs in \(\*API\).All \(http handler\) does not observe the request's cancellation`
		case ev := <-events:
			w.Write([]byte(ev))
		case <-errs:
			return
		}
	}
}

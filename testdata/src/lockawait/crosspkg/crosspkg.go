package crosspkg

import (
	"sync"

	"lockawait/dep"
)

type Svc struct {
	mu  sync.Mutex
	hub *dep.Hub
}

func (s *Svc) Forward(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hub.Emit(msg) // want `s.mu is held across a call to s.hub.Emit, which may block: send on h.out \(dep.go:\d+\) .*\(1 more call site in this package reaches it the same way\)`
}

func (s *Svc) ForwardRelay(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dep.Relay(s.hub, msg) // ok: the same wait under the same lock as Forward's, reported there
}

func (s *Svc) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return dep.Quick(s.hub) // ok: does not block
}

func (s *Svc) HubLocked(msg string) {
	s.hub.Lock()
	s.hub.Touch() // want `call to s.hub.Touch locks s.hub.mu \(at dep.go:\d+\) while it is already held`
	s.hub.Unlock()
}

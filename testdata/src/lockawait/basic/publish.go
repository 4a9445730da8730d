package basic

import "sync"

// meter notifies a watcher on a send-only field after each increment,
// under its lock.
type meter struct {
	mu     sync.Mutex
	n      int
	notify chan<- struct{}
}

func (m *meter) value() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n
}

func (m *meter) Inc() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.n++
	m.notify <- struct{}{} // ok: watchMeter takes m.mu only before it hands the channel over
}

// watchMeter reads the meter, then makes the channel and hands it over as
// a chan<- field: the lock it took is behind it by the time Inc can send.
func watchMeter(m *meter, step func()) int {
	before := m.value()
	ch := make(chan struct{}, 1)
	m.notify = ch
	step()
	<-ch
	return before
}

// lateMeter's watcher reads the meter after handing the channel over: an
// Inc that holds the lock while the buffer is full waits for a watcher
// that waits for the lock.
type lateMeter struct {
	mu     sync.Mutex
	n      int
	notify chan<- struct{}
}

func (m *lateMeter) value() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n
}

func (m *lateMeter) Inc() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.n++
	m.notify <- struct{}{} // [send-under-lock] // want `m.mu is held across send on m.notify \(locked at publish.go:\d+\), and its receiver needs m.mu first`
}

func watchLateMeter(m *lateMeter, step func()) int {
	ch := make(chan struct{}, 1)
	m.notify = ch
	step()
	now := m.value()
	<-ch
	return now
}

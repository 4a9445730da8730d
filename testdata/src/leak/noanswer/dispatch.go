package noanswer

import "context"

// An interface with an unexported method: only this package's types can
// implement it, so what a call of it returns is what they return (minio's
// iamStorageWatcher.watch, implemented by its etcd store).
type event struct{ key string }

type watcher interface {
	watch(ctx context.Context, key string) <-chan event
}

type etcdStore struct{ keys chan string }

func (s *etcdStore) watch(ctx context.Context, key string) <-chan event {
	ch := make(chan event)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case k := <-s.keys:
				ch <- event{k} // ok: the caller of watcher.watch ranges over the channel
			}
		}
	}()
	return ch
}

func (s *etcdStore) Put(k string) { s.keys <- k }

type iamSys struct{ store any }

func (sys *iamSys) Run(ctx context.Context) {
	if w, ok := sys.store.(watcher); ok {
		go func() {
			for ev := range w.watch(ctx, "x") {
				_ = ev
			}
		}()
	}
}

// The positive: the only implementation hands out a channel nothing in
// the package sends on or closes.
type feeder interface{ feed() <-chan int }

type deafStore struct{ c chan int }

func newDeafStore() *deafStore { return &deafStore{c: make(chan int)} }

func (d *deafStore) feed() <-chan int { return d.c }

func Drain(f feeder) {
	for v := range f.feed() { // want `range over f.feed\(\) never receives anything: nothing in this package sends on it or closes it`
		use(v)
	}
}

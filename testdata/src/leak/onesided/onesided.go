// Package onesided holds cancellation on one side only: a loop that stops
// receiving while others still send with bare sends, and a receive whose
// senders all give up when cancelled; each with its correct twin.
package onesided

import (
	"context"
	"errors"
	"sync/atomic"

	"leak/dep"
)

func use(int)             {}
func work(v int) error    { return nil }
func compute() int        { return 1 }
func fetch() (int, error) { return 1, nil }

var errStopped = errors.New("stopped")

// The event loop stops on quit; Post keeps sending with a bare send.
type loop struct {
	events chan int
	quit   chan struct{}
}

func newLoop() *loop {
	l := &loop{events: make(chan int), quit: make(chan struct{})}
	go l.run()
	return l
}

func (l *loop) run() {
	for {
		select {
		case e := <-l.events:
			use(e)
		case <-l.quit:
			return
		}
	}
}

func (l *loop) Stop() { close(l.quit) }

// Notify posts from a goroutine of its own.
func (l *loop) Notify(e int) { go l.Post(e) }

func (l *loop) TryNotify(e int) { go l.TryPost(e) }

func (l *loop) Post(e int) {
	l.events <- e // ok: the loop stops when its owner is stopped (l.quit); posting after Stop is the caller's misuse
}

// Checking the stop signal first does not help.
func (l *loop) TryPost(e int) error {
	select {
	case <-l.quit:
		return errStopped
	default:
		l.events <- e // want `send on l.events can block forever: .* \(the check at onesided.go:\d+ does not help: the loop may stop between the check and the send\)`
	}
	return nil
}

// The twin: the send waits on the signal the loop stops on, too.
type safeLoop struct {
	events chan int
	quit   chan struct{}
}

func newSafeLoop() *safeLoop {
	l := &safeLoop{events: make(chan int), quit: make(chan struct{})}
	go l.run()
	return l
}

func (l *safeLoop) run() {
	for {
		select {
		case e := <-l.events:
			use(e)
		case <-l.quit:
			return
		}
	}
}

func (l *safeLoop) Stop() { close(l.quit) }

func (l *safeLoop) Notify(e int) { go l.Post(e) }

func (l *safeLoop) Post(e int) error {
	select {
	case l.events <- e: // ok: the send also waits on quit, the loop's stop signal
		return nil
	case <-l.quit:
		return errStopped
	}
}

// A consumer that returns on the first error.
type pipe struct {
	in chan int
}

func newPipe() *pipe {
	p := &pipe{in: make(chan int)}
	go p.consume()
	return p
}

func (p *pipe) consume() error {
	for v := range p.in {
		if err := work(v); err != nil {
			return err
		}
	}
	return nil
}

func (p *pipe) Put(v int) {
	p.in <- v // want `send on p.in can block forever: its only receiver, the loop in \(\*pipe\).consume, can stop receiving \(it leaves at onesided.go:\d+\)`
}

func (p *pipe) Close() { close(p.in) }

func (p *pipe) PutAsync(v int) { go p.Put(v) }

// The twin: the consumer keeps draining after its first error.
type drainingPipe struct {
	in chan int
}

func newDrainingPipe() *drainingPipe {
	p := &drainingPipe{in: make(chan int)}
	go p.consume()
	return p
}

func (p *drainingPipe) consume() error {
	var first error
	for v := range p.in {
		if err := work(v); err != nil {
			first = err
			for range p.in {
			}
			return first
		}
	}
	return first
}

func (p *drainingPipe) Put(v int) {
	p.in <- v // ok: the consumer drains p.in after its early exit
}

func (p *drainingPipe) Close() { close(p.in) }

func (p *drainingPipe) PutAsync(v int) { go p.Put(v) }

// The twin: a consumer restarted in a loop after each failure.
type reconnecting struct {
	in chan int
}

func newReconnecting(ctx context.Context) *reconnecting {
	r := &reconnecting{in: make(chan int)}
	go func() {
		for ctx.Err() == nil {
			r.session()
		}
	}()
	return r
}

func (r *reconnecting) session() error {
	for v := range r.in {
		if err := work(v); err != nil {
			return err
		}
	}
	return nil
}

func (r *reconnecting) Put(v int) {
	r.in <- v // ok: the session is started again after it returns
}

func (r *reconnecting) PutAsync(v int) { go r.Put(v) }

// Every sender gives up on cancellation, and nothing closes the channel:
// a bare receive waits forever once they have.
type server struct {
	replies chan int
}

func newServer(ctx context.Context) *server {
	s := &server{replies: make(chan int)}
	go s.loop(ctx)
	return s
}

func (s *server) loop(ctx context.Context) {
	for {
		select {
		case s.replies <- compute():
		case <-ctx.Done():
			return
		}
	}
}

func (s *server) Watch(f func(int)) { go func() { f(s.Get()) }() }

func (s *server) Get() int {
	return <-s.replies // want `receive from s.replies can block forever: every send on it gives up when cancelled \(the select in \(\*server\).loop at onesided.go:\d+\) and nothing closes it`
}

// The twin: the producer closes the channel when it gives up.
type closingServer struct {
	replies chan int
}

func newClosingServer(ctx context.Context) *closingServer {
	s := &closingServer{replies: make(chan int)}
	go s.loop(ctx)
	return s
}

func (s *closingServer) loop(ctx context.Context) {
	defer close(s.replies)
	for {
		select {
		case s.replies <- compute():
		case <-ctx.Done():
			return
		}
	}
}

func (s *closingServer) Watch(f func(int, bool)) { go func() { f(s.Get()) }() }

func (s *closingServer) Get() (int, bool) {
	v, ok := <-s.replies // ok: the producer closes replies when it gives up
	return v, ok
}

// The twin: the receiver watches the same cancellation.
type watchingServer struct {
	replies chan int
}

func newWatchingServer(ctx context.Context) *watchingServer {
	s := &watchingServer{replies: make(chan int)}
	go s.loop(ctx)
	return s
}

func (s *watchingServer) loop(ctx context.Context) {
	for {
		select {
		case s.replies <- compute():
		case <-ctx.Done():
			return
		}
	}
}

func (s *watchingServer) Get(ctx context.Context) (int, error) {
	select {
	case v := <-s.replies: // ok: the receive gives up on the same cancellation
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// The twin: the loop closes the channel on its way out; a later send
// panics rather than waits.
type hub struct {
	ops chan func()
}

func newHub() *hub { return &hub{ops: make(chan func(), 100)} }

func (h *hub) Start(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			close(h.ops)
			return
		case op := <-h.ops:
			op()
		}
	}
}

func (h *hub) Dispatch(op func()) {
	h.ops <- op // ok: the loop closes h.ops when it stops
}

func (h *hub) DispatchAsync(op func()) { go h.Dispatch(op) }

// The twin: the loop's only exits are the closing of channels that
// nothing closes: it never stops.
type enforcer struct {
	incoming chan int
	remove   chan int
}

func newEnforcer() *enforcer {
	e := &enforcer{incoming: make(chan int), remove: make(chan int)}
	go e.run()
	return e
}

func (e *enforcer) run() {
	for {
		select {
		case v, ok := <-e.incoming:
			if !ok {
				return
			}
			use(v)
		case v, ok := <-e.remove:
			if !ok {
				return
			}
			use(-v)
		}
	}
}

func (e *enforcer) Deliver(v int) {
	e.incoming <- v // ok: nothing closes e.incoming or e.remove, so run never leaves
}

func (e *enforcer) Remove(v int) { e.remove <- v }

func (e *enforcer) DeliverAsync(v int) { go e.Deliver(v); go e.Remove(v) }

// The twin: the senders give up only on a signal the receiver gives after
// it has received.
func First(n int) int {
	found := make(chan int)
	stop := make(chan struct{})
	for i := 0; i < n; i++ {
		go search(i, found, stop)
	}
	v := <-found // ok: stop is closed only after this receive
	close(stop)
	return v
}

func search(i int, found chan<- int, stop <-chan struct{}) {
	select {
	case found <- i:
	case <-stop:
	}
}

// The twin: a method only the package's users call; calling it after
// Stop is their misuse.
type apiLoop struct {
	events chan int
	quit   chan struct{}
}

func newAPILoop() *apiLoop {
	l := &apiLoop{events: make(chan int), quit: make(chan struct{})}
	go l.run()
	return l
}

func (l *apiLoop) run() {
	for {
		select {
		case e := <-l.events:
			use(e)
		case <-l.quit:
			return
		}
	}
}

func (l *apiLoop) Stop() { close(l.quit) }

func (l *apiLoop) Post(e int) {
	l.events <- e // ok: only users call Post, and not after Stop
}

// The twin: the loop leaves only when the judged channel is closed,
// seen through the ok of a select case.
type selectOK struct {
	in   chan int
	tick chan struct{}
}

func newSelectOK() *selectOK {
	s := &selectOK{in: make(chan int), tick: make(chan struct{}, 1)}
	go s.consume()
	return s
}

func (s *selectOK) consume() {
	for {
		select {
		case v, ok := <-s.in:
			if !ok {
				return
			}
			use(v)
		case <-s.tick:
		}
	}
}

func (s *selectOK) Put(v int) {
	s.in <- v // ok: consume leaves only when s.in is closed
}

func (s *selectOK) PutAsync(v int) { go s.Put(v) }

func (s *selectOK) Tick() {
	select {
	case s.tick <- struct{}{}:
	default:
	}
}

func (s *selectOK) Close() { close(s.in) }

// A loop that stops on the context of the request that started it; the
// producer does not watch that context.
type session struct {
	frames chan int
}

func Open(ctx context.Context, data []int) *session {
	s := &session{frames: make(chan int)}
	go s.pump(ctx)
	go s.read(data)
	return s
}

func (s *session) pump(ctx context.Context) {
	for {
		select {
		case f := <-s.frames:
			use(f)
		case <-ctx.Done():
			return
		}
	}
}

func (s *session) read(data []int) {
	for _, f := range data {
		s.frames <- f // want `send on s.frames can block forever: its only receiver, the loop in \(\*session\).pump, can stop receiving \(it leaves at onesided.go:\d+\)`
	}
}

// The twin: the producer watches the same context.
type watchedSession struct {
	frames chan int
}

func OpenWatched(ctx context.Context, data []int) *watchedSession {
	s := &watchedSession{frames: make(chan int)}
	go s.pump(ctx)
	go s.read(ctx, data)
	return s
}

func (s *watchedSession) pump(ctx context.Context) {
	for {
		select {
		case f := <-s.frames:
			use(f)
		case <-ctx.Done():
			return
		}
	}
}

func (s *watchedSession) read(ctx context.Context, data []int) {
	for _, f := range data {
		select {
		case s.frames <- f: // ok: the producer gives up on the same context
		case <-ctx.Done():
			return
		}
	}
}

// The twin: the loop stops when its owner's closer (another package's
// type, kept in a field) is signalled.
type threshold struct {
	values chan int
	closer *dep.Closer
}

func newThreshold() *threshold {
	t := &threshold{values: make(chan int), closer: dep.NewCloser()}
	go t.listen()
	return t
}

func (t *threshold) listen() {
	for {
		select {
		case <-t.closer.HasBeenClosed():
			return
		case v := <-t.values:
			use(v)
		}
	}
}

func (t *threshold) update(v int) {
	t.values <- v // ok: listen stops only when the owner is closed
}

func (t *threshold) Feed(v int) { go t.update(v) }

func (t *threshold) Close() { t.closer.Signal() }

// The twin: the loop stops when its owner's closed flag is set.
type flagged struct {
	closed atomic.Bool
	errs   chan error
	tick   chan struct{}
}

func newFlagged() *flagged {
	f := &flagged{errs: make(chan error), tick: make(chan struct{})}
	go f.loop()
	return f
}

func (f *flagged) loop() {
	for {
		if f.closed.Load() {
			return
		}
		select {
		case err := <-f.errs:
			_ = err
		case <-f.tick:
		}
	}
}

func (f *flagged) fail(err error) {
	f.errs <- err // ok: the loop stops only once its owner is closed
}

func (f *flagged) Fail(err error) { go f.fail(err) }

func (f *flagged) Tick() { f.tick <- struct{}{} }

func (f *flagged) Close() { f.closed.Store(true) }

// The twin: the loop stops on an error, and a deferred function receives
// once from every substream it closes on its way out.
type sub struct {
	id   int
	stop chan struct{}
}

type streams struct {
	closingc chan *sub
	errc     chan error
	subs     map[int]*sub
}

func newStreams() *streams {
	s := &streams{closingc: make(chan *sub), errc: make(chan error), subs: make(map[int]*sub)}
	go s.run()
	go s.read()
	return s
}

func (s *streams) read() { s.errc <- errStopped }

func (s *streams) run() {
	closing := make(map[*sub]bool)
	defer func() {
		for _, ws := range s.subs {
			if !closing[ws] {
				close(ws.stop)
				closing[ws] = true
			}
		}
		for range closing {
			use((<-s.closingc).id)
		}
	}()
	for {
		select {
		case ws := <-s.closingc:
			closing[ws] = true
			delete(s.subs, ws.id)
		case err := <-s.errc:
			if err != nil {
				return
			}
		}
	}
}

func (s *streams) serve(ws *sub) {
	<-ws.stop
	s.closingc <- ws // ok: run receives from every substream it closed, in its deferred function
}

func (s *streams) Add(id int) {
	ws := &sub{id: id, stop: make(chan struct{})}
	s.subs[id] = ws
	go s.serve(ws)
}

// The positive: the deferred function receives from another channel.
type leakyStreams struct {
	closingc chan int
	donec    chan int
	errc     chan error
}

func newLeakyStreams() *leakyStreams {
	s := &leakyStreams{closingc: make(chan int), donec: make(chan int), errc: make(chan error)}
	go s.run()
	go s.read()
	return s
}

func (s *leakyStreams) read() { s.errc <- errStopped }

func (s *leakyStreams) run() {
	defer func() {
		use(<-s.donec)
	}()
	for {
		select {
		case id := <-s.closingc:
			use(id)
		case err := <-s.errc:
			if err != nil {
				return
			}
		}
	}
}

func (s *leakyStreams) serve(id int) {
	s.closingc <- id // want `send on s.closingc can block forever: its only receiver, the loop in \(\*leakyStreams\).run, can stop receiving`
	s.donec <- id
}

func (s *leakyStreams) Add(id int) { go s.serve(id) }

func finish(err error) error { return err }

// The twin: result channels of buffer 1, each filled once by a goroutine
// of its own; the consumer may stop at the first error, no goroutine
// waits (containerd's unpacker).
type unpacker struct{}

func (u *unpacker) start(i int) (<-chan error, error) {
	defer use(i) // a defer: go/ssa keeps the results in variables
	if i < 0 {
		return nil, errStopped
	}
	resCh := make(chan error, 1)
	go func() {
		defer func() { close(resCh) }()
		if err := work(i); err != nil {
			resCh <- err // ok: the buffer of 1 takes the one value this goroutine sends
			return
		}
		resCh <- nil
	}()
	return resCh, nil
}

func (u *unpacker) Unpack(n int) error {
	for i := range n {
		ch, err := u.start(i)
		if err != nil {
			return err
		}
		if err := finish(<-ch); err != nil {
			return err
		}
	}
	return nil
}

// The positive: the goroutine can send twice on one path, and its buffer
// has one slot.
type chattyUnpacker struct{}

func (u *chattyUnpacker) start(i int) (<-chan error, error) {
	if i < 0 {
		return nil, errStopped
	}
	resCh := make(chan error, 1)
	go func() {
		if err := work(i); err != nil {
			resCh <- err // want `send on resCh can block forever: its only receiver, the loop in \(\*chattyUnpacker\).Unpack, can stop receiving`
		}
		resCh <- nil // want `send on resCh can block forever: its only receiver, the loop in \(\*chattyUnpacker\).Unpack, can stop receiving`
	}()
	return resCh, nil
}

func (u *chattyUnpacker) Unpack(n int) error {
	for i := range n {
		ch, err := u.start(i)
		if err != nil {
			return err
		}
		if err := finish(<-ch); err != nil {
			return err
		}
	}
	return nil
}

// The twin: a buffer of computed size, sized for its senders.
type chunks struct{}

func (c *chunks) Fetch(n, parallelism int) error {
	readers := make(chan int, parallelism)
	go func() {
		defer close(readers)
		for i := range n {
			readers <- i // ok: a buffer of computed size is taken to be sized for its senders
		}
	}()
	r := &chunkReader{readers: readers}
	return r.Read()
}

type chunkReader struct {
	readers <-chan int
}

func (r *chunkReader) Read() error {
	for {
		v, ok := <-r.readers
		if !ok {
			return nil
		}
		if err := work(v); err != nil {
			return err
		}
	}
}

// The twin: a plugin's loop, started once from the registration made in
// init, stops only when the plugin's init context ends (the daemon shuts
// down); posters started by its methods are stranded only after that.
type plugin struct {
	init func(ctx context.Context) any
}

var plugins []plugin

func register(p plugin) { plugins = append(plugins, p) }

func init() {
	register(plugin{init: func(ctx context.Context) any {
		s := &gcScheduler{eventC: make(chan int)}
		go s.run(ctx)
		return s
	}})
}

type gcScheduler struct {
	eventC chan int
}

func (s *gcScheduler) run(ctx context.Context) {
	for {
		select {
		case e := <-s.eventC:
			use(e)
		case <-ctx.Done():
			return
		}
	}
}

func (s *gcScheduler) Schedule() {
	go func() {
		s.eventC <- 1 // ok: run stops only when the plugin's init context ends, at shutdown
	}()
}

// The twin: an owner's loop run by the package's users (an exported
// Run(ctx), as an OOM watcher's is); the goroutines Add starts send into
// a stopped loop only after the user has cancelled the watcher's context.
type watcher struct {
	itemCh chan int
}

func NewWatcher() *watcher { return &watcher{itemCh: make(chan int)} }

func (w *watcher) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case i := <-w.itemCh:
			use(i)
		}
	}
}

func (w *watcher) Add(events <-chan int) {
	go func() {
		for ev := range events {
			w.itemCh <- ev // ok: Run stops only when the context its user runs the watcher with ends
		}
	}()
}

// The positive: a constructor starts the loop with a context from
// callers out of view, which may be a request's; the producers a method
// starts later are stranded when it is cancelled.
type poller struct {
	results chan int
}

func newPoller(ctx context.Context) *poller {
	p := &poller{results: make(chan int)}
	go p.collect(ctx)
	return p
}

func (p *poller) collect(ctx context.Context) {
	for {
		select {
		case r := <-p.results:
			use(r)
		case <-ctx.Done():
			return
		}
	}
}

func (p *poller) Poll() {
	go func() { p.results <- compute() }() // want `send on p.results can block forever: its only receiver, the loop in \(\*poller\).collect, can stop receiving`
}

// The positive: the function that starts the loop with a request's
// context also starts, through a helper, the producer that the loop
// abandons when that request is cancelled.
type request struct {
	parts chan int
}

func Handle(ctx context.Context, data []int) {
	r := &request{parts: make(chan int)}
	go r.assemble(ctx)
	r.feed(data)
}

func (r *request) feed(data []int) { go r.produce(data) }

func (r *request) assemble(ctx context.Context) {
	for {
		select {
		case p := <-r.parts:
			use(p)
		case <-ctx.Done():
			return
		}
	}
}

func (r *request) produce(data []int) {
	for _, d := range data {
		r.parts <- d // want `send on r.parts can block forever: its only receiver, the loop in \(\*request\).assemble, can stop receiving`
	}
}

// The positive: the owner's loop also stops on an error, long before the
// owner's context ends.
type failingWatcher struct {
	itemCh chan int
}

func NewFailingWatcher() *failingWatcher { return &failingWatcher{itemCh: make(chan int)} }

func (w *failingWatcher) Run(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case i := <-w.itemCh:
			if err := work(i); err != nil {
				return err
			}
		}
	}
}

func (w *failingWatcher) Add(events <-chan int) {
	go func() {
		for ev := range events {
			w.itemCh <- ev // want `send on w.itemCh can block forever: its only receiver, the loop in \(\*failingWatcher\).Run, can stop receiving`
		}
	}()
}

// The twin: a semaphore of the package; acquiring gives up on
// cancellation, releasing takes back the token just put in.
var saves = make(chan struct{}, 4)

func saveOne(ctx context.Context, v int) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case saves <- struct{}{}:
	}
	defer func() {
		<-saves // ok: the token saveOne put in is in the channel
		use(v)
	}()
	return work(v)
}

func SaveAll(ctx context.Context, vs []int) {
	for _, v := range vs {
		go saveOne(ctx, v)
	}
}

// The positive: a reply taken from the channel the request went out on;
// the only other sender gives up on cancellation.
type pinger struct {
	pings chan int
}

func newPinger(ctx context.Context) *pinger {
	p := &pinger{pings: make(chan int)}
	go p.pong(ctx)
	return p
}

func (p *pinger) pong(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case p.pings <- compute():
		}
	}
}

func (p *pinger) ping(ctx context.Context) int {
	select {
	case <-ctx.Done():
		return 0
	case p.pings <- 1:
	}
	return <-p.pings // want `receive from p.pings can block forever: every send on it gives up when cancelled`
}

func (p *pinger) PingAsync(ctx context.Context) { go p.ping(ctx) }

// The twin: the loop stops only when the program's context, kept in a
// package variable and cancelled on shutdown, ends.
var globalCtx, stopAll = context.WithCancel(context.Background())

type healer struct {
	ops chan int
}

func newHealer() *healer {
	h := &healer{ops: make(chan int)}
	go h.heal()
	return h
}

func (h *healer) heal() {
	for {
		select {
		case <-globalCtx.Done():
			return
		case op := <-h.ops:
			use(op)
		}
	}
}

func (h *healer) Queue(op int) {
	go func() {
		h.ops <- op // ok: heal stops only when the program's context ends, at shutdown
	}()
}

func Shutdown() { stopAll() }

// The twin: the producer gives up only when the program's context ends
// (its constructor's one caller passes the package's context): a receive
// stranded then waits on a program that is shutting down (minio's leader
// lock).
type leaderLock struct {
	grants chan int
}

func newLeaderLock(ctx context.Context) *leaderLock {
	l := &leaderLock{grants: make(chan int)}
	go l.grant(ctx)
	return l
}

func (l *leaderLock) grant(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case l.grants <- compute():
		}
	}
}

func (l *leaderLock) Get() int {
	return <-l.grants // ok: grant gives up only when the program's context ends
}

var leader *leaderLock

func StartLeader() {
	leader = newLeaderLock(globalCtx)
	go func() { use(leader.Get()) }()
}

package fanout

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
)

// Goroutines bounded by what they are rather than by a limiter.

// Long-lived workers, one per partition.

type partitionReader struct{ out chan Item }

func (r *partitionReader) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case r.out <- Item{}:
		}
	}
}

func StartReaders(ctx context.Context, partitions []int, out chan Item) {
	for range partitions {
		go func() {
			(&partitionReader{out: out}).run(ctx) // ok: a reader per partition, serving until cancelled
		}()
	}
}

func Forwarders(sources []chan Item, out chan Item) {
	for _, src := range sources {
		go func() {
			for it := range src { // ok: forwards until src is closed
				out <- it
			}
		}()
	}
}

type Informer interface{ Run(stop <-chan struct{}) }

func StartInformers(informers []Informer, stop <-chan struct{}) {
	for _, inf := range informers {
		go inf.Run(stop) // ok: runs until stop is closed
	}
}

// Goroutines that only wait.

type Checker interface{ Done() <-chan struct{} }

func WaitAll(ctx context.Context, checkers []Checker) {
	done := make(chan Checker)
	for _, ch := range checkers {
		go func() {
			select { // ok: only waits and signals
			case <-ch.Done():
				done <- ch
			case <-ctx.Done():
			}
		}()
	}
}

// Fan-out to the endpoints of a cluster.

type Broker struct{ conn net.Conn }

func (b *Broker) Describe() error {
	_, err := b.conn.Write([]byte("describe"))
	return err
}

func DescribeAll(brokers []*Broker) {
	var wg sync.WaitGroup
	for _, b := range brokers {
		wg.Add(1)
		go func() { // ok: one request per broker of the cluster
			defer wg.Done()
			b.Describe()
		}()
	}
	wg.Wait()
}

type Node struct{ Broker *Broker }

func PingNodes(byName map[string]*Node) {
	for _, n := range byName {
		go n.Broker.Describe() // ok: a node holds an endpoint
	}
}

func find(id int32) *Broker { return nil }

func DescribeByID(ids []int32) {
	for _, id := range ids {
		b := find(id)
		go func(b *Broker) { b.Describe() }(b) // ok: the goroutine is handed the broker
	}
}

// The receiver's own members.

type Cluster struct {
	addrs []string
	items []Item
}

func (c *Cluster) dial(addr string) {}

func (c *Cluster) DialAll() {
	for _, a := range c.addrs {
		go c.dial(a) // ok: the cluster's own configured addresses
	}
}

func (c *Cluster) Endpoints() []string { return c.addrs }

func (c *Cluster) DialEndpoints() {
	eps := c.Endpoints()
	for _, a := range eps {
		go c.dial(a) // ok: the cluster's own endpoints
	}
}

// A request's items reach a method through a parameter.
func (c *Cluster) Store(items []Item) {
	for _, it := range items {
		go process(it) // [unbounded-fanout] // want `for every element of items \(a parameter\)`
	}
}

// Items grouped by destination: one goroutine per group.
func Group(items []Item) {
	byShard := make(map[int][]Item)
	for _, it := range items {
		byShard[it.ID%16] = append(byShard[it.ID%16], it)
	}
	for _, group := range byShard {
		go func() { // ok: a batch per shard, bounded by the shards
			for _, it := range group {
				process(it)
			}
		}()
	}
	for _, group := range byShard {
		for _, it := range group {
			go process(it) // [unbounded-fanout] // want `for every element of group`
		}
	}
}

// Options parsed from a map: each key is seen once.
func Configure(opts map[string]Item) {
	for k, v := range opts {
		switch k {
		case "warmup":
			go process(v) // ok: runs for one key at most
		}
		if k == "prefetch" {
			go process(v) // ok: runs for one key at most
		}
		go process(v) // [unbounded-fanout] // want `for every element of opts`
	}
}

// A goroutine per route that keeps reconnecting while the server runs.
type Server struct{ running bool }

func (s *Server) isRunning() bool { return s.running }

func (s *Server) connect(addr string) {
	for s.isRunning() {
		if err := dial(addr); err == nil {
			return
		}
	}
}

func dial(string) error { return nil }

func (s *Server) SolicitRoutes(routes []string) {
	for _, r := range routes {
		go s.connect(r) // ok: lives as long as the server, one per configured route
	}
}

// An endpoint several fields and an interface away.

type Conn struct{ nc net.Conn }

type Pooler interface{ Get() (*Conn, error) }

type baseClient struct{ pool Pooler }

type Client struct{ *baseClient }

type clusterNode struct{ Client *Client }

func PerNode(nodes []*clusterNode, f func(*Client)) {
	for _, n := range nodes {
		go f(n.Client) // ok: a node holds a pool of connections
	}
}

type erasedConn struct{ v atomic.Value }

func (e *erasedConn) NetConn() net.Conn { return e.v.Load().(net.Conn) }

type shard struct{ conn *erasedConn }

func PerShard(shards map[string]*shard, f func(*shard)) {
	for _, sh := range shards {
		go f(sh) // ok: a shard's connection hides in an atomic.Value, but its accessor shows it
	}
}

type clientConfig struct {
	conn *Conn
	uri  string
}

func SoakAll(clients []clientConfig) {
	for i := range clients {
		go func(c clientConfig) { _ = c.uri }(clients[i]) // ok: each client holds a connection
	}
}

// RunAll runs the functions it is given in parallel.
func RunAll(funcs ...func() error) []error {
	errs := make(chan error, len(funcs))
	for _, f := range funcs {
		go func() { errs <- f() }() // ok: a list of tasks, as long as the call site writes it
	}
	var out []error
	for range funcs {
		out = append(out, <-errs)
	}
	return out
}

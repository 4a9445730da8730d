// Package cpuwork defines an Analyzer that reports goroutine fan-out that
// nothing bounds and constant CPU work redone on every request or loop
// iteration.
//
// # Analyzer cpuwork
//
// cpuwork: report unbounded fan-out and repeated constant work
//
// A goroutine per item of input costs nothing when the input is small and
// everything when it is not: ten thousand items in one request start ten
// thousand goroutines, each with its stack, all competing for the CPU and
// for whatever they call. Work that always gives the same result, such as
// compiling a constant regular expression, costs CPU on every call when it
// belongs at start-up. cpuwork reports:
//
//   - unbounded-fanout: a go statement, errgroup.Group.Go on a group without
//     SetLimit, sync.WaitGroup.Go, or a call of a function of the package
//     that runs its argument in a goroutine, inside a loop over input data
//     (a slice, map or string that is not a literal, an iterator, or a
//     counter bounded by len(data)), with no limiter: no send on a
//     semaphore channel or token taken from one before the spawn or first
//     thing in the goroutine, no semaphore.Weighted or rate.Limiter, no
//     wait for the goroutines within the iteration;
//   - goroutine-per-message: the same, in a loop that receives messages
//     from a channel (range over it, a receive, a select case) or reads
//     them from a connection;
//   - goroutine-per-conn: the same, in a server's accept loop; off unless
//     -cpuwork.accept-loops is set, since one goroutine per connection is
//     how Go servers are written;
//   - constant-work-in-loop: regexp.MustCompile, regexp.Compile,
//     regexp.MatchString, strings.NewReplacer, template.New(...).Parse and
//     the like, with constant arguments, inside a loop;
//   - constant-work-per-request: the same, on a request path: in an HTTP
//     handler, a router's handler, a gRPC method, a function named by
//     -reqpath.roots, or a function of the package they call (the request
//     paths the blocking pass uses).
//
// For example:
//
//	func (s *Server) Resize(ctx context.Context, imgs []Image) error {
//		g, ctx := errgroup.WithContext(ctx)
//		for _, img := range imgs {
//			g.Go(func() error { return s.resize(ctx, img) }) // one goroutine per image
//		}
//		return g.Wait()
//	}
//
// Bound it:
//
//	g, ctx := errgroup.WithContext(ctx)
//	g.SetLimit(runtime.GOMAXPROCS(0))
//
// A loop is taken to start a fixed pool, and is not reported, when it runs
// over an array or a literal, up to a constant, or up to any bound that is
// not derived from the length of data (runtime.NumCPU(), a Workers field, a
// size parameter). A loop over a map of slices (items grouped by shard,
// broker or node) starts one goroutine per group, bounded by the keys; a
// loop over a list of functions runs tasks someone wrote, bounded by code.
// Loops over channels of struct{} or time.Time (signals and tickers) are
// not message loops. A spawn followed by a return or a break out of the
// loop, or inside a case on a constant map key (switch k { case "tls": }),
// runs once per loop at most. errgroup groups that come
// from a parameter or are handed to other code may be limited there and are
// not reported.
//
// Constant work is not reported at package level, in init or in main, when
// its result is stored in a package-level variable or a field (lazy
// initialisation), or inside sync.Once. A constant regexp.MustCompile gets a
// suggested fix that moves it into a new package-level variable; the fix is
// offered only when the pattern compiles.
//
// Some goroutines per element are bounded by what they are, and are not
// reported either: long-lived workers (a goroutine that loops until
// stopped, ranges over a channel or is handed a stop channel, one per
// partition, route or informer), goroutines that only wait on channels, fan-out to the
// endpoints of a cluster (the goroutine is handed a value of the iteration
// that holds a connection or client, such as a broker or a node), and
// fan-out over the receiver's own members (s.nodes, c.Endpoints()), which
// are bounded by how the object was configured rather than by a request.
//
// Known false negatives: goroutines started through function values or
// through helpers in other packages; fan-out in a loop bounded by a counter
// that is not len(data) even when that counter comes from a request; a
// goroutine per item that retries in an endless loop, which looks like a
// long-lived worker; fan-out over a receiver's field that grows with
// requests (a queue); broadcasting to every connected client.
//
// Suppress a finding with //concurlint:ignore cpuwork reason.
package cpuwork

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
// belongs at start-up.
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
// Each category of finding, with a wrong and a right example, the fix,
// the options and the known false negatives, and what counts as a limiter,
// is documented in docs/passes/cpuwork.md, which "concurlint help cpuwork
// [CATEGORY]" prints. Suppress a finding with //concurlint:ignore cpuwork
// reason.
package cpuwork

// Package profiling writes CPU and heap profiles of a concurlint run, so
// that where the time and the memory go can be measured on real trees
// without a throwaway build.
//
// The heap profile is taken when the live heap is largest, not at the
// end: by the end of a run most of what was live has been dropped, and
// what matters for the peak memory is what was kept at the peak.
package profiling

import (
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"time"
)

// Start starts a CPU profile written to cpuFile and a heap profile written
// to memFile, either of which may be empty. The returned function stops
// both and writes the files; it must be called once.
func Start(cpuFile, memFile string) (stop func() error, err error) {
	var stops []func() error
	if cpuFile != "" {
		f, err := os.Create(cpuFile)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
		stops = append(stops, func() error {
			pprof.StopCPUProfile()
			return f.Close()
		})
	}
	if memFile != "" {
		p := &peakHeap{file: memFile, done: make(chan struct{})}
		p.wg.Add(1)
		go p.watch()
		stops = append(stops, p.stop)
	}
	return func() error {
		var first error
		for _, s := range stops {
			if err := s(); err != nil && first == nil {
				first = err
			}
		}
		return first
	}, nil
}

// peakHeap writes a heap profile each time the live heap (as measured by
// the last garbage collection) exceeds the largest seen so far by a tenth,
// so that the file holds a profile taken near the peak. Sampling once a
// second costs nothing measurable; writing a profile costs a few
// milliseconds, and happens a few dozen times in a run at most.
type peakHeap struct {
	file string
	done chan struct{}
	wg   sync.WaitGroup
	max  uint64
	err  error
}

// poll is how often the live heap is looked at.
const poll = time.Second

func (p *peakHeap) watch() {
	defer p.wg.Done()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-tick.C:
		}
		metrics.Read(sample)
		live := sample[0].Value.Uint64()
		if live > p.max+p.max/10 {
			p.max = live
			p.err = p.write()
		}
	}
}

func (p *peakHeap) write() error {
	f, err := os.Create(p.file)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (p *peakHeap) stop() error {
	close(p.done)
	p.wg.Wait()
	if p.max == 0 {
		// The run ended before the first sample: profile it now,
		// after a collection so that the profile is up to date.
		runtime.GC()
		p.err = p.write()
	}
	if p.err != nil {
		return fmt.Errorf("heap profile: %v", p.err)
	}
	return nil
}

package dump

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/google/pprof/profile"
)

// isProfile reports whether data looks like a protobuf profile: gzip
// compressed (as the runtime writes them), or binary rather than text.
func isProfile(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		return true
	}
	head := data[:min(len(data), 512)]
	return len(head) > 0 && (!utf8.Valid(head) || bytes.IndexByte(head, 0) >= 0)
}

// parseProfile reads a goroutine or goroutineleak profile.
func parseProfile(name string, data []byte) (*Dump, error) {
	p, err := profile.ParseData(data)
	if err != nil {
		return nil, &LineError{Name: name, Msg: "cannot read the profile: " + err.Error()}
	}
	kind := ""
	if p.PeriodType != nil {
		kind = p.PeriodType.Type
	}
	if kind != "goroutine" && kind != "goroutineleak" {
		return nil, &LineError{Name: name, Msg: fmt.Sprintf("a %q profile, not a goroutine or goroutineleak profile", kind)}
	}
	d := &Dump{Name: name, Format: kind + " profile"}
	for _, s := range p.Sample {
		g := &Goroutine{Count: 1, Leaked: kind == "goroutineleak"}
		if len(s.Value) > 0 {
			g.Count = int(s.Value[0])
		}
		for _, loc := range s.Location {
			// A location's lines run from the innermost inlined
			// function to the function it was inlined into.
			for i, l := range loc.Line {
				if l.Function == nil {
					continue
				}
				g.Frames = append(g.Frames, Frame{
					Func:    l.Function.Name,
					Pkg:     PkgOf(l.Function.Name),
					File:    l.Function.Filename,
					Line:    int(l.Line),
					Inlined: i < len(loc.Line)-1,
				})
			}
		}
		g.State = reasonFromFrames(g.Frames)
		d.Goroutines = append(d.Goroutines, g)
	}
	return d, nil
}

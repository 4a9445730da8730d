package explain

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/finding"
	"github.com/concurlint/concurlint/internal/sarif"
)

// WriteText prints the report for a person.
func WriteText(w io.Writer, r *Report) {
	var ds []string
	for _, d := range r.Dumps {
		ds = append(ds, fmt.Sprintf("%s (%s, %d goroutines)", d.Name, d.Format, d.Goroutines))
	}
	fmt.Fprintf(w, "module %s; read %s\n", r.Module, strings.Join(ds, ", "))
	if len(r.Groups) == 0 {
		fmt.Fprintln(w, "\nno goroutine is blocked in the module")
	}
	for _, g := range r.Groups {
		writeGroup(w, r, g)
	}
	if len(r.Others) > 0 {
		n := 0
		for _, o := range r.Others {
			n += o.Count
		}
		fmt.Fprintf(w, "\nnot explained: %s\n", plural(n, "goroutine"))
		for _, o := range r.Others {
			fmt.Fprintf(w, "  %d × [%s] %s: %s\n", o.Count, o.State, o.Top, o.Why)
		}
	}
	if len(r.Findings) > 0 {
		confirmed := 0
		for _, f := range r.Findings {
			if len(f.Confirmed) > 0 {
				confirmed++
			}
		}
		fmt.Fprintf(w, "\nstatic findings in these packages: %d, confirmed by the dump: %d\n", len(r.Findings), confirmed)
		for _, f := range r.Findings {
			mark := ""
			if len(f.Confirmed) > 0 {
				mark = fmt.Sprintf(" [confirmed: %s]", groupList(f.Confirmed))
			}
			fmt.Fprintf(w, "  %s: %s [%s]%s\n", f.Pos, f.Message, f.Rule, mark)
		}
	}
	for _, e := range r.Errors {
		fmt.Fprintf(w, "\nerror: %s\n", e)
	}
}

func writeGroup(w io.Writer, r *Report, g *Group) {
	fmt.Fprintf(w, "\ngroup %d: %s blocked in %s", g.ID, count(g), g.State)
	var notes []string
	if len(g.Goroutines) > 0 {
		notes = append(notes, goroutines(g))
	}
	if g.Leaked > 0 {
		notes = append(notes, fmt.Sprintf("%d marked leaked by the runtime", g.Leaked))
	}
	if g.MaxMinutes > 0 {
		notes = append(notes, fmt.Sprintf("longest wait %d minutes", g.MaxMinutes))
	}
	if len(notes) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(notes, "; "))
	}
	fmt.Fprintln(w)
	site := fmt.Sprintf("%s:%d", g.Site.File, g.Site.Line)
	switch {
	case g.Op != "":
		fmt.Fprintf(w, "  blocked at %s: %s in %s\n", site, g.Op, g.Func)
	default:
		fmt.Fprintf(w, "  blocked at %s (%s): %s\n", site, g.Site.Func, g.NotFound)
	}
	if len(g.Chain) > 0 {
		fmt.Fprintf(w, "  attributed to the first frame in the module; the wait is in %s\n", strings.Join(g.Chain, " → "))
	}
	for _, c := range g.CreatedBy {
		fmt.Fprintf(w, "  started by the go statement at %s:%d in %s\n", c.File, c.Line, c.Func)
	}
	if a := g.Account; a != nil {
		if len(a.Answerers) > 0 {
			fmt.Fprintln(w, "  could be answered by:")
			for _, an := range a.Answerers {
				status := an.Status
				switch an.Status {
				case "blocked":
					status = fmt.Sprintf("blocked (group %d)", an.Group)
				case "running":
					status = "running: " + an.Where
				}
				canc := ""
				if an.Cancellable {
					canc = ", also waits for cancellation"
				}
				fmt.Fprintf(w, "    %s at %s in %s: %s%s\n", an.Op, an.Pos, an.Func, status, canc)
			}
		}
		for _, h := range a.Holders {
			fmt.Fprintf(w, "  %s is held by group %d (locked at %s in %s)\n", h.Lock, h.Group, h.LockedAt, h.Func)
		}
		fmt.Fprintf(w, "  why it is stuck (%s):\n", a.Verdict)
		for _, why := range a.Reasons {
			fmt.Fprintf(w, "    - %s\n", why)
		}
	}
	for _, i := range g.Findings {
		f := r.Findings[i]
		fmt.Fprintf(w, "  static finding confirmed: %s [%s]\n", f.Message, f.Rule)
		if f.Fix != "" {
			fmt.Fprintf(w, "    suggested fix: %s\n", f.Fix)
		}
	}
	fmt.Fprintln(w, "  stack:")
	hidden := 0
	for i := range g.Stack {
		f := &g.Stack[i]
		if !f.InModule && isRuntimeFunc(f.Func) {
			hidden++
			continue
		}
		var tags []string
		if f.Inlined {
			tags = append(tags, "inlined")
		}
		if f.Missing {
			tags = append(tags, "not here: from another build")
		} else if f.DumpFile != "" {
			tags = append(tags, "built as "+f.DumpFile)
		}
		tag := ""
		if len(tags) > 0 {
			tag = " (" + strings.Join(tags, "; ") + ")"
		}
		mark := "  "
		if f == g.Site {
			mark = "> "
		}
		fmt.Fprintf(w, "    %s%s\n        %s:%d%s\n", mark, f.Func, f.File, f.Line, tag)
	}
	if hidden > 0 {
		fmt.Fprintf(w, "    (%s of the runtime left out)\n", plural(hidden, "frame"))
	}
}

func count(g *Group) string { return plural(g.Count, "goroutine") }

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func groupList(ids []int) string {
	var s []string
	for _, id := range ids {
		s = append(s, fmt.Sprintf("group %d", id))
	}
	return strings.Join(s, ", ")
}

// WriteJSON prints the report as JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Rule is the pseudo-analyzer SARIF results of explain are filed under.
var Rule = &analysis.Analyzer{
	Name: "explain",
	Doc:  "explain: goroutines a dump shows blocked, with who could answer their wait and why none does",
	URL:  sarif.HelpBase + "/blob/main/docs/explain.md",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

// WriteSARIF prints the report as a SARIF log: one result per explained
// group, at its blocked operation, with the dump's stack as a code flow
// and the answerers, holders and confirmed findings as related locations.
func WriteSARIF(w io.Writer, r *Report, toolVersion string) error {
	var fs []finding.Finding
	var flows [][]sarif.FlowStep
	for _, g := range r.Groups {
		abs := func(file string) string {
			if filepath.IsAbs(file) {
				return file
			}
			return filepath.Join(r.ModuleDir, filepath.FromSlash(file))
		}
		pos := func(s string) finding.Position {
			p, _ := finding.ParsePosition(s)
			if p.Filename != "" {
				p.Filename = abs(p.Filename)
			}
			return p
		}
		msg := fmt.Sprintf("%s blocked in %s", count(g), g.State)
		if g.Op != "" {
			msg += ": " + g.Op
		}
		if g.Account != nil && len(g.Account.Reasons) > 0 {
			msg += "; " + strings.Join(g.Account.Reasons, "; ")
		} else if g.NotFound != "" {
			msg += "; " + g.NotFound
		}
		f := finding.Finding{Pass: "explain", Category: strings.ReplaceAll(g.Wait, " ", "-"),
			Pos: finding.Position{Filename: abs(g.Site.File), Line: g.Site.Line}, Message: msg}
		if a := g.Account; a != nil {
			for _, an := range a.Answerers {
				f.Related = append(f.Related, finding.Related{Pos: pos(an.Pos), Message: fmt.Sprintf("could be answered by %s (%s)", an.Op, an.Status)})
			}
			for _, h := range a.Holders {
				f.Related = append(f.Related, finding.Related{Pos: pos(h.LockedAt), Message: fmt.Sprintf("%s locked here, held by group %d", h.Lock, h.Group)})
			}
		}
		for _, i := range g.Findings {
			sf := r.Findings[i]
			f.Related = append(f.Related, finding.Related{Pos: pos(sf.Pos), Message: fmt.Sprintf("confirms %s: %s", sf.Rule, sf.Message)})
		}
		fs = append(fs, f)
		var flow []sarif.FlowStep
		for j := len(g.Stack) - 1; j >= 0; j-- { // outermost first, as a flow runs
			fr := g.Stack[j]
			file := fr.File
			if fr.InModule && !fr.Missing {
				file = abs(file)
			}
			flow = append(flow, sarif.FlowStep{Pos: finding.Position{Filename: file, Line: fr.Line}, Message: fr.Func})
		}
		flows = append(flows, flow)
	}
	return sarif.Write(w, &sarif.Log{
		ToolName: "concurlint", ToolVersion: toolVersion, Passes: []*analysis.Analyzer{Rule},
		Findings: fs, Flows: flows, BaseDir: r.ModuleDir,
	})
}

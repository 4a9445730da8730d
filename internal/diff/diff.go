// Package diff computes line-based differences between two texts and prints
// them as unified diffs, the form that -fix -diff prints and that patch and
// git apply read.
package diff

import (
	"fmt"
	"strings"
)

// An Op is one step of an edit script over lines.
type Op struct {
	Kind byte // ' ' (keep), '-' (delete from old) or '+' (insert from new)
	Line string
}

// Lines returns the edit script that turns old into new, as computed by
// Myers' O(ND) algorithm, so that the script is a shortest one.
func Lines(old, new string) []Op {
	a, b := splitLines(old), splitLines(new)
	// Trim the common prefix and suffix: fixes usually touch a few lines
	// of a long file, and this keeps the search small.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []Op
	for _, l := range a[:pre] {
		ops = append(ops, Op{' ', l})
	}
	ops = append(ops, myers(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, l := range a[len(a)-suf:] {
		ops = append(ops, Op{' ', l})
	}
	return ops
}

// myers returns a shortest edit script from a to b.
func myers(a, b []string) []Op {
	n, m := len(a), len(b)
	max := n + m
	if max == 0 {
		return nil
	}
	off := max
	v := make([]int, 2*max+2)
	var trace [][]int
	d := 0
search:
	for ; d <= max; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1] // step down: insertion
			} else {
				x = v[off+k-1] + 1 // step right: deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				break search
			}
		}
	}
	// Walk the trace backwards to recover the path.
	var rev []Op
	x, y := n, m
	for ; d > 0; d-- {
		vd := trace[d]
		k := x - y
		var prevK int
		if k == -d || k != d && vd[off+k-1] < vd[off+k+1] {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd[off+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			rev = append(rev, Op{' ', a[x]})
		}
		if x == prevX {
			y--
			rev = append(rev, Op{'+', b[y]})
		} else {
			x--
			rev = append(rev, Op{'-', a[x]})
		}
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		rev = append(rev, Op{' ', a[x]})
	}
	ops := make([]Op, len(rev))
	for i, op := range rev {
		ops[len(rev)-1-i] = op
	}
	return ops
}

// splitLines splits s after each newline; a last line without a newline
// is kept as it is.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// contextLines is the number of unchanged lines shown around each change,
// as in diff -u.
const contextLines = 3

// Unified returns the unified diff that turns old (named oldName) into new
// (named newName), or "" if they are equal.
func Unified(oldName, newName, old, new string) string {
	ops := Lines(old, new)
	var sb strings.Builder
	// Find runs of changes and print each with its context, merging runs
	// whose contexts touch.
	i := 0
	for i < len(ops) {
		if ops[i].Kind == ' ' {
			i++
			continue
		}
		start := max(i-contextLines, 0)
		end := i
		for end < len(ops) {
			if ops[end].Kind != ' ' {
				end++
				continue
			}
			// Count the unchanged run; continue the hunk if another
			// change follows within twice the context.
			j := end
			for j < len(ops) && ops[j].Kind == ' ' {
				j++
			}
			if j < len(ops) && j-end <= 2*contextLines {
				end = j
				continue
			}
			end = min(end+contextLines, len(ops))
			break
		}
		if sb.Len() == 0 {
			fmt.Fprintf(&sb, "--- %s\n+++ %s\n", oldName, newName)
		}
		writeHunk(&sb, ops, start, end)
		i = end
	}
	return sb.String()
}

func writeHunk(sb *strings.Builder, ops []Op, start, end int) {
	// Line numbers of the hunk's first line in each file.
	oldLine, newLine := 1, 1
	for _, op := range ops[:start] {
		if op.Kind != '+' {
			oldLine++
		}
		if op.Kind != '-' {
			newLine++
		}
	}
	oldCount, newCount := 0, 0
	for _, op := range ops[start:end] {
		if op.Kind != '+' {
			oldCount++
		}
		if op.Kind != '-' {
			newCount++
		}
	}
	fmt.Fprintf(sb, "@@ -%s +%s @@\n", hunkRange(oldLine, oldCount), hunkRange(newLine, newCount))
	for _, op := range ops[start:end] {
		sb.WriteByte(op.Kind)
		sb.WriteString(op.Line)
		if !strings.HasSuffix(op.Line, "\n") {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange formats a hunk's range the way diff -u does: an empty range
// names the line before it, and a count of one is left out.
func hunkRange(line, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", line-1)
	case 1:
		return fmt.Sprintf("%d", line)
	}
	return fmt.Sprintf("%d,%d", line, count)
}

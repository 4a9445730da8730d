package diff

import (
	"math/rand"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	new := "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n"
	got := Unified("a/x.go", "b/x.go", old, new)
	want := `--- a/x.go
+++ b/x.go
@@ -1,7 +1,7 @@
 a
 b
 c
-d
+D
 e
 f
 g
@@ -11,3 +11,4 @@
 k
 l
 m
+n
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestUnifiedMergesCloseHunks(t *testing.T) {
	got := Unified("o", "n", "1\n2\n3\n4\n5\n6\n7\n8\n", "1\nX\n3\n4\n5\n6\nY\n8\n")
	if strings.Count(got, "@@ ") != 1 {
		t.Errorf("want one hunk:\n%s", got)
	}
}

func TestUnifiedEdges(t *testing.T) {
	if got := Unified("o", "n", "same\n", "same\n"); got != "" {
		t.Errorf("equal texts: %q", got)
	}
	got := Unified("o", "n", "", "x\n")
	if !strings.Contains(got, "@@ -0,0 +1 @@\n+x\n") {
		t.Errorf("insert into empty: %q", got)
	}
	got = Unified("o", "n", "a\nb", "a\nc")
	if !strings.Contains(got, "-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n") {
		t.Errorf("no final newline: %q", got)
	}
}

// apply replays an edit script and checks it turns old into new, over
// random texts.
func TestLinesRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	gen := func() string {
		var sb strings.Builder
		for range r.Intn(20) {
			sb.WriteString(string(rune('a' + r.Intn(4))))
			sb.WriteByte('\n')
		}
		return sb.String()
	}
	for range 2000 {
		a, b := gen(), gen()
		var olds, news strings.Builder
		edits := 0
		for _, op := range Lines(a, b) {
			if op.Kind != '+' {
				olds.WriteString(op.Line)
			}
			if op.Kind != '-' {
				news.WriteString(op.Line)
			}
			if op.Kind != ' ' {
				edits++
			}
		}
		if olds.String() != a || news.String() != b {
			t.Fatalf("script does not reproduce %q -> %q", a, b)
		}
		if edits > len(splitLines(a))+len(splitLines(b)) {
			t.Fatalf("too many edits")
		}
		if a == b && edits != 0 {
			t.Fatalf("edits between equal texts")
		}
	}
}

package newcode

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

const sample = `diff --git a/a.go b/a.go
index 1111111..2222222 100644
--- a/a.go
+++ b/a.go
@@ -3,0 +4,2 @@ func f() {
+	x()
+	y()
@@ -10 +12 @@ func g() {
-	old()
+	new()
@@ -20,3 +21,0 @@ func h() {
-	a()
-	b()
-	c()
diff --git a/gone.go b/gone.go
deleted file mode 100644
--- a/gone.go
+++ /dev/null
@@ -1,3 +0,0 @@
-package x
diff --git "a/sp ace/\303\251.go" "b/sp ace/\303\251.go"
--- "a/sp ace/\303\251.go"
+++ "b/sp ace/\303\251.go"
@@ -1 +1 @@
-package y
+package z
`

func TestParse(t *testing.T) {
	c, err := Parse([]byte(sample), "/r")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		line int
		want bool
	}{
		{"/r/a.go", 3, false},
		{"/r/a.go", 4, true},
		{"/r/a.go", 5, true},
		{"/r/a.go", 6, false},
		{"/r/a.go", 12, true},
		{"/r/a.go", 21, false}, // a pure deletion adds no line
		{"/r/gone.go", 1, false},
		{"/r/sp ace/é.go", 1, true},
	} {
		if got := c.Contains(tc.file, tc.line); got != tc.want {
			t.Errorf("Contains(%s, %d) = %v", tc.file, tc.line, got)
		}
	}
	if _, err := Parse([]byte("+++ b/a.go\n@@ bad @@\n"), "/r"); err == nil {
		t.Error("bad hunk header accepted")
	}
}

// TestSince runs git on a scratch repository: a committed file changed in
// the work tree, and an untracked file.
func TestSince(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	run := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q")
	os.WriteFile(filepath.Join(dir, "a.go"), []byte("1\n2\n3\n"), 0o666)
	run("add", ".")
	run("commit", "-qm", "one")
	os.WriteFile(filepath.Join(dir, "a.go"), []byte("1\ntwo\n3\n4\n"), 0o666)
	os.WriteFile(filepath.Join(dir, "new.go"), []byte("x\n"), 0o666)

	c, err := Since(dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	// git may report the directory through a symbolic link; compare
	// with the name it uses.
	top, _ := git(dir, "rev-parse", "--show-toplevel")
	root := string(top[:len(top)-1])
	for line, want := range map[int]bool{1: false, 2: true, 3: false, 4: true} {
		if got := c.Contains(filepath.Join(root, "a.go"), line); got != want {
			t.Errorf("a.go:%d: %v", line, got)
		}
	}
	if !c.Contains(filepath.Join(root, "new.go"), 100) {
		t.Error("untracked file is not new")
	}
	if _, err := Since(dir, "no-such-rev"); err == nil {
		t.Error("bad revision accepted")
	}
}

package concurlint_test

// Tests of the files that integrate concurlint with other tools and that
// no Go code exercises: the GitHub Action (action.yml) and the Bazel nogo
// example (docs/bazel). They check the structure of each file against the
// suite, and run the action's shell scripts with stand-ins for the tools
// they call.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint"
)

// action is the part of GitHub's action metadata syntax that a composite
// action uses. Decoding is strict, so a misspelt key fails the test.
type action struct {
	Name        string
	Description string
	Author      string
	Branding    struct{ Icon, Color string }
	Inputs      map[string]struct {
		Description string
		Required    bool
		Default     string
	}
	Outputs map[string]struct {
		Description string
		Value       string
	}
	Runs struct {
		Using string
		Steps []step
	}
}

type step struct {
	Name             string
	ID               string
	If               string
	Uses             string
	With             map[string]string
	Shell            string
	Run              string
	Env              map[string]string
	WorkingDirectory string `yaml:"working-directory"`
}

func readAction(t *testing.T) (*action, []byte) {
	t.Helper()
	data, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var a action
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return &a, data
}

var (
	inputRef = regexp.MustCompile(`inputs\.([A-Za-z0-9_-]+)`)
	stepRef  = regexp.MustCompile(`steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)`)
	exprRef  = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)
)

func TestActionStructure(t *testing.T) {
	a, data := readAction(t)
	if a.Name == "" || a.Description == "" {
		t.Errorf("action.yml needs a name and a description")
	}
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	for name, in := range a.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
	}

	// Every input used is declared, and every input declared is used.
	used := make(map[string]bool)
	for _, m := range inputRef.FindAllStringSubmatch(string(data), -1) {
		used[m[1]] = true
		if _, ok := a.Inputs[m[1]]; !ok {
			t.Errorf("action.yml uses undeclared input %q", m[1])
		}
	}
	for name := range a.Inputs {
		if !used[name] {
			t.Errorf("input %s is declared but never used", name)
		}
	}

	ids := make(map[string]bool)
	checkStepRefs := func(where, s string) {
		for _, m := range stepRef.FindAllStringSubmatch(s, -1) {
			if !ids[m[1]] {
				t.Errorf("%s refers to step %q, which is not an earlier step", where, m[1])
			}
		}
	}
	for i, s := range a.Runs.Steps {
		where := fmt.Sprintf("step %d (%s)", i+1, s.Name)
		if s.Name == "" {
			t.Errorf("%s has no name", where)
		}
		switch {
		case s.Uses != "" && s.Run != "":
			t.Errorf("%s has both uses and run", where)
		case s.Uses != "":
			// Actions are pinned to a version or a commit.
			if !regexp.MustCompile(`^[\w.-]+/[\w./-]+@[\w.-]+$`).MatchString(s.Uses) {
				t.Errorf("%s: uses %q is not owner/repo@version", where, s.Uses)
			}
		case s.Run != "":
			// Composite actions require a shell on every run step.
			if s.Shell != "bash" {
				t.Errorf("%s: shell = %q, want bash", where, s.Shell)
			}
			// Inputs reach scripts through env, not by substitution
			// into the script, where they could inject code.
			if exprRef.MatchString(s.Run) {
				t.Errorf("%s: the script contains ${{ }} expressions; pass them through env", where)
			}
			checkBash(t, where, s.Run)
		default:
			t.Errorf("%s has neither uses nor run", where)
		}
		checkStepRefs(where, s.If)
		for _, v := range s.Env {
			checkStepRefs(where, v)
		}
		for _, v := range s.With {
			checkStepRefs(where, v)
		}
		if s.ID != "" {
			ids[s.ID] = true
		}
	}
	for name, out := range a.Outputs {
		checkStepRefs("output "+name, out.Value)
		if !stepRef.MatchString(out.Value) {
			t.Errorf("output %s = %q is not a step output", name, out.Value)
		}
	}
}

// checkBash checks a script's syntax.
func checkBash(t *testing.T, where, script string) {
	t.Helper()
	cmd := exec.Command("bash", "-n")
	cmd.Stdin = strings.NewReader(script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s: bash -n: %v\n%s", where, err, out)
	}
}

// scriptEnv is a stand-in for a GitHub runner that runs one of the
// action's steps: a workspace, the files the runner provides, and a bin
// directory with stand-ins for the tools the step calls.
type scriptEnv struct {
	t                    *testing.T
	workspace, bin, temp string
	output               string // $GITHUB_OUTPUT
	path                 string // $GITHUB_PATH
	inputs               map[string]string
	outputs              map[string]string // outputs of earlier steps, "id.name"
}

func newScriptEnv(t *testing.T, a *action, inputs map[string]string) *scriptEnv {
	for _, tool := range []string{"bash", "jq", "realpath"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("running the action's scripts needs %s: %v", tool, err)
		}
	}
	dir := t.TempDir()
	e := &scriptEnv{t: t, workspace: filepath.Join(dir, "ws"), bin: filepath.Join(dir, "bin"), temp: filepath.Join(dir, "tmp"),
		output: filepath.Join(dir, "output"), path: filepath.Join(dir, "path"), inputs: map[string]string{}, outputs: map[string]string{}}
	for _, d := range []string{e.workspace, e.bin, e.temp} {
		if err := os.MkdirAll(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	for name, in := range a.Inputs {
		e.inputs[name] = in.Default
	}
	for name, v := range inputs {
		if _, ok := a.Inputs[name]; !ok {
			t.Fatalf("no input %s", name)
		}
		e.inputs[name] = v
	}
	return e
}

// tool writes a stand-in for a command into the bin directory.
func (e *scriptEnv) tool(name, script string) {
	if err := os.WriteFile(filepath.Join(e.bin, name), []byte("#!/usr/bin/env bash\n"+script), 0o777); err != nil {
		e.t.Fatal(err)
	}
}

// expand evaluates the ${{ }} expressions the action uses in env and
// working-directory values.
func (e *scriptEnv) expand(s string) string {
	return exprRef.ReplaceAllStringFunc(s, func(m string) string {
		expr := exprRef.FindStringSubmatch(m)[1]
		if name, ok := strings.CutPrefix(expr, "inputs."); ok {
			return e.inputs[name]
		}
		if sm := stepRef.FindStringSubmatch(expr); sm != nil && sm[0] == expr {
			return e.outputs[sm[1]+"."+sm[2]]
		}
		e.t.Fatalf("the test cannot evaluate ${{ %s }}", expr)
		return ""
	})
}

// run runs the step named name and returns its exit code, output and the
// outputs it set.
func (e *scriptEnv) run(a *action, name string, extraEnv ...string) (code int, out string, outputs map[string]string) {
	e.t.Helper()
	i := slices.IndexFunc(a.Runs.Steps, func(s step) bool { return s.Name == name })
	if i < 0 {
		e.t.Fatalf("no step %q", name)
	}
	s := a.Runs.Steps[i]
	os.WriteFile(e.output, nil, 0o666)
	dir := e.workspace
	if s.WorkingDirectory != "" {
		dir = filepath.Join(e.workspace, e.expand(s.WorkingDirectory))
	}
	// The way GitHub runs a step with shell: bash.
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s.Run)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"PATH="+e.bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GITHUB_WORKSPACE="+e.workspace,
		"GITHUB_OUTPUT="+e.output,
		"GITHUB_PATH="+e.path,
		"RUNNER_TEMP="+e.temp,
	)
	for k, v := range s.Env {
		cmd.Env = append(cmd.Env, k+"="+e.expand(v))
	}
	cmd.Env = append(cmd.Env, extraEnv...)
	b, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatal(err)
	}
	outputs = make(map[string]string)
	data, _ := os.ReadFile(e.output)
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			outputs[k] = v
			if s.ID != "" {
				e.outputs[s.ID+"."+k] = v
			}
		}
	}
	return code, string(b), outputs
}

// fakeSARIF is the shape of concurlint's SARIF log: locations relative to
// %SRCROOT%, the directory it ran in.
const fakeSARIF = `{"version": "2.1.0", "runs": [{
  "tool": {"driver": {"name": "concurlint"}},
  "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///elsewhere/"}},
  "results": [{
    "ruleId": "lockawait/send-under-lock",
    "message": {"text": "s.mu is held across send on s.events"},
    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "store.go", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 29}}}],
    "relatedLocations": [{"physicalLocation": {"artifactLocation": {"uri": "lock%20here.go", "uriBaseId": "%SRCROOT%"}}}]
  }]
}]}`

func TestActionRunStep(t *testing.T) {
	a, _ := readAction(t)
	for _, tc := range []struct {
		name     string
		inputs   map[string]string
		exit     int
		wantArgs string
		wantURI  string // the first result's URI after the step
	}{
		{
			name:     "defaults",
			exit:     3,
			wantArgs: "-format=sarif ./...",
			wantURI:  "store.go",
		},
		{
			name: "every input, in a subdirectory of the repository",
			inputs: map[string]string{
				"working-directory": "svc/api",
				"patterns":          "./cmd/...\n./internal/...",
				"flags":             "-lockawait.fileio  -via-vet",
				"config":            "ci/concurlint.yml",
				"baseline":          ".concurlint-baseline.json",
				"new-from-rev":      "origin/main",
				"sarif-file":        "out.sarif",
			},
			exit:     0,
			wantArgs: "-format=sarif -config=ci/concurlint.yml -baseline=.concurlint-baseline.json -new-from-rev=origin/main -lockawait.fileio -via-vet ./cmd/... ./internal/...",
			wantURI:  "svc/api/store.go",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newScriptEnv(t, a, tc.inputs)
			work := filepath.Join(e.workspace, e.inputs["working-directory"])
			os.MkdirAll(work, 0o777)
			e.tool("concurlint", fmt.Sprintf(`echo "$*" >%q; cat <<'EOF'
%s
EOF
exit %d
`, filepath.Join(e.temp, "args"), fakeSARIF, tc.exit))

			code, out, outputs := e.run(a, "Run concurlint")
			if code != 0 {
				t.Fatalf("the step failed (%d); it must leave failing to the last step:\n%s", code, out)
			}
			args, _ := os.ReadFile(filepath.Join(e.temp, "args"))
			if got := strings.TrimSpace(string(args)); got != tc.wantArgs {
				t.Errorf("concurlint ran with\n\t%s\nwant\n\t%s", got, tc.wantArgs)
			}
			if outputs["exit-code"] != fmt.Sprint(tc.exit) {
				t.Errorf("exit-code output = %q, want %d", outputs["exit-code"], tc.exit)
			}
			sarif := outputs["sarif-file"]
			if want := filepath.Join(work, e.inputs["sarif-file"]); sarif != want {
				t.Fatalf("sarif-file output = %q, want %q", sarif, want)
			}
			var log struct {
				Runs []struct {
					OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
					Results            []struct {
						Locations, RelatedLocations []struct {
							PhysicalLocation struct {
								ArtifactLocation struct{ URI string }
							}
						}
					}
				}
			}
			data, err := os.ReadFile(sarif)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &log); err != nil {
				t.Fatalf("%v\n%s", err, data)
			}
			r := log.Runs[0].Results[0]
			if got := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; got != tc.wantURI {
				t.Errorf("location URI = %q, want %q", got, tc.wantURI)
			}
			if tc.inputs["working-directory"] != "" {
				// Rebased onto the repository root.
				if got := r.RelatedLocations[0].PhysicalLocation.ArtifactLocation.URI; got != "svc/api/lock%20here.go" {
					t.Errorf("related URI = %q", got)
				}
				ws, _ := filepath.EvalSymlinks(e.workspace)
				if got, want := log.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI, "file://"+ws+"/"; got != want {
					t.Errorf("%%SRCROOT%% = %q, want %q", got, want)
				}
			}
			if !strings.Contains(out, tc.wantURI+":29: s.mu is held across send on s.events [lockawait/send-under-lock]") {
				t.Errorf("the step's log does not list the finding:\n%s", out)
			}
		})
	}

	t.Run("usage error", func(t *testing.T) {
		e := newScriptEnv(t, a, nil)
		e.tool("concurlint", `echo "concurlint: unknown flag" >&2; exit 2`)
		code, out, outputs := e.run(a, "Run concurlint")
		if code != 0 || outputs["exit-code"] != "2" {
			t.Errorf("code %d, outputs %v:\n%s", code, outputs, out)
		}
		if _, ok := outputs["sarif-file"]; ok {
			t.Errorf("sarif-file set although concurlint wrote no log: %v", outputs)
		}
	})
}

func TestActionCheckStep(t *testing.T) {
	a, _ := readAction(t)
	for _, tc := range []struct {
		exit, failOnFindings string
		wantFail             bool
	}{
		{"0", "true", false},
		{"3", "true", true},
		{"3", "false", false},
		{"1", "false", true},
		{"2", "true", true},
		{"", "true", true}, // concurlint never ran
	} {
		e := newScriptEnv(t, a, map[string]string{"fail-on-findings": tc.failOnFindings})
		e.outputs["run.exit-code"] = tc.exit
		code, out, _ := e.run(a, "Check the result")
		if (code != 0) != tc.wantFail {
			t.Errorf("exit code %q, fail-on-findings %s: step exited %d, want failure %v\n%s", tc.exit, tc.failOnFindings, code, tc.wantFail, out)
		}
	}
}

func TestActionInstallStep(t *testing.T) {
	a, _ := readAction(t)
	// The stand-in go records its arguments and directory and makes a
	// concurlint that answers "version".
	const fakeGo = `echo "$PWD: $*" >>"$RUNNER_TEMP/go.log"
out=
case "$1" in
install) out="$GOBIN/concurlint" ;;
build) out="$3" ;;
esac
printf '#!/usr/bin/env bash\necho concurlint fake\n' >"$out"
chmod +x "$out"
`
	for _, tc := range []struct{ version, want string }{
		{"v1.2.3", ": install github.com/concurlint/concurlint/cmd/concurlint@v1.2.3"},
		{"", "/action: build -o "},
	} {
		e := newScriptEnv(t, a, map[string]string{"version": tc.version})
		e.tool("go", fakeGo)
		actionPath := filepath.Join(e.workspace, "..", "action")
		os.MkdirAll(actionPath, 0o777)
		code, out, _ := e.run(a, "Install concurlint", "GITHUB_ACTION_PATH="+actionPath)
		if code != 0 {
			t.Fatalf("version %q: step failed:\n%s", tc.version, out)
		}
		log, _ := os.ReadFile(filepath.Join(e.temp, "go.log"))
		if !strings.Contains(string(log), tc.want) {
			t.Errorf("version %q: go ran as %q, want %q", tc.version, log, tc.want)
		}
		path, _ := os.ReadFile(e.path)
		if got, want := strings.TrimSpace(string(path)), filepath.Join(e.temp, "concurlint-bin"); got != want {
			t.Errorf("version %q: GITHUB_PATH gets %q, want %q", tc.version, got, want)
		}
		if !strings.Contains(out, "concurlint fake") {
			t.Errorf("version %q: the step did not run the installed binary:\n%s", tc.version, out)
		}
	}
}

// TestNogoExample checks the Bazel example in docs/bazel against the suite:
// the nogo target lists every pass, each pass is a package that declares
// the Analyzer variable nogo's generated main refers to, and the nogo
// configuration names only analyzers and flags that exist. It also checks
// that the user documentation shows these very files.
func TestNogoExample(t *testing.T) {
	build, err := os.ReadFile("docs/bazel/BUILD.bazel")
	if err != nil {
		t.Fatal(err)
	}
	const repo = "@com_github_concurlint_concurlint"
	var labels []string
	for _, m := range regexp.MustCompile(`"(`+repo+`//[^"]+)"`).FindAllStringSubmatch(string(build), -1) {
		labels = append(labels, m[1])
	}
	var want []string
	for _, a := range concurlint.Analyzers {
		want = append(want, repo+"//passes/"+a.Name)
	}
	slices.Sort(labels)
	slices.Sort(want)
	if !slices.Equal(labels, want) {
		t.Errorf("docs/bazel/BUILD.bazel lists\n\t%v\nwant the suite\n\t%v", labels, want)
	}
	for _, a := range concurlint.Analyzers {
		dir := filepath.Join("passes", a.Name)
		if !declaresAnalyzer(t, dir) {
			t.Errorf("package %s does not declare a package-level Analyzer variable, which nogo requires", dir)
		}
	}

	var cfg map[string]struct {
		Description   string            `json:"description"`
		OnlyFiles     map[string]string `json:"only_files"`
		ExcludeFiles  map[string]string `json:"exclude_files"`
		AnalyzerFlags map[string]string `json:"analyzer_flags"`
	}
	data, err := os.ReadFile("docs/bazel/nogo_config.json")
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf("nogo_config.json: %v", err)
	}
	byName := make(map[string]*analysis.Analyzer)
	var visit func([]*analysis.Analyzer)
	visit = func(as []*analysis.Analyzer) {
		for _, a := range as {
			byName[a.Name] = a
			visit(a.Requires)
		}
	}
	visit(concurlint.Analyzers)
	for name, c := range cfg {
		a := byName[name]
		if a == nil && name != "_base" {
			t.Errorf("nogo_config.json configures %q, which is not an analyzer of the suite", name)
		}
		for flag := range c.AnalyzerFlags {
			if a == nil || a.Flags.Lookup(flag) == nil {
				t.Errorf("nogo_config.json sets flag %q of %s, which has no such flag", flag, name)
			}
		}
		for re := range c.ExcludeFiles {
			if _, err := regexp.Compile(re); err != nil {
				t.Errorf("nogo_config.json: %v", err)
			}
		}
		for re := range c.OnlyFiles {
			if _, err := regexp.Compile(re); err != nil {
				t.Errorf("nogo_config.json: %v", err)
			}
		}
	}

	// The documentation shows the files as they are.
	docs, err := os.ReadFile("docs/integrations.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"BUILD.bazel", "MODULE.bazel", "nogo_config.json"} {
		b, err := os.ReadFile(filepath.Join("docs/bazel", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(docs, bytes.TrimSpace(b)) {
			t.Errorf("the documentation does not show docs/bazel/%s as it is", name)
		}
	}
}

// declaresAnalyzer reports whether the Go package in dir declares a
// package-level variable named Analyzer.
func declaresAnalyzer(t *testing.T, dir string) bool {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				for _, spec := range gd.Specs {
					for _, id := range spec.(*ast.ValueSpec).Names {
						if id.Name == "Analyzer" {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

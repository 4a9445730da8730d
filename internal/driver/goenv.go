package driver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
)

// goEnv is what the go command in use says of its environment: the
// packages are loaded by that command, so its answers, not the ones
// concurlint was built with, say where the standard library is and whether
// cgo runs.
type goEnv struct {
	GOROOT      string
	CGO_ENABLED string
	CC          string
}

// readGoEnv asks the go command on PATH, run in dir (where a go.mod or
// go.work may switch toolchains).
func readGoEnv(dir string) (goEnv, error) {
	cmd := exec.Command("go", "env", "-json", "GOROOT", "CGO_ENABLED", "CC")
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	var env goEnv
	if err := cmd.Run(); err != nil {
		return env, fmt.Errorf("go env: %v: %s", err, strings.TrimSpace(errb.String()))
	}
	if err := json.Unmarshal(out.Bytes(), &env); err != nil {
		return env, fmt.Errorf("go env: %v", err)
	}
	return env, nil
}

package knowledge

import "strings"

// pureStd lists standard packages whose functions neither block, nor lock,
// nor start goroutines, nor appear in these tables: a package whose calls
// into other packages all go to these has nothing concurrent to summarise
// on their account.
var pureStd = map[string]bool{
	"bytes": true, "cmp": true, "container/heap": true, "container/list": true,
	"encoding/base64": true, "encoding/binary": true, "encoding/hex": true,
	"errors": true, "fmt": true, "hash/crc32": true, "hash/fnv": true,
	"iter": true, "maps": true, "math": true, "math/big": true, "math/bits": true,
	"path": true, "reflect": true, "slices": true, "sort": true, "strconv": true,
	"unicode": true, "unicode/utf16": true, "unicode/utf8": true, "unsafe": true,
}

// IsPureStd reports whether the standard package with the given import
// path is one of those.
func IsPureStd(path string) bool { return pureStd[path] }

// concurrentStd lists the standard packages whose functions and types the
// model and the passes recognise by name beyond the blocking table
// (sync.Cond, context.WithCancel, time.Timer, net/http.Client,
// os/exec.Command): any use of them makes a function concurrent. Every
// package under net/ is one too.
var concurrentStd = map[string]bool{
	"context": true, "net": true, "os/exec": true, "os/signal": true,
	"runtime": true, "sync": true, "sync/atomic": true, "time": true,
}

// IsConcurrentStd reports whether the standard package with the given
// import path is in concurrentStd or under net/.
func IsConcurrentStd(path string) bool {
	return concurrentStd[path] || strings.HasPrefix(path, "net/")
}

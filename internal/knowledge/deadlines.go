package knowledge

import (
	"go/types"
	"strings"
)

// Direction says which I/O of a connection a deadline bounds.
type Direction uint8

const (
	DirRead Direction = 1 << iota
	DirWrite
)

// deadlineSetters lists the methods that set a connection's deadline, by
// Key, with the I/O they bound. A Read after SetReadDeadline(t) on the same
// connection returns by t: it is a bounded wait, not one that hangs on the
// peer. The promoted methods of net's concrete connections are those of
// the unexported *net.conn.
var deadlineSetters = func() map[string]Direction {
	m := make(map[string]Direction)
	for _, recv := range []string{"net.Conn", "net.PacketConn", "*net.conn", "*crypto/tls.Conn", "*net.UDPConn", "*net.TCPConn", "*net.UnixConn", "*net.IPConn"} {
		m["("+recv+").SetDeadline"] = DirRead | DirWrite
		m["("+recv+").SetReadDeadline"] = DirRead
		m["("+recv+").SetWriteDeadline"] = DirWrite
	}
	return m
}()

// LookupDeadlineSetter returns the I/O fn bounds, if it sets a deadline.
func LookupDeadlineSetter(fn *types.Func) (Direction, bool) {
	if fn == nil {
		return 0, false
	}
	d, ok := deadlineSetters[Key(fn)]
	return d, ok
}

// IODirection returns the direction of a connection method by its name
// (Read, ReadFrom, ReadMsgUDP; Write, WriteTo), 0 for any other.
func IODirection(method string) Direction {
	switch {
	case strings.HasPrefix(method, "Read"):
		return DirRead
	case strings.HasPrefix(method, "Write"):
		return DirWrite
	}
	return 0
}

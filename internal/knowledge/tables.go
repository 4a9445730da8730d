package knowledge

// Shorthands for the table below. Each constructor sets CtxArg to -1 unless
// the entry says otherwise.

func blocks(k Kind) Op { return Op{Kind: k, CtxArg: -1} }

// withCtx is a blocking call bounded by the context at argument i.
func withCtx(k Kind, i int) Op { return Op{Kind: k, CtxArg: i} }

// ctxLess is a blocking call without a context whose variant takes one.
// When first is true the variant is the same call with ctx prepended.
func ctxLess(k Kind, variant string, first bool) Op {
	return Op{Kind: k, CtxArg: -1, Variant: variant, VariantTakesCtxFirst: first}
}

// netIO is an io helper that blocks on the network when one of args is a
// network value.
func netIO(args ...int) Op { return Op{Kind: Network, CtxArg: -1, NetArgs: args} }

func requestIO() Op { return Op{Kind: Network, CtxArg: -1, RequestIO: true} }

// onClient marks op as a method of *http.Client.
func onClient(op Op) Op {
	op.OnClient = true
	return op
}

// onDefaultClient marks op as a call on http.DefaultClient.
func onDefaultClient(op Op) Op {
	op.DefaultClient = true
	return op
}

// funcs is the blocking table. Reasons are given per group; an entry that
// needs a reason of its own has a comment.
var funcs = map[string]Op{
	// Sleeping.
	"time.Sleep": blocks(Sleep),

	// Waiting for other goroutines.
	"(*sync.WaitGroup).Wait":                          blocks(SyncWait),
	"(*sync.Cond).Wait":                               blocks(SyncWait), // releases its Locker while waiting
	"(*golang.org/x/sync/errgroup.Group).Wait":        blocks(SyncWait),
	"(*golang.org/x/sync/semaphore.Weighted).Acquire": withCtx(SyncWait, 0),

	// Dialling and name resolution: the context-less forms cannot be
	// cancelled.
	"net.Dial":                            ctxLess(Network, "(&net.Dialer{}).DialContext", false),
	"net.DialTimeout":                     ctxLess(Network, "(&net.Dialer{Timeout: d}).DialContext", false),
	"net.DialTCP":                         ctxLess(Network, "(&net.Dialer{}).DialContext", false),
	"net.DialUDP":                         ctxLess(Network, "(&net.Dialer{}).DialContext", false),
	"net.DialUnix":                        ctxLess(Network, "(&net.Dialer{}).DialContext", false),
	"net.DialIP":                          ctxLess(Network, "(&net.Dialer{}).DialContext", false),
	"(*net.Dialer).Dial":                  ctxLess(Network, "DialContext", true),
	"(*net.Dialer).DialContext":           withCtx(Network, 0),
	"net.LookupHost":                      ctxLess(Network, "net.DefaultResolver.LookupHost", true),
	"net.LookupIP":                        ctxLess(Network, "net.DefaultResolver.LookupIPAddr", false),
	"net.LookupAddr":                      ctxLess(Network, "net.DefaultResolver.LookupAddr", true),
	"net.LookupCNAME":                     ctxLess(Network, "net.DefaultResolver.LookupCNAME", true),
	"net.LookupMX":                        ctxLess(Network, "net.DefaultResolver.LookupMX", true),
	"net.LookupTXT":                       ctxLess(Network, "net.DefaultResolver.LookupTXT", true),
	"net.LookupSRV":                       ctxLess(Network, "net.DefaultResolver.LookupSRV", true),
	"net.LookupNS":                        ctxLess(Network, "net.DefaultResolver.LookupNS", true),
	"net.LookupPort":                      ctxLess(Network, "net.DefaultResolver.LookupPort", true),
	"(*net.Resolver).LookupHost":          withCtx(Network, 0),
	"(*net.Resolver).LookupIPAddr":        withCtx(Network, 0),
	"(*net.Resolver).LookupIP":            withCtx(Network, 0),
	"(*net.Resolver).LookupAddr":          withCtx(Network, 0),
	"(*net.Resolver).LookupSRV":           withCtx(Network, 0),
	"(*net.ListenConfig).Listen":          withCtx(Network, 0),
	"crypto/tls.Dial":                     ctxLess(Network, "(&tls.Dialer{}).DialContext", false),
	"crypto/tls.DialWithDialer":           ctxLess(Network, "(&tls.Dialer{NetDialer: d}).DialContext", false),
	"(*crypto/tls.Dialer).Dial":           ctxLess(Network, "DialContext", true),
	"(*crypto/tls.Dialer).DialContext":    withCtx(Network, 0),
	"(*crypto/tls.Conn).Handshake":        ctxLess(Network, "HandshakeContext", true),
	"(*crypto/tls.Conn).HandshakeContext": withCtx(Network, 0),

	// Reading and writing connections. Promoted methods resolve to the
	// declaring type (net.conn), interface calls to the interface method.
	"(net.Conn).Read":               blocks(Network),
	"(net.Conn).Write":              blocks(Network),
	"(net.PacketConn).ReadFrom":     blocks(Network),
	"(net.PacketConn).WriteTo":      blocks(Network),
	"(net.Listener).Accept":         blocks(Network),
	"(*net.conn).Read":              blocks(Network),
	"(*net.conn).Write":             blocks(Network),
	"(*net.TCPConn).ReadFrom":       blocks(Network),
	"(*net.TCPConn).WriteTo":        blocks(Network),
	"(*net.UDPConn).ReadFrom":       blocks(Network),
	"(*net.UDPConn).ReadFromUDP":    blocks(Network),
	"(*net.UDPConn).ReadMsgUDP":     blocks(Network),
	"(*net.UDPConn).WriteTo":        blocks(Network),
	"(*net.UDPConn).WriteToUDP":     blocks(Network),
	"(*net.UDPConn).WriteMsgUDP":    blocks(Network),
	"(*net.UnixConn).ReadFromUnix":  blocks(Network),
	"(*net.UnixConn).WriteToUnix":   blocks(Network),
	"(*net.TCPListener).Accept":     blocks(Network),
	"(*net.TCPListener).AcceptTCP":  blocks(Network),
	"(*net.UnixListener).Accept":    blocks(Network),
	"(*crypto/tls.Conn).Read":       blocks(Network),
	"(*crypto/tls.Conn).Write":      blocks(Network),
	"(*crypto/tls.listener).Accept": blocks(Network),

	// io helpers block on the network when they are handed a connection.
	"io.Copy":        netIO(0, 1),
	"io.CopyN":       netIO(0, 1),
	"io.CopyBuffer":  netIO(0, 1),
	"io.ReadAll":     netIO(0),
	"io.ReadFull":    netIO(0),
	"io.ReadAtLeast": netIO(0),
	"io.WriteString": netIO(0),

	// HTTP clients. The package-level helpers and the Client methods other
	// than Do build a request without a context.
	"net/http.Get":                         onDefaultClient(ctxLess(Network, "http.NewRequestWithContext and (*http.Client).Do", false)),
	"net/http.Head":                        onDefaultClient(ctxLess(Network, "http.NewRequestWithContext and (*http.Client).Do", false)),
	"net/http.Post":                        onDefaultClient(ctxLess(Network, "http.NewRequestWithContext and (*http.Client).Do", false)),
	"net/http.PostForm":                    onDefaultClient(ctxLess(Network, "http.NewRequestWithContext and (*http.Client).Do", false)),
	"(*net/http.Client).Get":               onClient(ctxLess(Network, "http.NewRequestWithContext and Do", false)),
	"(*net/http.Client).Head":              onClient(ctxLess(Network, "http.NewRequestWithContext and Do", false)),
	"(*net/http.Client).Post":              onClient(ctxLess(Network, "http.NewRequestWithContext and Do", false)),
	"(*net/http.Client).PostForm":          onClient(ctxLess(Network, "http.NewRequestWithContext and Do", false)),
	"(*net/http.Client).Do":                {Kind: Network, CtxArg: -1, CtxInRequest: true, OnClient: true},
	"(net/http.RoundTripper).RoundTrip":    {Kind: Network, CtxArg: -1, CtxInRequest: true},
	"(*net/http.Transport).RoundTrip":      {Kind: Network, CtxArg: -1, CtxInRequest: true},
	"(*net/http.Server).ListenAndServe":    blocks(Network),
	"(*net/http.Server).ListenAndServeTLS": blocks(Network),
	"(*net/http.Server).Serve":             blocks(Network),
	"(*net/http.Server).Shutdown":          withCtx(Network, 0),
	"net/http.ListenAndServe":              blocks(Network),
	"net/http.ListenAndServeTLS":           blocks(Network),
	"net/http.Serve":                       blocks(Network),
	// Constructors that do not block but drop the context.
	"net/http.NewRequest": {Kind: None, CtxArg: -1, Variant: "http.NewRequestWithContext", VariantTakesCtxFirst: true},

	// The request's own connection.
	"(net/http.ResponseWriter).Write": requestIO(),
	"(net/http.Flusher).Flush":        requestIO(),

	// database/sql: every context-less method has a ...Context twin.
	"(*database/sql.DB).Query":             ctxLess(Network, "QueryContext", true),
	"(*database/sql.DB).QueryRow":          ctxLess(Network, "QueryRowContext", true),
	"(*database/sql.DB).Exec":              ctxLess(Network, "ExecContext", true),
	"(*database/sql.DB).Prepare":           ctxLess(Network, "PrepareContext", true),
	"(*database/sql.DB).Begin":             ctxLess(Network, "BeginTx", false),
	"(*database/sql.DB).Ping":              ctxLess(Network, "PingContext", true),
	"(*database/sql.DB).QueryContext":      withCtx(Network, 0),
	"(*database/sql.DB).QueryRowContext":   withCtx(Network, 0),
	"(*database/sql.DB).ExecContext":       withCtx(Network, 0),
	"(*database/sql.DB).PrepareContext":    withCtx(Network, 0),
	"(*database/sql.DB).BeginTx":           withCtx(Network, 0),
	"(*database/sql.DB).PingContext":       withCtx(Network, 0),
	"(*database/sql.DB).Conn":              withCtx(Network, 0),
	"(*database/sql.Tx).Query":             ctxLess(Network, "QueryContext", true),
	"(*database/sql.Tx).QueryRow":          ctxLess(Network, "QueryRowContext", true),
	"(*database/sql.Tx).Exec":              ctxLess(Network, "ExecContext", true),
	"(*database/sql.Tx).Prepare":           ctxLess(Network, "PrepareContext", true),
	"(*database/sql.Tx).Commit":            blocks(Network),
	"(*database/sql.Tx).Rollback":          blocks(Network),
	"(*database/sql.Tx).QueryContext":      withCtx(Network, 0),
	"(*database/sql.Tx).QueryRowContext":   withCtx(Network, 0),
	"(*database/sql.Tx).ExecContext":       withCtx(Network, 0),
	"(*database/sql.Tx).PrepareContext":    withCtx(Network, 0),
	"(*database/sql.Conn).QueryContext":    withCtx(Network, 0),
	"(*database/sql.Conn).QueryRowContext": withCtx(Network, 0),
	"(*database/sql.Conn).ExecContext":     withCtx(Network, 0),
	"(*database/sql.Conn).PrepareContext":  withCtx(Network, 0),
	"(*database/sql.Conn).BeginTx":         withCtx(Network, 0),
	"(*database/sql.Conn).PingContext":     withCtx(Network, 0),
	"(*database/sql.Stmt).Query":           ctxLess(Network, "QueryContext", true),
	"(*database/sql.Stmt).QueryRow":        ctxLess(Network, "QueryRowContext", true),
	"(*database/sql.Stmt).Exec":            ctxLess(Network, "ExecContext", true),
	"(*database/sql.Stmt).QueryContext":    withCtx(Network, 0),
	"(*database/sql.Stmt).QueryRowContext": withCtx(Network, 0),
	"(*database/sql.Stmt).ExecContext":     withCtx(Network, 0),
	"(*database/sql.Rows).Next":            blocks(Network), // may fetch the next batch

	// Other network clients in the standard library.
	"(*net/rpc.Client).Call": blocks(Network),
	"net/smtp.SendMail":      blocks(Network),

	// gRPC clients: generated code calls Invoke and NewStream through the
	// ClientConnInterface, so the interface methods are the ones to know.
	"(*google.golang.org/grpc.ClientConn).Invoke":            withCtx(Network, 0),
	"(*google.golang.org/grpc.ClientConn).NewStream":         withCtx(Network, 0),
	"(google.golang.org/grpc.ClientConnInterface).Invoke":    withCtx(Network, 0),
	"(google.golang.org/grpc.ClientConnInterface).NewStream": withCtx(Network, 0),
	"google.golang.org/grpc.Invoke":                          withCtx(Network, 0),
	"google.golang.org/grpc.Dial":                            ctxLess(Network, "grpc.DialContext", true),
	"google.golang.org/grpc.DialContext":                     withCtx(Network, 0),
	"(google.golang.org/grpc.ClientStream).RecvMsg":          blocks(Network),
	"(google.golang.org/grpc.ClientStream).SendMsg":          blocks(Network),
	// A server stream is the request's own connection: its I/O is
	// bounded by the request's lifetime.
	"(google.golang.org/grpc.ServerStream).RecvMsg": requestIO(),
	"(google.golang.org/grpc.ServerStream).SendMsg": requestIO(),
	"(*google.golang.org/grpc.Server).Serve":        blocks(Network),

	// Running processes.
	"(*os/exec.Cmd).Run":            blocks(Process),
	"(*os/exec.Cmd).Output":         blocks(Process),
	"(*os/exec.Cmd).CombinedOutput": blocks(Process),
	"(*os/exec.Cmd).Wait":           blocks(Process),
	"(*os.Process).Wait":            blocks(Process),
	"os/exec.Command":               {Kind: None, CtxArg: -1, Variant: "exec.CommandContext", VariantTakesCtxFirst: true},

	// Files. Off by default in lockawait: local file I/O is usually quick.
	"os.ReadFile":             blocks(File),
	"os.WriteFile":            blocks(File),
	"os.ReadDir":              blocks(File),
	"(*os.File).Read":         blocks(File),
	"(*os.File).ReadAt":       blocks(File),
	"(*os.File).Write":        blocks(File),
	"(*os.File).WriteAt":      blocks(File),
	"(*os.File).WriteString":  blocks(File),
	"(*os.File).Sync":         blocks(File),
	"(*os.File).ReadFrom":     blocks(File),
	"(*os.File).ReadDir":      blocks(File),
	"(*os.File).Readdir":      blocks(File),
	"(*os.File).Readdirnames": blocks(File),
}

// NoReturn lists standard-library functions that never return. Functions
// outside the standard library are analysed and carry a fact instead.
var noReturn = map[string]bool{
	"os.Exit":                   true,
	"runtime.Goexit":            true,
	"log.Fatal":                 true,
	"log.Fatalf":                true,
	"log.Fatalln":               true,
	"log.Panic":                 true,
	"log.Panicf":                true,
	"log.Panicln":               true,
	"(*log.Logger).Fatal":       true,
	"(*log.Logger).Fatalf":      true,
	"(*log.Logger).Fatalln":     true,
	"(*log.Logger).Panic":       true,
	"(*log.Logger).Panicf":      true,
	"(*log.Logger).Panicln":     true,
	"(*testing.common).FailNow": true,
	"(*testing.common).Fatal":   true,
	"(*testing.common).Fatalf":  true,
	"(*testing.common).SkipNow": true,
	"(*testing.common).Skip":    true,
	"(*testing.common).Skipf":   true,
	"(testing.TB).FailNow":      true,
	"(testing.TB).Fatal":        true,
	"(testing.TB).Fatalf":       true,
	"(testing.TB).SkipNow":      true,
	"(testing.TB).Skip":         true,
	"(testing.TB).Skipf":        true,
}

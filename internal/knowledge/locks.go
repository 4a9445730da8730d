package knowledge

import "go/types"

// LockOp is what a call does to a lock.
type LockOp uint8

const (
	NotLock     LockOp = iota
	Acquire            // Lock
	Release            // Unlock
	TryAcquire         // TryLock: acquires only when it returns true
	RAcquire           // RLock
	RRelease           // RUnlock
	TryRAcquire        // TryRLock
)

// lockOps maps the lock methods of package sync, and of sync.Locker, to
// their effect. The receiver (or the interface value) is the lock.
var lockOps = map[string]LockOp{
	"(*sync.Mutex).Lock":       Acquire,
	"(*sync.Mutex).Unlock":     Release,
	"(*sync.Mutex).TryLock":    TryAcquire,
	"(*sync.RWMutex).Lock":     Acquire,
	"(*sync.RWMutex).Unlock":   Release,
	"(*sync.RWMutex).TryLock":  TryAcquire,
	"(*sync.RWMutex).RLock":    RAcquire,
	"(*sync.RWMutex).RUnlock":  RRelease,
	"(*sync.RWMutex).TryRLock": TryRAcquire,
	"(sync.Locker).Lock":       Acquire,
	"(sync.Locker).Unlock":     Release,
}

// lockTypes are the types of values that are locks, as types.TypeString
// spells them: a function returning one hands a lock to its caller.
var lockTypes = map[string]bool{
	"*sync.Mutex":   true,
	"*sync.RWMutex": true,
	"sync.Locker":   true,
}

// IsLockType reports whether values of the type spelled typeString are
// locks.
func IsLockType(typeString string) bool { return lockTypes[typeString] }

// LookupLock returns what calling fn does to its receiver lock.
func LookupLock(fn *types.Func) LockOp {
	if fn == nil {
		return NotLock
	}
	return lockOps[Key(fn)]
}

// NoReturn reports whether the standard-library function fn never returns.
func NoReturn(fn *types.Func) bool {
	return fn != nil && noReturn[Key(fn)]
}

// networkTypes are the types whose values are network endpoints: I/O on
// them waits for a peer.
var networkTypes = map[string]bool{
	"net.Conn":          true,
	"net.PacketConn":    true,
	"net.Listener":      true,
	"*net.TCPConn":      true,
	"*net.UDPConn":      true,
	"*net.UnixConn":     true,
	"*net.IPConn":       true,
	"*net.TCPListener":  true,
	"*net.UnixListener": true,
	"*crypto/tls.Conn":  true,
}

// networkFields are struct fields whose values are network streams even
// though their static type is a plain io interface.
var networkFields = map[string]bool{
	"(net/http.Response).Body": true,
}

// IsNetworkType reports whether values of type t are network endpoints.
func IsNetworkType(t types.Type) bool {
	return networkTypes[types.TypeString(t, nil)]
}

// IsNetworkField reports whether the field named field of struct type owner
// (spelled "(pkg.T).field" with owner the named struct type) holds a network
// stream.
func IsNetworkField(owner types.Type, field string) bool {
	if p, ok := owner.(*types.Pointer); ok {
		owner = p.Elem()
	}
	return networkFields["("+types.TypeString(owner, nil)+")."+field]
}

// readLockers are the methods that return a Locker whose Lock and Unlock
// read-lock their receiver, by FullName (rw.RLocker()).
var readLockers = map[string]bool{
	"(*sync.RWMutex).RLocker": true,
}

// ReadLocker reports whether the method with the given FullName returns
// a Locker that read-locks its receiver.
func ReadLocker(fullName string) bool { return readLockers[fullName] }

// condTypes are the condition variables, as types.TypeString spells them
// (without the pointer), with the field that holds the Locker their Wait
// releases.
var condTypes = map[string]string{
	"sync.Cond": "L",
}

// CondLocker returns, for the condition-variable type spelled typeString,
// the field that holds its Locker.
func CondLocker(typeString string) (field string, ok bool) {
	field, ok = condTypes[typeString]
	return field, ok
}

// condMakers are the functions that make a condition variable, by
// FullName, with the argument that is its Locker.
var condMakers = map[string]int{
	"sync.NewCond": 0,
}

// CondMaker reports whether the function with the given FullName makes a
// condition variable, and which argument is its Locker.
func CondMaker(fullName string) (lockerArg int, ok bool) {
	lockerArg, ok = condMakers[fullName]
	return lockerArg, ok
}

// syncObjTypes are the types, as types.TypeString spells them (without
// the pointer), of the objects besides channels whose waits others
// answer: their methods are called on pointers to them, which the
// answerer model follows from function to function.
var syncObjTypes = map[string]bool{
	"sync.WaitGroup":                   true,
	"sync.Cond":                        true,
	"sync.Mutex":                       true,
	"sync.RWMutex":                     true,
	"golang.org/x/sync/errgroup.Group": true,
}

// IsSyncObjType reports whether the type spelled typeString (without the
// pointer) is one of those.
func IsSyncObjType(typeString string) bool { return syncObjTypes[typeString] }

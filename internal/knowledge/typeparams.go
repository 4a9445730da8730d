package knowledge

import "go/types"

// LookupLockOn returns what calling method on a receiver of type recv does
// to the lock, when recv is a type parameter: method is then the
// constraint's, and what it does is what the method of the same name does
// on every type of the constraint's type set (func f[L *sync.Mutex |
// *sync.RWMutex](l L) { l.Lock() } locks l). It is NotLock when recv is
// not a type parameter, its type set is not a finite union, or its types
// disagree.
func LookupLockOn(recv types.Type, method *types.Func) LockOp {
	tp, ok := types.Unalias(recv).(*types.TypeParam)
	if !ok || method == nil {
		return NotLock
	}
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok {
		return NotLock
	}
	op, found := NotLock, false
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		union, ok := iface.EmbeddedType(i).(*types.Union)
		if !ok {
			continue
		}
		for j := 0; j < union.Len(); j++ {
			obj, _, _ := types.LookupFieldOrMethod(union.Term(j).Type(), true, method.Pkg(), method.Name())
			fn, ok := obj.(*types.Func)
			if !ok {
				return NotLock
			}
			termOp := LookupLock(fn)
			if found && termOp != op {
				return NotLock
			}
			op, found = termOp, true
		}
	}
	return op
}

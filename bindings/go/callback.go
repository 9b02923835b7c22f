package novaauth

/*
#include <stdint.h>
*/
import "C"

import "runtime/cgo"

// novaGoLoginEnded is the login's callback, reached through the C trampoline in
// novaauth.go (a file with an export may only declare C functions in its preamble).
// The library runs it exactly once per login, at the latest inside nova_login_free.
//
//export novaGoLoginEnded
func novaGoLoginEnded(handle C.uintptr_t) {
	close(cgo.Handle(handle).Value().(chan struct{}))
}

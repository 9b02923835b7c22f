package novaauth

/*
#include "nova_auth.h"
*/
import "C"

// Status is a status code of the C library: one of the Status constants.
type Status int32

// The statuses of the C library, with the values of its header.
const (
	StatusOK              Status = C.NOVA_OK
	StatusPending         Status = C.NOVA_PENDING
	StatusCompleted       Status = C.NOVA_COMPLETED
	StatusInvalidArgument Status = C.NOVA_ERR_INVALID_ARGUMENT
	StatusInsecureURL     Status = C.NOVA_ERR_INSECURE_URL
	StatusNetwork         Status = C.NOVA_ERR_NETWORK
	StatusServer          Status = C.NOVA_ERR_SERVER
	StatusExpired         Status = C.NOVA_ERR_EXPIRED
	StatusTimeout         Status = C.NOVA_ERR_TIMEOUT
	StatusCancelled       Status = C.NOVA_ERR_CANCELLED
	StatusInternal        Status = C.NOVA_ERR_INTERNAL
)

// String returns the status's C name, such as "NOVA_ERR_EXPIRED".
func (s Status) String() string {
	return C.GoString(C.nova_status_name(C.NovaStatus(s)))
}

// Error is a failure reported by the library: its status and, when known, a one-line
// message naming the cause.
//
// Compare errors with errors.Is and the sentinels below, which match any *Error of the
// same status: errors.Is(err, novaauth.ErrExpired).
type Error struct {
	Status  Status
	Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return "novaauth: " + e.Status.String()
	}
	return "novaauth: " + e.Status.String() + ": " + e.Message
}

// Is reports whether target is an *Error of the same status.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Status == e.Status
}

// Sentinels for errors.Is, one per status a call can fail with.
var (
	// ErrPending is returned by Poll while the person has not signed in yet.
	ErrPending         = &Error{Status: StatusPending}
	ErrInvalidArgument = &Error{Status: StatusInvalidArgument}
	ErrInsecureURL     = &Error{Status: StatusInsecureURL}
	ErrNetwork         = &Error{Status: StatusNetwork}
	ErrServer          = &Error{Status: StatusServer}
	ErrExpired         = &Error{Status: StatusExpired}
	ErrTimeout         = &Error{Status: StatusTimeout}
	ErrCancelled       = &Error{Status: StatusCancelled}
	ErrInternal        = &Error{Status: StatusInternal}
)

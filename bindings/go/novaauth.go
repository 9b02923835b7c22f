// Package novaauth signs a program's user in to Nova AI through the system browser, over
// the nova_auth C library: Start a login, let the person sign in in the browser, then Wait
// for the user (or call SignIn, which does all three).
//
// The user returned is the server's word: the flow carries no signature a client could
// check, so do not treat it as a proof of identity toward third parties.
//
// # Building
//
// The package takes its compiler and linker flags from pkg-config's nova_auth module, which
// `cargo cinstall` installs with the library (on Linux, Windows and macOS alike): set
// PKG_CONFIG_PATH to PREFIX/lib/pkgconfig when the prefix is not a system one. The program
// finds the shared library at run time as any other (the system's library path,
// LD_LIBRARY_PATH, or nova_auth.dll beside the .exe on Windows).
package novaauth

/*
#cgo pkg-config: nova_auth
#include <stdlib.h>
#include "nova_auth.h"

extern void novaGoLoginEnded(uintptr_t handle);

static void nova_go_login_ended(void *user_data, NovaStatus status) {
	(void)status; // Poll reads it again, with the user and the message.
	novaGoLoginEnded((uintptr_t)user_data);
}

// The cgo.Handle travels as user_data; converting it here keeps Go free of
// integer-to-pointer conversions.
static NovaStatus nova_go_set_callback(NovaLogin *login, uintptr_t handle) {
	return nova_login_set_callback(login, nova_go_login_ended, (void *)handle);
}
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/cgo"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// ErrClosed is returned by calls on a Login after Close.
var ErrClosed = errors.New("novaauth: login is closed")

// Options configure a login. The zero value of each field means the library's default,
// so Options{} is a valid configuration.
type Options struct {
	// BaseURL is the server: https://, or http:// to a loopback host. Default: the
	// NOVA_AUTH_BASE_URL environment variable, else https://nova-ai.work.
	BaseURL string
	// PollInterval is the time between two polls, 100ms to 60s. Default 2s.
	PollInterval time.Duration
	// Timeout is the login's deadline counted from Start, 100ms to 24h. Default 10m.
	Timeout time.Duration
	// RequestTimeout bounds one HTTP exchange, 100ms to 5m. Default 30s.
	RequestTimeout time.Duration
	// NoBrowser keeps the login URL from being opened in the system's browser; show
	// Login.URL to the person instead. Default: the browser opens.
	NoBrowser bool
	// ChooseAccount lets the person choose the account: the login URL carries
	// force_account_switch=1, so the login page signs the browser out first instead of
	// going on with the account it is signed in with. Default: off.
	ChooseAccount bool
	// UserAgent is the User-Agent header. Default "nova-auth/<version>".
	UserAgent string
}

// User is the signed-in user, as the server sent it. Optional fields are nil when the
// server sent none.
type User struct {
	UID      string
	Email    *string
	Name     *string
	PhotoURL *string
	Tier     *string
	// RawJSON is the user object as received: compact JSON, key order kept.
	RawJSON string
}

// Login is one login attempt. Its methods may be called from several goroutines at once.
// Close it when done; a forgotten Login is closed when it is garbage collected.
type Login struct {
	// mu is held for writing only by Close, so that it frees the C login once no other
	// call on it runs: the C API forbids freeing a login during a call on it.
	mu  sync.RWMutex
	ptr *C.NovaLogin // nil once closed
	// done is closed by the library's callback when the login leaves the pending state.
	done chan struct{}
	// ended holds done for the callback; deleted by Close, after which it never runs.
	ended cgo.Handle
}

// Version returns the C library's version, such as "0.1.0".
func Version() string {
	return C.GoString(C.nova_version())
}

// Start starts a login and returns at once: the library talks to the server on its own
// thread. It fails with an *Error of status StatusInvalidArgument or StatusInsecureURL for
// options the library refuses (explicit ones or NOVA_AUTH_BASE_URL), whose message says
// which value broke which rule.
func Start(opts Options) (*Login, error) {
	copts := C.nova_options_new()
	if copts == nil {
		return nil, &Error{Status: StatusInternal, Message: "cannot allocate the options"}
	}
	defer C.nova_options_free(copts)
	if err := opts.apply(copts); err != nil {
		return nil, err
	}

	var ptr *C.NovaLogin
	if err := check(func() C.NovaStatus { return C.nova_login_start(copts, &ptr) }); err != nil {
		return nil, err
	}
	done := make(chan struct{})
	l := &Login{ptr: ptr, done: done, ended: cgo.NewHandle(done)}
	if err := check(func() C.NovaStatus {
		return C.nova_go_set_callback(ptr, C.uintptr_t(l.ended))
	}); err != nil {
		C.nova_login_free(ptr)
		l.ended.Delete()
		return nil, err
	}
	runtime.SetFinalizer(l, (*Login).Close)
	return l, nil
}

// SignIn starts a login with opts and waits for it to end. When ctx ends first, it cancels
// the login and returns ctx.Err().
func SignIn(ctx context.Context, opts Options) (*User, error) {
	l, err := Start(opts)
	if err != nil {
		return nil, err
	}
	defer l.Close() // cancels the login if it is still pending
	return l.Wait(ctx)
}

// Poll reports the login's state without blocking: the user once completed, ErrPending
// while pending, else the *Error the login ended with.
func (l *Login) Poll() (*User, error) {
	var user *User
	err := l.use(func(p *C.NovaLogin) error {
		var cuser *C.NovaUser
		status, err := call(func() C.NovaStatus { return C.nova_login_poll(p, &cuser) })
		switch {
		case err != nil:
			return err
		case status == C.NOVA_COMPLETED:
			user = takeUser(cuser)
			return nil
		default:
			return ErrPending
		}
	})
	return user, err
}

// Wait blocks until the login ends, then returns as Poll does; or until ctx ends, then
// returns ctx.Err() and the login goes on.
func (l *Login) Wait(ctx context.Context) (*User, error) {
	select {
	case <-l.done:
		return l.Poll()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// URL returns the login URL once the server created the session, else "". Show it to the
// person if no browser opened; do not log it (it holds the session id).
func (l *Login) URL() string {
	var url string
	_ = l.use(func(p *C.NovaLogin) error {
		url = goStringOrEmpty(C.nova_login_url(p))
		return nil
	})
	return url
}

// Refresh asks for the next poll of the server now instead of at the end of the interval;
// call it when the program's window regains focus. It does nothing after Close.
func (l *Login) Refresh() {
	_ = l.use(func(p *C.NovaLogin) error {
		C.nova_login_refresh(p)
		return nil
	})
}

// Cancel ends a pending login with ErrCancelled; a login that already ended keeps its
// result. It does nothing after Close.
func (l *Login) Cancel() {
	_ = l.use(func(p *C.NovaLogin) error {
		C.nova_login_cancel(p)
		return nil
	})
}

// Close cancels the login if pending and releases it. Further calls return ErrClosed,
// and a Wait in progress returns. Close may be called several times, from any goroutine.
func (l *Login) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ptr == nil {
		return nil
	}
	C.nova_login_free(l.ptr) // runs the callback if it has not run yet
	l.ptr = nil
	l.ended.Delete()
	runtime.SetFinalizer(l, nil)
	return nil
}

// use runs call with the C login, which Close cannot free meanwhile.
func (l *Login) use(call func(p *C.NovaLogin) error) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ptr == nil {
		return ErrClosed
	}
	err := call(l.ptr)
	runtime.KeepAlive(l) // the finalizer must not free the login during the call
	return err
}

func (o Options) apply(c *C.NovaOptions) error {
	if o.BaseURL != "" {
		if err := setString("BaseURL", o.BaseURL, func(s *C.char) C.NovaStatus {
			return C.nova_options_set_base_url(c, s)
		}); err != nil {
			return err
		}
	}
	durations := []struct {
		value time.Duration
		set   func(ms C.uint32_t) C.NovaStatus
	}{
		{o.PollInterval, func(ms C.uint32_t) C.NovaStatus { return C.nova_options_set_poll_interval_ms(c, ms) }},
		{o.Timeout, func(ms C.uint32_t) C.NovaStatus { return C.nova_options_set_timeout_ms(c, ms) }},
		{o.RequestTimeout, func(ms C.uint32_t) C.NovaStatus { return C.nova_options_set_request_timeout_ms(c, ms) }},
	}
	for _, d := range durations {
		if d.value == 0 {
			continue
		}
		ms := d.value.Milliseconds()
		// Out-of-range values go to the library as 0, which it refuses like any other.
		if ms < 0 || ms > math.MaxUint32 {
			ms = 0
		}
		if err := check(func() C.NovaStatus { return d.set(C.uint32_t(ms)) }); err != nil {
			return err
		}
	}
	flags := []struct {
		on  bool
		set func() C.NovaStatus
	}{
		{o.NoBrowser, func() C.NovaStatus { return C.nova_options_set_open_browser(c, false) }},
		{o.ChooseAccount, func() C.NovaStatus { return C.nova_options_set_choose_account(c, true) }},
	}
	for _, f := range flags {
		if !f.on {
			continue
		}
		if err := check(f.set); err != nil {
			return err
		}
	}
	if o.UserAgent != "" {
		return setString("UserAgent", o.UserAgent, func(s *C.char) C.NovaStatus {
			return C.nova_options_set_user_agent(c, s)
		})
	}
	return nil
}

// setString hands value to a setter as a C string; a NUL byte, which C would read as the
// string's end, is refused here.
func setString(name, value string, set func(s *C.char) C.NovaStatus) error {
	if strings.IndexByte(value, 0) >= 0 {
		return &Error{Status: StatusInvalidArgument, Message: fmt.Sprintf("Options.%s %q holds a NUL byte", name, value)}
	}
	cvalue := C.CString(value)
	defer C.free(unsafe.Pointer(cvalue))
	return check(func() C.NovaStatus { return set(cvalue) })
}

// call runs one C call that returns a status; a negative one comes back as an *Error
// carrying the library's message for it. The library keeps that message per OS thread, so
// the goroutine stays on its thread from the call to the read.
func call(c func() C.NovaStatus) (C.NovaStatus, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	status := c()
	if status >= 0 {
		return status, nil
	}
	return status, &Error{Status: Status(status), Message: goStringOrEmpty(C.nova_last_error())}
}

// check is call for the calls that return NOVA_OK on success.
func check(c func() C.NovaStatus) error {
	_, err := call(c)
	return err
}

// takeUser copies a user made by the library into Go memory and frees it.
func takeUser(cuser *C.NovaUser) *User {
	defer C.nova_user_free(cuser)
	return &User{
		UID:      C.GoString(cuser.uid),
		Email:    goStringOrNil(cuser.email),
		Name:     goStringOrNil(cuser.name),
		PhotoURL: goStringOrNil(cuser.photo_url),
		Tier:     goStringOrNil(cuser.tier),
		RawJSON:  C.GoString(cuser.raw_json),
	}
}

func goStringOrNil(s *C.char) *string {
	if s == nil {
		return nil
	}
	value := C.GoString(s)
	return &value
}

func goStringOrEmpty(s *C.char) string {
	if s == nil {
		return ""
	}
	return C.GoString(s)
}

package novaauth

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	// The example signs in against an auto-approving server named by the environment,
	// as a real program would; every test starts a server of its own.
	server, err := startDevServer("--auto-approve-ms", "100")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("NOVA_AUTH_BASE_URL", server.baseURL)
	code := m.Run()
	server.stop()
	os.Exit(code)
}

// startLogin starts a login without a browser, polling every 100ms unless opts say
// otherwise, and closes it when the test ends.
func startLogin(t *testing.T, opts Options) *Login {
	t.Helper()
	opts.NoBrowser = true
	if opts.PollInterval == 0 {
		opts.PollInterval = 100 * time.Millisecond
	}
	l, err := Start(opts)
	if err != nil {
		t.Fatalf("expected Start to succeed, got %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// waitEnd waits up to 5s for the login to end.
func waitEnd(t *testing.T, l *Login) (*User, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	user, err := l.Wait(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("expected the login to end within 5s, it is still pending")
	}
	return user, err
}

func expectError(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("expected an error matching %v, got %v", want, err)
	}
}

func expectField(t *testing.T, name string, got *string, want string) {
	t.Helper()
	if got == nil || *got != want {
		t.Errorf("expected %s %q, got %s", name, want, describe(got))
	}
}

func describe(s *string) string {
	if s == nil {
		return "nil"
	}
	return fmt.Sprintf("%q", *s)
}

func TestWaitReturnsTheUserWithEveryField(t *testing.T) {
	server := newDevServer(t)
	l := startLogin(t, Options{BaseURL: server.baseURL})
	server.complete(t, l, googleUser)

	user, err := waitEnd(t, l)
	if err != nil {
		t.Fatalf("expected the user, got %v", err)
	}
	if user.UID != "dev-google-4f1c9a" {
		t.Errorf("expected UID dev-google-4f1c9a, got %q", user.UID)
	}
	expectField(t, "Name", user.Name, "Ada Lovelace")
	expectField(t, "Email", user.Email, "ada.lovelace@example.com")
	expectField(t, "PhotoURL", user.PhotoURL, "https://example.com/avatars/ada.png")
	expectField(t, "Tier", user.Tier, "pro")
	if !strings.HasPrefix(user.RawJSON, `{"uid":"dev-google-4f1c9a",`) {
		t.Errorf("expected RawJSON to be the compact user object, got %s", user.RawJSON)
	}
}

func TestMissingEmailIsNil(t *testing.T) {
	server := newDevServer(t)
	l := startLogin(t, Options{BaseURL: server.baseURL})
	server.complete(t, l, kakaoUser)

	user, err := waitEnd(t, l)
	if err != nil {
		t.Fatalf("expected the user, got %v", err)
	}
	if user.Email != nil {
		t.Errorf("expected a nil Email, got %q", *user.Email)
	}
	expectField(t, "Name", user.Name, "이서준")
	expectField(t, "Tier", user.Tier, "free")
}

func TestPollIsPendingUntilSignedIn(t *testing.T) {
	server := newDevServer(t)
	l := startLogin(t, Options{BaseURL: server.baseURL})
	waitForURL(t, l)

	user, err := l.Poll()
	expectError(t, err, ErrPending)
	if user != nil {
		t.Errorf("expected no user while pending, got %+v", user)
	}
}

func TestWaitReturnsContextErrorAndLoginGoesOn(t *testing.T) {
	server := newDevServer(t)
	l := startLogin(t, Options{BaseURL: server.baseURL})

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := l.Wait(ctx)
	expectError(t, err, context.DeadlineExceeded)

	_, err = l.Poll()
	expectError(t, err, ErrPending)
	server.complete(t, l, googleUser)
	if _, err := waitEnd(t, l); err != nil {
		t.Fatalf("expected the login to complete after the context ended, got %v", err)
	}
}

func TestSignInCancelsTheLoginWhenTheContextEnds(t *testing.T) {
	server := newDevServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)

	_, err := SignIn(ctx, Options{BaseURL: server.baseURL, PollInterval: 100 * time.Millisecond, NoBrowser: true})
	expectError(t, err, context.Canceled)

	// A request sent just before the cancel may be counted just after it: the count starts
	// one interval later. A login still running would then poll about four times in 400ms.
	time.Sleep(100 * time.Millisecond)
	before := server.getRequests(t)
	time.Sleep(400 * time.Millisecond)
	if after := server.getRequests(t); after != before {
		t.Fatalf("expected no get-session request after SignIn returned, got %d", after-before)
	}
}

func TestCancelEndsTheLoginWithErrCancelled(t *testing.T) {
	server := newDevServer(t)
	l := startLogin(t, Options{BaseURL: server.baseURL})
	waitForURL(t, l)

	l.Cancel()
	_, err := waitEnd(t, l)
	expectMessage(t, err, ErrCancelled, "the login was cancelled")
}

func TestRefreshPollsAtOnce(t *testing.T) {
	server := newDevServer(t)
	l := startLogin(t, Options{BaseURL: server.baseURL, PollInterval: time.Minute})
	server.complete(t, l, googleUser)

	l.Refresh()
	if _, err := waitEnd(t, l); err != nil {
		t.Fatalf("expected the user one poll after Refresh, got %v", err)
	}
}

func TestCreateSessionFailureIsErrServer(t *testing.T) {
	server := newDevServer(t)
	server.queueFault(t, map[string]any{"route": "create-session", "status": 500})
	l := startLogin(t, Options{BaseURL: server.baseURL})

	_, err := waitEnd(t, l)
	expectError(t, err, ErrServer)
	if !strings.Contains(err.Error(), "HTTP 500") {
		t.Errorf("expected the message to name HTTP 500, got %q", err.Error())
	}
}

func TestGoneSessionIsErrExpired(t *testing.T) {
	server := newDevServer(t)
	server.queueFault(t, map[string]any{"route": "get-session", "status": 410})
	l := startLogin(t, Options{BaseURL: server.baseURL})

	_, err := waitEnd(t, l)
	expectError(t, err, ErrExpired)
}

// startError starts a login with opts, which must fail, and returns the error.
func startError(t *testing.T, opts Options) error {
	t.Helper()
	opts.NoBrowser = true
	l, err := Start(opts)
	if l != nil {
		l.Close()
		t.Fatalf("expected Start(%+v) to fail, it started a login", opts)
	}
	return err
}

// expectMessage expects err to match want and carry the library's message, message.
func expectMessage(t *testing.T, err, want error, message string) {
	t.Helper()
	expectError(t, err, want)
	var e *Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.Message, message) {
		t.Errorf("expected a message starting %q, got %v", message, err)
	}
}

func TestRemoteHTTPBaseURLIsErrInsecureURL(t *testing.T) {
	expectMessage(t, startError(t, Options{BaseURL: "http://example.com"}), ErrInsecureURL,
		`base URL "http://example.com": http:// is allowed only to a loopback host`)
}

func TestBadBaseURLsFromTheEnvironmentFailStartNamingTheVariable(t *testing.T) {
	t.Setenv("NOVA_AUTH_BASE_URL", "http://example.com")
	expectMessage(t, startError(t, Options{}), ErrInsecureURL,
		`NOVA_AUTH_BASE_URL: base URL "http://example.com": http:// is allowed only to a loopback host`)
	t.Setenv("NOVA_AUTH_BASE_URL", "ftp://example.com")
	expectMessage(t, startError(t, Options{}), ErrInvalidArgument,
		`NOVA_AUTH_BASE_URL: base URL "ftp://example.com": the scheme must be https, or http to a loopback host`)
}

func TestEachRefusedOptionIsErrInvalidArgumentWithTheLibrarysMessage(t *testing.T) {
	for _, c := range []struct {
		opts    Options
		message string
	}{
		{Options{BaseURL: "ftp://example.com"}, `base URL "ftp://example.com": the scheme must be https`},
		{Options{BaseURL: "https://example.com/?a=1"}, `base URL "https://example.com/?a=1": must not have a query`},
		{Options{PollInterval: 50 * time.Millisecond}, "poll interval must be 100 to 60000 ms, not 50"},
		{Options{PollInterval: 61 * time.Second}, "poll interval must be 100 to 60000 ms, not 61000"},
		{Options{PollInterval: -time.Second}, "poll interval must be 100 to 60000 ms, not 0"},
		{Options{Timeout: 25 * time.Hour}, "login timeout must be 100 to 86400000 ms, not 90000000"},
		{Options{RequestTimeout: 6 * time.Minute}, "request timeout must be 100 to 300000 ms, not 360000"},
		{Options{UserAgent: "app\r\nX: 1"}, `user agent "app\r\nX: 1": must not contain control characters`},
		{Options{UserAgent: "app\x00"}, `Options.UserAgent "app\x00" holds a NUL byte`},
	} {
		expectMessage(t, startError(t, c.opts), ErrInvalidArgument, c.message)
	}
}

func TestChooseAccountPutsForceAccountSwitchInTheURLOnce(t *testing.T) {
	server := newDevServer(t)
	for _, choose := range []bool{false, true} {
		l := startLogin(t, Options{BaseURL: server.baseURL, ChooseAccount: choose})
		want := server.baseURL + "/login?session=" + sessionID(t, server, l)
		if choose {
			want += "&force_account_switch=1"
		}
		if got := l.URL(); got != want {
			t.Errorf("ChooseAccount %v: expected the login URL %s, got %s", choose, want, got)
		}
	}
}

func TestDeadlineEndsTheLoginWithErrTimeout(t *testing.T) {
	server := newDevServer(t)
	l := startLogin(t, Options{BaseURL: server.baseURL, Timeout: 300 * time.Millisecond})

	_, err := waitEnd(t, l)
	expectError(t, err, ErrTimeout)
}

func TestCloseIsIdempotentFromManyGoroutines(t *testing.T) {
	server := newDevServer(t)
	l := startLogin(t, Options{BaseURL: server.baseURL})
	waitForURL(t, l)

	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- l.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("expected Close to return nil, got %v", err)
		}
	}
	if err := l.Close(); err != nil {
		t.Errorf("expected a further Close to return nil, got %v", err)
	}
}

func TestCloseEndsAWaitInProgress(t *testing.T) {
	server := newDevServer(t)
	l := startLogin(t, Options{BaseURL: server.baseURL})
	waitForURL(t, l)

	waited := make(chan error, 1)
	go func() {
		_, err := l.Wait(context.Background())
		waited <- err
	}()
	time.Sleep(100 * time.Millisecond) // let Wait block
	l.Close()
	select {
	case err := <-waited:
		expectError(t, err, ErrClosed)
	case <-time.After(5 * time.Second):
		t.Fatal("expected Wait to return after Close, it still blocks after 5s")
	}
}

func TestCallsAfterCloseReturnErrClosed(t *testing.T) {
	server := newDevServer(t)
	l := startLogin(t, Options{BaseURL: server.baseURL})
	waitForURL(t, l)
	l.Close()

	_, err := l.Poll()
	expectError(t, err, ErrClosed)
	_, err = l.Wait(context.Background())
	expectError(t, err, ErrClosed)
	if u := l.URL(); u != "" {
		t.Errorf("expected no URL after Close, got %q", u)
	}
	l.Refresh()
	l.Cancel()
}

func TestForgottenLoginIsCancelledByTheGarbageCollector(t *testing.T) {
	server := newDevServer(t)
	func() {
		l, err := Start(Options{BaseURL: server.baseURL, PollInterval: 100 * time.Millisecond, NoBrowser: true})
		if err != nil {
			t.Fatalf("expected Start to succeed, got %v", err)
		}
		waitForURL(t, l)
	}()

	// Finalizers run on their own goroutine after a collection; give them a few chances.
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		runtime.GC()
		before := server.getRequests(t)
		time.Sleep(400 * time.Millisecond)
		if server.getRequests(t) == before {
			return
		}
	}
	t.Fatal("expected the forgotten login to stop polling after collection, it still polls after 5s")
}

func TestStatusStringIsTheCName(t *testing.T) {
	if got := StatusExpired.String(); got != "NOVA_ERR_EXPIRED" {
		t.Errorf("expected NOVA_ERR_EXPIRED, got %s", got)
	}
	if got := Status(42).String(); got != "NOVA_UNKNOWN" {
		t.Errorf("expected NOVA_UNKNOWN for 42, got %s", got)
	}
}

func TestVersionIsSemantic(t *testing.T) {
	if v := Version(); !regexp.MustCompile(`^\d+\.\d+\.\d+`).MatchString(v) {
		t.Errorf("expected a version such as 0.1.0, got %q", v)
	}
}

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
	expectError(t, err, ErrCancelled)
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

func TestRemoteHTTPBaseURLIsErrInsecureURL(t *testing.T) {
	l, err := Start(Options{BaseURL: "http://example.com", NoBrowser: true})
	if l != nil {
		l.Close()
	}
	expectError(t, err, ErrInsecureURL)
}

func TestRemoteHTTPBaseURLFromTheEnvironmentIsErrInsecureURL(t *testing.T) {
	t.Setenv("NOVA_AUTH_BASE_URL", "http://example.com")
	l, err := Start(Options{NoBrowser: true})
	if l != nil {
		l.Close()
	}
	expectError(t, err, ErrInsecureURL)
	if !strings.Contains(err.Error(), "NOVA_AUTH_BASE_URL") {
		t.Errorf("expected the message to name NOVA_AUTH_BASE_URL, got %q", err.Error())
	}
}

func TestOutOfRangePollIntervalIsErrInvalidArgument(t *testing.T) {
	for _, interval := range []time.Duration{50 * time.Millisecond, -time.Second, 61 * time.Second} {
		l, err := Start(Options{PollInterval: interval, NoBrowser: true})
		if l != nil {
			l.Close()
		}
		if !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("PollInterval %v: expected ErrInvalidArgument, got %v", interval, err)
		}
	}
}

func TestNULInUserAgentIsErrInvalidArgument(t *testing.T) {
	l, err := Start(Options{UserAgent: "app\x00", NoBrowser: true})
	if l != nil {
		l.Close()
	}
	expectError(t, err, ErrInvalidArgument)
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

package novaauth

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// devServer is a nova-devserver listening on a loopback port.
type devServer struct {
	baseURL string
	stop    func()
}

// newDevServer starts a dev server for one test and stops it when the test ends.
func newDevServer(t *testing.T, args ...string) *devServer {
	t.Helper()
	s, err := startDevServer(args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.stop)
	return s
}

// request sends body (JSON, or nothing when nil) and decodes a 200 answer into answer.
func (s *devServer) request(t *testing.T, method, path string, body, answer any) {
	t.Helper()
	var reader io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		reader = bytes.NewReader(encoded)
	}
	req, err := http.NewRequest(method, s.baseURL+path, reader)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: expected HTTP 200, got %d: %s", method, path, resp.StatusCode, text)
	}
	if err := json.Unmarshal(text, answer); err != nil {
		t.Fatalf("%s %s: answer %s: %v", method, path, text, err)
	}
}

// queueFault queues one faulty answer, as /_dev/faults describes.
func (s *devServer) queueFault(t *testing.T, fault map[string]any) {
	t.Helper()
	var answer struct{ Queued int }
	s.request(t, http.MethodPost, "/_dev/faults", fault, &answer)
	if answer.Queued != 1 {
		t.Fatalf("expected 1 fault queued, got %d", answer.Queued)
	}
}

// getRequests counts the get-session requests the server received.
func (s *devServer) getRequests(t *testing.T) int {
	t.Helper()
	var stats struct {
		GetRequests int `json:"get_requests"`
	}
	s.request(t, http.MethodGet, "/_dev/stats", nil, &stats)
	return stats.GetRequests
}

// The dev server's test identities, as the web app sends them to complete-session.
var (
	googleUser = map[string]any{"uid": "dev-google-4f1c9a", "name": "Ada Lovelace",
		"email": "ada.lovelace@example.com", "photoUrl": "https://example.com/avatars/ada.png", "plan": "pro"}
	kakaoUser = map[string]any{"uid": "dev-kakao-3d8e55", "name": "이서준",
		"email": nil, "photoUrl": "https://example.com/avatars/seojun.jpg", "plan": "free"}
)

// complete signs the login's session in as identity, as the web app does.
func (s *devServer) complete(t *testing.T, l *Login, identity map[string]any) {
	t.Helper()
	body := map[string]any{"sessionId": sessionID(t, s, l)}
	for key, value := range identity {
		body[key] = value
	}
	var answer struct{ Success bool }
	s.request(t, http.MethodPost, "/api/auth/complete-session", body, &answer)
	if !answer.Success {
		t.Fatal("complete-session did not answer success")
	}
}

// sessionID waits for the login URL and takes the session id out of it.
func sessionID(t *testing.T, s *devServer, l *Login) string {
	t.Helper()
	loginURL := waitForURL(t, l)
	prefix := s.baseURL + "/login?"
	if !strings.HasPrefix(loginURL, prefix) {
		t.Fatalf("expected a login URL starting with %s, got %s", prefix, loginURL)
	}
	query, err := url.ParseQuery(strings.TrimPrefix(loginURL, prefix))
	if err != nil || query.Get("session") == "" {
		t.Fatalf("expected a session id in the login URL, got %s", loginURL)
	}
	return query.Get("session")
}

// waitForURL waits until the server created the session: the library gives no event for it.
func waitForURL(t *testing.T, l *Login) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if u := l.URL(); u != "" {
			return u
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("expected a login URL within 5s, got none")
	return ""
}

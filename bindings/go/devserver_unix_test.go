//go:build !windows

package novaauth

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// startDevServer runs the binary named by NOVA_DEVSERVER (default: the repository's debug
// build) and reads its base URL from the first line of its output.
func startDevServer(args ...string) (*devServer, error) {
	path := os.Getenv("NOVA_DEVSERVER")
	if path == "" {
		path = filepath.Join("..", "..", "target", "debug", "nova-devserver")
	}
	cmd := exec.Command(path, append([]string{"--host", "127.0.0.1", "--port", "0"}, args...)...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the dev server %s: %w", path, err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	stop := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	if err != nil {
		stop()
		return nil, fmt.Errorf("reading the dev server's base URL: %w", err)
	}
	return &devServer{baseURL: strings.TrimSpace(line), stop: stop}, nil
}

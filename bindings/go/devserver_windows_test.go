package novaauth

import (
	"fmt"
	"os"
	"strings"
)

// A Windows test program cannot start the Linux dev server: the suite starts one server per
// set of arguments the tests use and passes their URLs in these variables. The tests share
// them, so they compare counters before and after, never against zero.
var devServerURLs = map[string]string{
	"":                      "NOVA_DEVSERVER_URL",
	"--auto-approve-ms 100": "NOVA_DEVSERVER_AUTO_APPROVE_URL",
}

func startDevServer(args ...string) (*devServer, error) {
	variable, known := devServerURLs[strings.Join(args, " ")]
	if !known {
		return nil, fmt.Errorf("no dev server with the arguments %q is started for Windows tests", args)
	}
	baseURL := os.Getenv(variable)
	if baseURL == "" {
		return nil, fmt.Errorf("%s is not set: start the dev server on the Linux side and pass its URL", variable)
	}
	return &devServer{baseURL: baseURL, stop: func() {}}, nil
}

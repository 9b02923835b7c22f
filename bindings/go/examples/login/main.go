// Command login signs in to Nova AI through the system browser and prints the user.
//
//	NOVA_AUTH_BASE_URL=http://127.0.0.1:PORT go run ./examples/login [-no-browser] [-timeout 10m]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	novaauth "nova-ai.work/nova-auth/bindings/go"
)

func main() {
	noBrowser := flag.Bool("no-browser", false, "only print the login URL, do not open the browser")
	timeout := flag.Duration("timeout", 10*time.Minute, "give up after this long")
	flag.Parse()

	if err := run(*noBrowser, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "login:", err)
		os.Exit(1)
	}
}

func run(noBrowser bool, timeout time.Duration) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	login, err := novaauth.Start(novaauth.Options{Timeout: timeout, NoBrowser: noBrowser})
	if err != nil {
		return err
	}
	defer login.Close()

	// The URL is known once the server created the session; print it in case no browser
	// opened. Stop looking if the login ends first.
	for login.URL() == "" {
		if _, err := login.Poll(); !errors.Is(err, novaauth.ErrPending) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if url := login.URL(); url != "" {
		fmt.Println("Sign in at:", url)
	}

	user, err := login.Wait(ctx)
	if err != nil {
		return err // on Ctrl-C, the deferred Close cancels the login
	}
	fmt.Println("uid:  ", user.UID)
	fmt.Println("name: ", orNone(user.Name))
	fmt.Println("email:", orNone(user.Email))
	fmt.Println("tier: ", orNone(user.Tier))
	return nil
}

func orNone(s *string) string {
	if s == nil {
		return "(none)"
	}
	return *s
}

package novaauth_test

import (
	"context"
	"fmt"
	"time"

	novaauth "nova-ai.work/nova-auth/bindings/go"
)

func ExampleSignIn() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// The server comes from NOVA_AUTH_BASE_URL (else https://nova-ai.work). A program
	// with a window would leave the browser on; this one shows Login.URL instead.
	user, err := novaauth.SignIn(ctx, novaauth.Options{NoBrowser: true, PollInterval: 200 * time.Millisecond})
	if err != nil {
		fmt.Println("sign-in failed:", err)
		return
	}
	fmt.Printf("Signed in as %s (%s)\n", *user.Name, *user.Tier)
	// Output: Signed in as Ada Lovelace (pro)
}

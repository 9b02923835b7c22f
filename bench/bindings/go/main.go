// Command poll measures Login.Poll through the Go binding, on a pending login.
// Usage: poll BASE_URL POLLS REPEATS; prints one JSON object (ns per poll).
package main

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"

	novaauth "nova-ai.work/nova-auth/bindings/go"
)

func main() {
	polls, _ := strconv.Atoi(os.Args[2])
	repeats, _ := strconv.Atoi(os.Args[3])
	login, err := novaauth.Start(novaauth.Options{BaseURL: os.Args[1], PollInterval: time.Minute, NoBrowser: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer login.Close()
	for login.URL() == "" {
		time.Sleep(time.Millisecond)
	}
	perPoll := make([]float64, repeats)
	for r := range perPoll {
		start := time.Now()
		for i := 0; i < polls; i++ {
			if _, err := login.Poll(); !errors.Is(err, novaauth.ErrPending) {
				fmt.Fprintln(os.Stderr, "the login left the pending state during the loop:", err)
				os.Exit(1)
			}
		}
		perPoll[r] = float64(time.Since(start).Nanoseconds()) / float64(polls)
	}
	sort.Float64s(perPoll)
	fmt.Printf("{\"polls\": %d, \"best_ns\": %.2f, \"median_ns\": %.2f}\n", polls, perPoll[0], perPoll[len(perPoll)/2])
}

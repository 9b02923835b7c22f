"""Cost of Login.poll() through the Python binding, on a pending login.

Usage: poll.py BASE_URL POLLS REPEATS   (run by a Python with the nova_auth package installed)
Prints one JSON object: the best and the median of REPEATS loops, in ns per poll."""

import json
import statistics
import sys
import time

import nova_auth

base_url, polls, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with nova_auth.start(base_url, poll_interval=60, open_browser=False) as login:
    while login.url is None:
        time.sleep(0.001)
    per_poll = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        for _ in range(polls):
            if login.poll() is not None:
                raise SystemExit("the login left the pending state during the loop")
        per_poll.append((time.perf_counter_ns() - start) / polls)
print(json.dumps({"polls": polls, "best_ns": min(per_poll), "median_ns": statistics.median(per_poll)}))

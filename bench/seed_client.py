"""Runs the seed's Python client (class NovaAIAuth of python-oauth-integration.md) for bench/run.

The code is read from the seed document at run time and executed unchanged, except that it
is given the dev server's base URL and that webbrowser.open is replaced, before the code
runs, by a function that only records the login URL (no browser opens). What the seed
prints goes to /dev/null; this program prints its own lines and, last, one JSON object.

Usage: seed_client.py SEED_MD BASE_URL MODE ARGS...
  poll COUNT          the seed's poll statement (one requests.get of get-session, then
                      .json()) timed COUNT times on a pending session, and its
                      create-session POST, which it runs on the caller's thread
  threads N [SECONDS] threads and VmRSS before the first login, with 1 and with N logins
                      pending (one thread each, as the seed blocks its caller), then the
                      CPU time spent over SECONDS
  watch N             N logins; prints "url I URL" for each, then "ready"; once bench/run
                      has completed them, "seen I NS STATUS" (NS on CLOCK_MONOTONIC)
"""

import json
import os
import re
import resource
import statistics
import sys
import threading
import time
import webbrowser

import requests

real_stdout = sys.stdout
login_urls = {}  # thread index -> the login URL the seed "opened" on that thread
sessions_ready = threading.Semaphore(0)


def record_login_url(url, *args, **kwargs):
    login_urls[int(threading.current_thread().name)] = url
    sessions_ready.release()
    return True


def load_seed(path):
    """The seed's NovaAIAuth class: the document's first Python code block, executed."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    webbrowser.open = record_login_url
    namespace = {"__name__": "nova_seed"}  # not __main__: its usage block does not run
    exec(compile(code, path, "exec"), namespace)
    return namespace["NovaAIAuth"]


def proc_status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def say(*words):
    print(*words, file=real_stdout, flush=True)


def start_logins(auth_class, base_url, first, count, results):
    """Starts seed logins numbered first..first+count-1, one thread each, and returns their
    threads once all their sessions exist. Each thread puts (end time, status) in results."""

    def one(index):
        try:
            auth_class(base_url=base_url).login()
            results[index] = (time.monotonic_ns(), "completed")
        except Exception as error:  # the seed raises bare Exceptions
            results[index] = (time.monotonic_ns(), "error: %s" % error)
            if index not in login_urls:
                sessions_ready.release()  # failed before its session existed: do not wait for it

    threads = []
    for index in range(first, first + count):
        thread = threading.Thread(target=one, args=(index,), name=str(index), daemon=True)
        thread.start()
        threads.append(thread)
    for _ in range(count):
        sessions_ready.acquire()
    return threads


def main():
    seed_path, base_url, mode = sys.argv[1:4]
    args = sys.argv[4:]
    auth_class = load_seed(seed_path)
    sys.stdout = open(os.devnull, "w")

    if mode == "poll":
        count = int(args[0])
        start = time.perf_counter_ns()
        response = requests.post(f"{base_url}/api/auth/create-session")
        create_ms = (time.perf_counter_ns() - start) / 1e6
        session_id = response.json()["sessionId"]
        times = []
        for _ in range(count):
            start = time.perf_counter_ns()
            response = requests.get(f"{base_url}/api/auth/get-session", params={"session": session_id})
            status = response.json()["status"]
            times.append((time.perf_counter_ns() - start) / 1e6)
            assert status == "pending", status
        say(json.dumps({"polls": count, "best_ms": min(times), "median_ms": statistics.median(times),
                        "create_ms": create_ms}))
    elif mode == "threads":
        count = int(args[0])
        seconds = float(args[1]) if len(args) > 1 else 0
        results = {}
        before = (proc_status("Threads"), proc_status("VmRSS"))
        start_logins(auth_class, base_url, 0, 1, results)
        one = (proc_status("Threads"), proc_status("VmRSS"))
        start_logins(auth_class, base_url, 1, count - 1, results)
        many = (proc_status("Threads"), proc_status("VmRSS"))
        cpu_ms = None
        if seconds:
            spent = cpu_seconds()
            time.sleep(seconds)
            cpu_ms = (cpu_seconds() - spent) * 1e3
        say(json.dumps({"logins": count, "threads": [before[0], one[0], many[0]],
                        "rss_kib": [before[1], one[1], many[1]], "seconds": seconds, "cpu_ms": cpu_ms}))
        os._exit(0)  # the logins' threads sleep in the seed's loop and cannot be stopped
    elif mode == "watch":
        count = int(args[0])
        results = {}
        threads = start_logins(auth_class, base_url, 0, count, results)
        for index in range(count):
            say("url %d %s" % (index, login_urls[index]))
        say("ready")
        for thread in threads:
            thread.join()
        for index in range(count):
            seen_ns, status = results[index]
            say("seen %d %d %s" % (index, seen_ns, status.replace(" ", "_")))
        say(json.dumps({"logins": count}))
    else:
        raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    main()

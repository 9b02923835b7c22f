"""Turns the figures gathered by bench/run into BENCHMARKS.md and a terminal summary."""

import statistics

OK, MISSED = "✔", "✘"
KIB = 1024
# The seed client has no poll from memory: each of its polls is the HTTP GET of the first row.
HTTP_POLL = "— (each poll is an HTTP GET: see the first row)"
SCRIPT = "— (a Python script over `requests`: nothing built)"


def median(values):
    return statistics.median(values)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


def per_login_bytes(entry, key, scale=1):
    """Bytes each login past the first adds (the first also starts the thread and the client)."""
    first, many = entry[key][1], entry[key][2]
    return (many - first) * scale / (entry["logins"] - 1) if entry["logins"] > 1 else None


def rows(r):
    """The figures, as (key, figure, library, seed, budget, met: True/False/None)."""
    seed = r["seed"]
    out = []

    loop = r["poll"]["loop"]
    out.append(("poll", "`nova_login_poll` on a pending login, from C",
                "%.1f ns median (best %.1f) over %d loops of %s polls" % (
                    loop["median_ns"], loop["best_ns"], loop["repeats"], f"{loop['polls']:,}"),
                seed and "%.2f ms median (best %.2f): one HTTP GET on a new connection" % (
                    seed["poll"]["median_ms"], seed["poll"]["best_ms"]),
                "≤ 25 ns", loop["median_ns"] <= 25))
    grind = r["poll"]["callgrind"]
    total_polls = loop["polls"] * loop["repeats"]
    if grind:
        allocations = "%d in %s timed polls; %d in %s polls under callgrind, which lists no malloc" % (
            loop["allocations_in_polls"], f"{total_polls:,}", grind["allocations_in_polls"],
            f"{grind['polls']:,}")
        if grind["malloc_in_profile"]:
            allocations = allocations.replace("which lists no malloc", "which lists malloc")
        no_allocation = loop["allocations_in_polls"] == 0 and grind["allocations_in_polls"] == 0 \
            and not grind["malloc_in_profile"]
        out.append(("poll_instructions", "instructions per poll (callgrind, load-independent)",
                    "%.1f" % grind["instructions_per_poll"], seed and HTTP_POLL, "—", None))
    else:
        allocations = "%d in %s timed polls (valgrind absent: no callgrind check)" % (
            loop["allocations_in_polls"], f"{total_polls:,}")
        no_allocation = loop["allocations_in_polls"] == 0
    out.append(("poll_allocations", "heap allocations by poll", allocations, seed and HTTP_POLL, "none",
                no_allocation))

    calls = r["start"]["calls"]
    seed_start = seed and ("%.2f ms: the create-session POST, on the caller's thread, and `login()` "
                           "then blocks until the person signs in" % seed["poll"]["create_ms"])
    out.append(("start_first", "`nova_login_start`, first call of the process",
                "%.0f µs" % calls["first_us"], seed_start, "—", None))
    out.append(("start", "`nova_login_start`, later calls",
                "%.2f µs median, %.2f µs p95, best %.2f, over %s calls; %.1f heap allocations each" % (
                    calls["later_median_us"], calls["later_p95_us"], calls["later_best_us"],
                    f"{calls['later_calls']:,}", calls["allocations_per_call"]),
                seed and "— (no start of its own: every `login()` blocks for the whole sign-in)", "≤ 5 µs",
                calls["later_median_us"] <= 5))
    trace = r["start"]["strace"]
    if trace:
        met = not trace["caller_thread_calls"] and trace["other_threads_sockets"] > 0
        out.append(("start_io", "network system calls on the caller's thread (strace -f)",
                    "%d (the background thread made %d, socket and connect included)" % (
                        len(trace["caller_thread_calls"]), trace["other_threads_calls"]),
                    seed and "all of them: the seed's `login()` does its HTTP on the caller's thread",
                    "none", met))
    else:
        out.append(("start_io", "network system calls on the caller's thread (strace -f)",
                    "not checked: strace is not installed (`apt-get install strace`)", None, "none", None))

    memory = r["memory"]
    seed_threads = seed["threads"] if seed else []
    seed_by_count = {e["logins"]: e for e in seed_threads}
    added = ", ".join("%s: +%d" % (f"{e['logins']:,}", e["threads"][2] - e["threads"][0]) for e in memory)
    seed_added = seed and ", ".join("%s: +%s" % (f"{e['logins']:,}", f"{e['threads'][2] - e['threads'][0]:,}")
                                    for e in seed_threads)
    if seed and seed_threads[-1]["logins"] < memory[-1]["logins"]:
        seed_added += " (stopped at %s threads: one thread per login)" % f"{seed_threads[-1]['logins']:,}"
    out.append(("threads", "threads added by N pending logins", added, seed_added, "≤ 2",
                all(e["threads"][2] - e["threads"][0] <= 2 for e in memory)))
    rss = ", ".join("%s: +%s KiB" % (f"{e['logins']:,}", f"{e['rss_kib'][2] - e['rss_kib'][0]:,}") for e in memory)
    seed_rss = seed and ", ".join("%s: +%s KiB" % (f"{e['logins']:,}", f"{e['rss_kib'][2] - e['rss_kib'][0]:,}")
                                  for e in seed_threads)
    out.append(("rss", "resident memory (VmRSS) added by N pending logins", rss, seed_rss, "—", None))
    largest = memory[-1]
    if largest["logins"] > 1:
        rss_each = per_login_bytes(largest, "rss_kib", KIB)
        heap_each = per_login_bytes(largest, "heap_bytes")
        seed_largest = seed_threads[-1] if seed_threads else None
        seed_each = seed_largest and seed_largest["logins"] > 1 and per_login_bytes(seed_largest, "rss_kib", KIB)
        out.append(("per_login", "memory per pending login (from 1 to N logins)",
                    "%s B of RSS, %s B of heap (N = %s)" % (f"{rss_each:,.0f}", f"{heap_each:,.0f}",
                                                            f"{largest['logins']:,}"),
                    seed_each and "%s B of RSS (N = %s)" % (f"{seed_each:,.0f}", f"{seed_largest['logins']:,}"),
                    "≤ 4 KiB", rss_each <= 4 * KIB))
    alone = r["memory_one_at_a_time"]
    out.append(("login_heap", "heap per pending login, logins started one at a time",
                "%s B (N = %s, over %s)" % (f"{per_login_bytes(alone, 'heap_bytes'):,.0f}",
                                            f"{alone['logins']:,}", plural(alone["connections"], "connection")),
                seed and "— (its heap is Python's: see its resident memory above)", "—", None))

    latency = r["latency"]
    budget_ms = latency["interval_ms"] / 2 + 20
    lib_median = median(latency["latencies_ms"])
    seed_latency = seed and seed["latency"]
    out.append(("latency", "detection latency, poll interval %s ms (seed: its own 5 s)" % (
                    f"{latency['interval_ms']:,.0f}"),
                latency_text(latency), seed and latency_text(seed_latency),
                "≤ %s ms" % f"{budget_ms:,.0f}", lib_median <= budget_ms))

    def one_login(e):
        return "%d create + %s over %s (pending %d s)" % (
            e["create_requests"], plural(e["get_requests"], "poll"),
            plural(e["connections"], "TCP connection"), e["pending_s"])
    out.append(("connections", "requests and connections of one login, at the server",
                one_login(r["one_login"]), seed and one_login(seed["one_login"]),
                "1 connection", r["one_login"]["connections"] == 1))
    pool = r["pool"]
    count = pool["count"]
    seed_pool = seed and seed.get("pool")
    out.append(("pool", "TCP connections of %d concurrent logins" % count,
                "%d started together; %d started spread over one interval" % (
                    pool["together"]["connections"], pool["spread"]["connections"]),
                seed_pool and "%d (%d requests: one connection each)" % (
                    seed_pool["connections"], seed_pool["create_requests"] + seed_pool["get_requests"]),
                "shared", pool["spread"]["connections"] < count))

    cpu = r["cpu"]
    per_minute = cpu["cpu_ms"] * 60 / cpu["seconds"]
    seed_cpu = next((e for e in seed_threads if e.get("cpu_ms") is not None), None)
    out.append(("cpu", "CPU time per minute, %s pending logins (measured over %d s, scaled)" % (
                    f"{cpu['logins']:,}", cpu["seconds"]),
                "%s ms (%.2f %% of one core; %d polls/s at the default 2 s; %.0f µs per poll)" % (
                    f"{per_minute:,.0f}", per_minute / 600, cpu["get_requests"] / cpu["seconds"],
                    cpu["cpu_ms"] * 1000 / max(cpu["get_requests"], 1)),
                seed_cpu and "%s ms with %s threads (%.2f %% of one core; %d polls/s at 5 s; %.0f µs per poll)" % (
                    f"{seed_cpu['cpu_ms'] * 60 / seed_cpu['seconds']:,.0f}", f"{seed_cpu['logins']:,}",
                    seed_cpu["cpu_ms"] / seed_cpu["seconds"] / 10, seed_cpu["get_requests"] / seed_cpu["seconds"],
                    seed_cpu["cpu_ms"] * 1000 / max(seed_cpu["get_requests"], 1)),
                "—", None))

    size = r["size"]
    out.append(("size", "`libnova_auth.so`, stripped release",
                "%.2f MB (%s bytes)" % (size["shared_bytes"] / 1e6, f"{size['shared_bytes']:,}"),
                seed and SCRIPT, "≤ 4 MB", size["shared_bytes"] <= 4e6))
    if size["static_bytes"]:
        out.append(("static", "`libnova_auth.a`, release (not stripped by the profile)",
                    "%.1f MB" % (size["static_bytes"] / 1e6), seed and SCRIPT, "—", None))
    if "build_seconds" in r:
        build = r["build_seconds"]
        out.append(("build", "clean release build of the library (fresh `CARGO_TARGET_DIR`)",
                    "%.0f s" % build if isinstance(build, float) else "failed: " + build, seed and SCRIPT, "—",
                    None))
    return out


def latency_text(latency):
    values = latency["latencies_ms"]
    return "%.0f ms median, %.0f ms p95 (%d logins); beyond the wait for the next poll: %.1f ms median" % (
        median(values), percentile(values, 0.95), len(values), median(latency["beyond_wait_ms"]))


def plural(count, noun):
    return "%d %s%s" % (count, noun, "" if count == 1 else "s")


def mark(met):
    return "" if met is None else (OK if met else MISSED)


def summary(r):
    lines = ["", "%-4s %-62s %s" % ("", "figure", "nova-auth")]
    for key, figure, library, _, budget, met in rows(r):
        lines.append("%-4s %-62s %s  [budget %s]" % (mark(met), figure.replace("`", ""), library, budget))
    for name, figures in r["bindings"].items():
        text = figures.get("skipped") and "SKIPPED: " + figures["skipped"] or \
            "%.1f ns median per poll" % figures["median_ns"]
        lines.append("     poll through the %-42s %s" % (name + " binding", text))
    if r["seed"] is None:
        lines.append("seed client not measured: %s" % r["seed_absent"])
    return "\n".join(lines)


def render(r, quick, sizes, commands, seed_path):
    m = r["machine"]
    table = rows(r)
    by_key = {row[0]: row for row in table}
    seed = r["seed"]
    text = []
    add = text.append

    add("# Benchmarks")
    add("")
    if quick:
        add("**Quick run (`bench/run --quick`): tiny sizes, to check that every measurement runs. "
            "Its figures are not the project's benchmark figures.**")
        add("")
    add("nova-auth (release build) against the dev server on loopback, side by side with the "
        "seed's Python client (`NovaAIAuth` of `python-oauth-integration.md`). One command "
        "measures everything and writes this page: `bench/run` (%.1f minutes here); "
        "`bench/run --quick` is the short check CI runs." % r["minutes"])
    add("")
    if seed is None:
        add("**The seed's client was not measured: %s. This run measured the library alone.**" % r["seed_absent"])
        add("")
    add("Run %s at commit %s: %s, %d cores, %.0f GiB of memory, Linux %s; %s, Python %s." % (
        m["date"], m["commit"], m["cpu"], m["cores"], m["memory_gib"], m["kernel"],
        m["rustc"], m["python"]))
    add("")
    if m["load"] > 0.5:
        add("**Other work was running on the machine during this run** (1-minute load average %.2f "
            "before it started, %.2f at its end, on %d cores): wall-clock figures (ns, µs, ms) are "
            "upper bounds; the callgrind instruction count, the allocation counts, threads, "
            "memory, requests and connections do not depend on load." % (m["load"], m["load_after"], m["cores"]))
    else:
        add("The machine, shared with other work, was quiet when the run started (1-minute load "
            "average %.2f on %d cores; %.2f at its end, this run's own clean build included). "
            "Other work may still have run meanwhile: the callgrind instruction count, the "
            "allocation counts, threads, memory, requests and connections do not depend on load." % (
                m["load"], m["cores"], m["load_after"]))
    add("")

    add("## Figures against the budget")
    add("")
    add("| | figure | nova-auth | budget | seed's Python client |")
    add("| --- | --- | --- | --- | --- |")
    for key, figure, library, seed_value, budget, met in table:
        add("| %s | %s | %s | %s | %s |" % (mark(met), figure, library, budget,
                                           seed_value or ("not measured" if seed is None else "—")))
    add("")
    missed = [row for row in table if row[5] is False]
    add("Budgets met: %d of %d." % (sum(1 for row in table if row[5]), sum(1 for row in table if row[5] is not None)))
    add("")

    add("## Poll through each binding")
    add("")
    add("The same pending login polled in a tight loop through each language binding "
        "(`bench/bindings/`), against the C figure of %.1f ns:" % r["poll"]["loop"]["median_ns"])
    add("")
    add("| binding | per poll | over C | note |")
    add("| --- | --- | --- | --- |")
    add("| C (`bench/c/poll.c`) | %.1f ns | — | direct call |" % r["poll"]["loop"]["median_ns"])
    for name, figures in r["bindings"].items():
        if "skipped" in figures:
            add("| %s | skipped | | %s |" % (name, figures["skipped"].replace("|", "\\|")))
        else:
            add("| %s | %.1f ns median (best %.1f), %s polls per loop | %+.0f ns | %s |" % (
                name, figures["median_ns"], figures["best_ns"], f"{figures['polls']:,}",
                figures["median_ns"] - r["poll"]["loop"]["median_ns"], BINDING_NOTES.get(name, "")))
    add("")

    add("## Library size")
    add("")
    for line in library_size_section(r):
        add(line)
    add("")

    add("## What limits each figure")
    add("")
    for key, explanation in LIMITS:
        if key in by_key:
            add("- **%s**: %s" % (by_key[key][1], explanation(r)))
    add("")

    add("## Budgets missed")
    add("")
    if not missed:
        add("None in this run.")
    for key, figure, library, _, budget, _ in missed:
        add("- **%s** (%s against %s): %s" % (figure, library, budget, MISSES.get(key, lambda r: "")(r)))
    add("")

    add("## How each figure is taken")
    add("")
    for line in method(r, sizes, seed_path):
        add("- " + line)
    add("")
    add("## Commands this run executed")
    add("")
    add("From the repository root (`$ROOT`); `$URL` is `http://127.0.0.1:$PORT`, the base URL of a dev server "
        "(`target/release/nova-devserver --host 127.0.0.1 --port 0`) started fresh for each group "
        "of measurements.")
    add("")
    add("```")
    for command in commands:
        add(shorten(command, r))
    add("```")
    add("")
    return "\n".join(text)


def shorten(command, r):
    import os
    import re
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    command = re.sub(r"http://127\.0\.0\.1:\d+", "$URL", command)
    command = re.sub(r"http://localhost:\d+", "http://localhost:$PORT", command)
    command = re.sub(r"(^|\s)\S*/python3?(\.\d+)? ", r"\1python3 ", command)
    if command.startswith("(cd "):  # run elsewhere: its paths stay anchored at the root
        return command.replace(root + "/", "$ROOT/")
    return command.replace(root + "/", "").replace(os.path.dirname(root) + "/", "../")


# The stripped release `libnova_auth.so` after each lever, measured once by hand on x86-64
# Linux with rustc 1.95 (each is a full LTO build, which bench/run does not redo): the levers
# kept, in the order taken, then the ones measured and left out, each against the row it
# replaces.
SIZE_LEVERS = [
    ("before: main at 02bb832 (`opt-level` 3, LTO, one codegen unit, stripped)", 3_306_888, None),
    ("+ `idna_adapter = \"=1.0.0\"`: the URL crate's IDNA back end without Unicode tables", 3_146_856, 0),
    ("+ `opt-level = \"s\"`", 2_812_672, 1),
    ("+ `log` and `tracing` with `max_level_off`: their calls in reqwest, hyper-util and "
     "webbrowser compiled out", 2_731_208, 2),
    ("+ the check that names a non-ASCII host (`src/urls.rs`), and the two argument helpers of a "
     "poll inlined (`src/ffi/mod.rs`)", 2_734_472, 3),
    ("− `idna_adapter = \"=1.0.0\"` and that check: the URL crate's own IDNA back end (ICU4X "
     "tables) again, see Host names below: as committed", 2_901_296, 4),
    ("left out: `opt-level = \"z\"` instead of `\"s\"` (with `log` and `tracing` off)", 2_756_376, 3),
    ("left out, an experiment: `webbrowser` replaced by spawning `xdg-open` (Linux only)", 2_652_592, 3),
]
SIZE_TARGET = 2_500_000


def library_size_section(r):
    shared = r["size"]["shared_bytes"]
    lines = [
        "The stripped release `libnova_auth.so`, lever by lever (bytes; measured by hand with "
        "`cargo build --release --lib`, each a full LTO build, x86-64 Linux, rustc 1.95); the last "
        "row is this run's build. The "
        "profile settings and the dependency features apply the same way to the Windows "
        "`nova_auth.dll`.",
        "",
        "| build | `libnova_auth.so` | change |",
        "| --- | --- | --- |",
    ]
    for name, size, against in SIZE_LEVERS:
        base = against is not None and SIZE_LEVERS[against][1]
        change = "—" if against is None else "%s B (%+.1f %%)" % (f"{size - base:+,}", 100 * (size - base) / base)
        lines.append("| %s | %s | %s |" % (name, f"{size:,}", change))
    before = SIZE_LEVERS[0][1]
    lines.append("| as installed: this run's `cargo cinstall --release` (cargo-c builds the library crate "
                 "types alone, without the rlib) | %s | %+.1f %% against before |" % (f"{shared:,}", 100 * (shared - before) / before))
    lines += [
        "",
        "%s: the target of %s bytes (2.5 MB) is %s." % (
            "Met" if shared <= SIZE_TARGET else "Not met",
            f"{SIZE_TARGET:,}",
            "reached" if shared <= SIZE_TARGET else "%s bytes away" % f"{shared - SIZE_TARGET:,}"),
        "",
        "- What is left (`cargo bloat --release --crates`, `.text` of the size-optimised build "
        "before the IDNA tables came back, 1.4 MiB of it): std 377 KiB (its panic backtrace printer, gimli and addr2line, "
        "included), rustls 331 KiB, ring 183 KiB, reqwest with hyper 168 KiB, hyper-util 52 KiB, "
        "webpki 44 KiB, webbrowser 42 KiB, tokio 38 KiB, url 38 KiB, http 29 KiB, nova_auth "
        "28 KiB. Outside `.text`: 455 KB of unwind tables (`.eh_frame`, its index, "
        "`.gcc_except_table`), 167 KB of relocations, and ring's 151 KB P-256 table in "
        "`.rodata`.",
        "- Host names: the table-free IDNA back end of the second row was taken back. With it "
        "the URL crate broke its own debug assertions, which expect the tables' checks to have "
        "run: fuzzing found a mixed-case Unicode host (`file://IЀs/`) and a punycode one that "
        "decodes to a right-to-left mark (`https:aiai.XN--0N-h1tps:0XI`), each a panic in a "
        "debug build. Its 167 KB buy correct IDNA: `https://bücher.example` is sent as "
        "`https://xn--bcher-kva.example`, and a name IDNA forbids is an unparsable URL.",
        "- Kept as they are: `panic = \"unwind\"` (the C functions catch panics with "
        "`catch_unwind`); serde_json's `preserve_order` (a user's `raw_json` keeps the "
        "server's key order, which the API promises; indexmap and hashbrown are under 6 KiB); "
        "ring as rustls's crypto provider (what reqwest's `rustls-tls-native-roots` "
        "selects; aws-lc-rs is not smaller and brings cmake and NASM to the Windows build); reqwest's features (default features off, only `rustls-tls-native-roots`: "
        "HTTP/1 and TLS 1.2 come with it) and tokio's (`rt`, `time`, `sync`, `macros`).",
    ]
    return lines


BINDING_NOTES = {
    "C++": "header-only wrapper: the C call, plus `std::optional` result",
    "Python (cffi)": "cffi call, an out-parameter and the status check (the installed wheel)",
    "Go (cgo)": "one cgo call (Go to C stack switch) under a read lock",
    "C# (Mono)": "P/Invoke through a SafeHandle (reference count taken and released)",
}


def method(r, sizes, seed_path):
    polls, loops = sizes["poll_loop"]
    return [
        "Poll: `bench/c/poll.c` starts one login (interval 60 s), waits until its session "
        "exists, then times %d loops of %s `nova_login_poll(login, &user)` calls on "
        "CLOCK_MONOTONIC; the table gives the median loop. The same program runs under "
        "`valgrind --tool=callgrind --toggle-collect=nova_login_poll` for %s polls, and the "
        "collected total is divided by that count." % (loops, f"{polls:,}", f"{sizes['poll_callgrind']:,}"),
        "Allocations: `bench/c/allocations.c` defines `malloc`, `calloc`, `realloc`, "
        "`posix_memalign`, `aligned_alloc` and `memalign` in the benchmark program itself, counting "
        "per thread and forwarding to glibc's `__libc_*` functions; the executable's definitions "
        "win over libc's for the Rust library too (no LD_PRELOAD). That counting sees the library's "
        "allocations is checked on each run: creating the options counted %d." % (
            r["poll"]["loop"]["allocations_in_options_new"]),
        "Start: `bench/c/start.c` times the first `nova_login_start` of the process, then %s "
        "more; the same program with 0 later calls runs under `strace -f -e trace=%%network`, "
        "and the calls made by the thread whose id is the process id are counted." % (
            f"{sizes['start_later_calls']:,}"),
        "Threads and memory: `bench/c/logins.c memory` reads `Threads` and `VmRSS` from "
        "/proc/self/status and the heap in use from `mallinfo2()` (`uordblks + hblkhd`) before "
        "the first login, with 1 and with N pending logins (interval 60 s, one process per N); "
        "logins start 100 at a time, each batch once the previous batch's sessions exist. The "
        "per-login figure is (N logins - 1 login) / (N - 1): the first login also starts the "
        "background thread and builds the HTTP client. The seed: N Python threads each running "
        "`NovaAIAuth(base_url).login()`, counted once each has created its session.",
        "CPU: `getrusage(RUSAGE_SELF)` user + system time over %d s with %s logins pending at the "
        "default 2 s interval (the seed: its 5 s), scaled to one minute." % (
            sizes["cpu_seconds"], f"{sizes['cpu_logins']:,}"),
        "Detection latency: %d logins start together (interval %s ms); once all sessions exist, "
        "bench/run completes them through `POST /api/auth/complete-session`, one every "
        "interval/%d, so the completions fall evenly over every phase of the poll interval. "
        "Latency = the moment the login's callback ran (CLOCK_MONOTONIC, in the C program) - the "
        "moment just before bench/run sent complete-session (`time.monotonic_ns()`, the same "
        "clock). Beyond the wait for the next poll = the latency less the time from the completion "
        "to the next poll due, a whole number of intervals after the session's creation (the "
        "Unix ms in its id, against the wall clock at completion): what seeing the answer "
        "costs. The seed: %d logins, its 5 s interval, latency up to the return of `login()`." % (
            sizes["latency_logins"], f"{sizes['latency_interval_ms']:,}", sizes["latency_logins"],
            sizes["seed_latency_logins"]),
        "Requests and connections: `GET /_dev/stats` of a fresh dev server, after one login "
        "pending %d s at the default interval and then completed; then %d logins at interval "
        "%s ms, completed after two intervals, started together and started one every "
        "interval/%d." % (sizes["pending_seconds"], sizes["pool_logins"], f"{sizes['pool_interval_ms']:,}",
                          sizes["pool_logins"]),
        "The seed's client is read from `%s` at run time and executed unchanged "
        "(`bench/seed_client.py`), given the dev server's base URL, with `webbrowser.open` "
        "replaced by a function that only records the URL; its printing goes to /dev/null. Its "
        "poll figure times the statement of its loop, `requests.get(.../get-session, "
        "params=...)` then `.json()`, alone." % seed_path,
        "Library size: `libnova_auth.so` as `cargo cinstall --release` installs it, built by the release profile (LTO, one "
        "codegen unit, `opt-level = \"s\"`, stripped). Build time: `cargo build --release --lib -p nova_auth` in a "
        "fresh `CARGO_TARGET_DIR` (crates already downloaded; full run only).",
    ]


def _memory_note(r):
    largest = r["memory"][-1]
    alone = r["memory_one_at_a_time"]
    return ("the heap each login holds (%s B when logins start one at a time over %s: its task "
            "and future on the background thread, the state it shares with the host, its copy of "
            "the options, its URLs), plus its share of the pooled connections: a burst of "
            "simultaneous requests opens one connection each, and the pool keeps them idle for "
            "up to 90 s (%s for the %s logins started 100 at a time). That share is a cost per "
            "peak concurrent request: it weighs on small N and fades at large N." % (
                f"{per_login_bytes(alone, 'heap_bytes'):,.0f}", plural(alone["connections"], "connection"),
                plural(largest["connections"], "connection"), f"{largest['logins']:,}"))


def _cpu_note(r):
    note = ("each poll is one HTTP exchange on a kept-alive connection, its JSON parsed, and a timer "
            "re-armed, so the figure scales with logins / interval; a pending login between polls "
            "costs nothing.")
    if r["seed"]:
        note += (" The seed's poll opens a TCP connection and builds a `requests` session in "
                 "Python each time, and each of its threads wakes for it.")
    return note


def _per_login_miss(r):
    alone = per_login_bytes(r["memory_one_at_a_time"], "heap_bytes")
    if alone > 4 * KIB * 0.9:
        return ("the login itself takes most of it: started one at a time over one connection, "
                "each login still holds %s B of heap, and the pooled connections add the rest. That heap is mostly the future of the login's "
                "task, which the runtime allocates whole; meeting the budget takes a smaller "
                "future: for instance no second async block wrapped around it when it is "
                "spawned (such a block can hold the inner future twice in its layout: once "
                "captured, once being awaited), and large request futures boxed only while in "
                "flight." % f"{alone:,.0f}")
    return ("the pooled connections, not the logins: started one at a time, a login holds %s B "
            "of heap; the connections a burst opens (one per simultaneous request, kept idle up "
            "to 90 s) weigh on small N. Lowering that takes a smaller per-host idle pool "
            "(`pool_max_idle_per_host`) or HTTP/2 to multiplex polls over one connection." % f"{alone:,.0f}")


LIMITS = [
    ("poll", lambda r: "one atomic load of the login's outcome (`OnceLock::get`; a plain load on "
     "x86-64) and a few branches for the NULL checks and the out-parameter: no lock, no system "
     "call, no allocation. The loop time is a few cycles per call; the load-independent figure "
     "is the instruction count."),
    ("poll_instructions", lambda r: "the C ABI wrapper (argument checks, `*out_user = NULL`, the "
     "status code) around that load; panics are caught with `catch_unwind`, which costs nothing "
     "when nothing panics."),
    ("start", lambda r: "two system calls on the caller's thread: `getpid()` (the check that "
     "notices a `fork()` child) and one `write` to the background thread's eventfd to wake it; "
     "plus %.0f heap allocations (the login's shared state, the task with its future, the copy "
     "of the options, the handle). Everything else happens on the background thread." % (
         r["start"]["calls"]["allocations_per_call"])),
    ("start_first", lambda r: "the first call also creates the runtime (an epoll instance and "
     "an eventfd) and spawns the background thread (a 2 MiB stack mapping and a `clone3`); the "
     "HTTP client and its certificate store are built later, on that thread."),
    ("threads", lambda r: "one background thread runs every login; the library's blocking pool is "
     "capped at one thread, started for the first host-name lookup (these runs use "
     "`localhost`, as a real base URL is a host name) and ended after 10 s idle. The number "
     "does not grow with the logins."),
    ("per_login", _memory_note),
    ("login_heap", lambda r: "see the line above: this is that figure without the pool's share."),
    ("latency", lambda r: "a completion waits for the login's next poll: uniform over one "
     "interval, so half an interval on median, plus what seeing the answer costs: one loopback "
     "round trip, the timer's 1 ms resolution, and the drift of the schedule (each wait starts "
     "when the previous answer arrives, so polls slip by one exchange per interval). Only a "
     "shorter interval or `nova_login_refresh` (a poll at once, for a host whose window regains "
     "focus) lowers it. The seed waits for its 5 s sleep the same way."),
    ("connections", lambda r: "the library sends the create-session and every poll of a login over "
     "one kept-alive connection of its shared pool. The seed calls `requests.post` and "
     "`requests.get`, which open a new session, so a new TCP connection, for every request."),
    ("pool", lambda r: "HTTP/1.1 carries one request at a time per connection, so logins whose "
     "polls are in flight at the same instant need one connection each: logins started in the "
     "same instant poll in step and keep %d connections (never more on later rounds); logins "
     "started at different moments, as people start them, share %d." % (
         r["pool"]["together"]["connections"], r["pool"]["spread"]["connections"])),
    ("cpu", _cpu_note),
    ("size", lambda r: "the HTTP stack (reqwest, hyper), TLS (rustls with the ring crypto "
     "provider), the tokio runtime, serde_json and std's panic machinery, optimised for size "
     "and linked with LTO into one stripped object: see Library size for each lever."),
    ("static", lambda r: "the archive carries the object code of Rust's standard library and of "
     "every dependency, unstripped; a program linked against it keeps only what it uses."),
]

MISSES = {
    "poll": lambda r: "the wall-clock figure of a machine busy with other work; the instruction "
    "count (%.0f per poll) is what a quiet machine executes in a few nanoseconds." % (
        (r["poll"]["callgrind"] or {}).get("instructions_per_poll", 0)),
    "poll_allocations": lambda r: "an allocation under poll is a defect of the C ABI wrapper "
    "(`src/ffi/login.rs`): a pending poll only reads an atomic.",
    "start": lambda r: "each later start makes two system calls (`getpid`, the eventfd `write`); "
    "on a loaded machine either can be descheduled. Meeting the budget under load would take "
    "caching the process id (reset in a `pthread_atfork` child handler) and waking the "
    "background thread only when it sleeps.",
    "start_io": lambda r: "a network call on the caller's thread is a defect: every request must "
    "run on the background thread.",
    "threads": lambda r: "more than two threads is a defect: the runtime has one worker and a "
    "blocking pool capped at one thread.",
    "per_login": _per_login_miss,
    "latency": lambda r: "half an interval is the floor of polling at a fixed interval; the "
    "20 ms of slack is eaten by the machine's load (timer wake-ups and callbacks delayed) "
    "and by %d polls answered one after another in the same instant. The median of %d "
    "evenly spread completions is also within a few ms of the budget by design; "
    "`nova_login_refresh` takes detection to one round trip." % (
        len(r["latency"]["latencies_ms"]), len(r["latency"]["latencies_ms"])),
    "connections": lambda r: "a login that needed more than one connection had its kept-alive "
    "connection closed between polls, which the pool's 90 s idle timeout should not do at a "
    "2 s interval.",
    "pool": lambda r: "logins spread over an interval should share connections; if they do not, "
    "the pool is not reusing idle connections.",
    "size": lambda r: "TLS and the HTTP stack dominate; it would take dropping a dependency "
    "(for example `webbrowser` for a small per-platform opener: -79 KB measured on Linux).",
}

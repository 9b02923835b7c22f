//! Thousands of logins from several threads against one dev server: completed, cancelled,
//! dropped while pending, and waited on from another thread, with polls and refreshes
//! interleaved at random. Alone in its test binary, so that its thread count is its own.
//!
//! The run is random but repeatable: it prints its seed, and `STRESS_SEED=N` replays it.
//! Linux only: threads are counted in /proc.
#![cfg(target_os = "linux")]

mod common;

use common::{options, server};
use nova_auth::{Error, Login};
use nova_devserver::Identity;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant, SystemTime};

const WORKERS: usize = 4;
const BATCHES: usize = 20;
const BATCH: usize = 25;
const LOGINS: usize = WORKERS * BATCHES * BATCH;
/// The whole run must end within this.
const BOUND: Duration = Duration::from_secs(60);
/// The longest any one login may take to reach its end.
const END_WITHIN: Duration = Duration::from_secs(20);

/// xorshift64: small, fast and enough to shuffle what happens when.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn seed() -> u64 {
    match std::env::var("STRESS_SEED") {
        Ok(text) => text.parse().expect("STRESS_SEED is a number"),
        // Never zero: xorshift would stay at zero.
        Err(_) => {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        }
    }
}

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

/// How a login must end.
#[derive(Clone, Debug, PartialEq)]
enum Fate {
    /// Completed with the user of this uid.
    CompletedAs(String),
    Cancelled,
}

/// What a worker does with one login.
#[derive(Clone, Copy)]
enum Plan {
    Complete,
    Cancel,
    /// Dropped while pending: before or after its session exists.
    Drop,
    /// Handed to the waiter thread, then completed or cancelled here.
    WaitElsewhere,
}

#[derive(Default)]
struct Counts {
    completed: AtomicUsize,
    cancelled: AtomicUsize,
    dropped: AtomicUsize,
    waited_elsewhere: AtomicUsize,
}

fn check(login: &Login, fate: &Fate) {
    let outcome = login.wait(Some(END_WITHIN)).cloned();
    match (fate, outcome) {
        (Fate::CompletedAs(uid), Some(Ok(user))) if user.uid == *uid => {}
        (Fate::Cancelled, Some(Err(Error::Cancelled))) => {}
        (fate, outcome) => panic!("expected {fate:?}, got {outcome:?}"),
    }
}

/// Nudges a login the way a host might: polls and refreshes at random.
fn fidget(login: &Login, rng: &mut Rng) {
    for _ in 0..rng.below(3) {
        if rng.below(2) == 0 {
            let _ = login.poll();
        } else {
            let _ = login.refresh();
        }
    }
}

fn wait_for_session(login: &Login) -> String {
    let deadline = Instant::now() + END_WITHIN;
    loop {
        if let Some(url) = login.url() {
            return url.split_once("session=").unwrap().1.to_owned();
        }
        assert!(login.poll().is_none(), "expected the login to stay pending");
        assert!(
            Instant::now() < deadline,
            "no session within {END_WITHIN:?}"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn thousands_of_concurrent_logins_each_reach_their_end_on_one_background_thread() {
    let seed = seed();
    println!("stress seed {seed} (replay with STRESS_SEED={seed})");
    let server = server();
    let identities = [Identity::google(), Identity::naver(), Identity::kakao()];
    let counts = Counts::default();
    let (to_waiter, waiter_inbox) = mpsc::channel::<(Arc<Login>, Fate)>();
    let start = Barrier::new(WORKERS + 1);

    let (before, max, elapsed) = std::thread::scope(|scope| {
        let waiter = scope.spawn(|| {
            for (login, fate) in waiter_inbox {
                check(&login, &fate);
                counts.waited_elsewhere.fetch_add(1, Ordering::Relaxed);
            }
        });
        let workers: Vec<_> = (0..WORKERS as u64)
            .map(|worker| {
                let to_waiter = to_waiter.clone();
                let (server, identities, counts, start) = (&server, &identities, &counts, &start);
                scope.spawn(move || {
                    let mut rng = Rng(seed ^ (worker + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
                    start.wait();
                    for _ in 0..BATCHES {
                        let mut to_check = Vec::new();
                        let logins: Vec<Login> = (0..BATCH)
                            .map(|_| Login::start(&options(server)).unwrap())
                            .collect();
                        for login in logins {
                            let plan = [
                                Plan::Complete,
                                Plan::Cancel,
                                Plan::Drop,
                                Plan::WaitElsewhere,
                            ][rng.below(4) as usize];
                            fidget(&login, &mut rng);
                            let who = rng.below(3) as usize;
                            match plan {
                                Plan::Complete => {
                                    let id = wait_for_session(&login);
                                    fidget(&login, &mut rng);
                                    assert!(server.complete(&id, &identities[who]));
                                    fidget(&login, &mut rng);
                                    to_check.push((
                                        login,
                                        Fate::CompletedAs(identities[who].uid.clone()),
                                    ));
                                }
                                Plan::Cancel => {
                                    if rng.below(2) == 0 {
                                        wait_for_session(&login);
                                    }
                                    login.cancel();
                                    fidget(&login, &mut rng);
                                    to_check.push((login, Fate::Cancelled));
                                }
                                Plan::Drop => {
                                    if rng.below(2) == 0 {
                                        wait_for_session(&login);
                                    }
                                    drop(login);
                                    counts.dropped.fetch_add(1, Ordering::Relaxed);
                                }
                                Plan::WaitElsewhere => {
                                    let login = Arc::new(login);
                                    let id = wait_for_session(&login);
                                    if rng.below(2) == 0 {
                                        to_waiter
                                            .send((
                                                Arc::clone(&login),
                                                Fate::CompletedAs(identities[who].uid.clone()),
                                            ))
                                            .unwrap();
                                        assert!(server.complete(&id, &identities[who]));
                                    } else {
                                        to_waiter
                                            .send((Arc::clone(&login), Fate::Cancelled))
                                            .unwrap();
                                        login.cancel();
                                    }
                                }
                            }
                        }
                        for (login, fate) in to_check {
                            check(&login, &fate);
                            let counter = match fate {
                                Fate::CompletedAs(_) => &counts.completed,
                                Fate::Cancelled => &counts.cancelled,
                            };
                            counter.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                })
            })
            .collect();
        drop(to_waiter);

        // Everything this test adds is running now: only the library may add threads.
        let before = threads();
        let started = Instant::now();
        start.wait();
        let mut max = before;
        while !workers.iter().all(|w| w.is_finished()) || !waiter.is_finished() {
            max = max.max(threads());
            assert!(
                started.elapsed() < BOUND,
                "expected {LOGINS} logins within {BOUND:?} (seed {seed})"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        (before, max, started.elapsed())
    });

    let load = |counter: &AtomicUsize| counter.load(Ordering::Relaxed);
    let ended = load(&counts.completed)
        + load(&counts.cancelled)
        + load(&counts.dropped)
        + load(&counts.waited_elsewhere);
    println!(
        "{LOGINS} logins in {elapsed:?}: {} completed, {} cancelled, {} dropped, {} waited on \
         from another thread; threads {before} before, {max} at most",
        load(&counts.completed),
        load(&counts.cancelled),
        load(&counts.dropped),
        load(&counts.waited_elsewhere),
    );
    assert_eq!(
        ended, LOGINS,
        "expected every login accounted for (seed {seed})"
    );
    assert!(
        max <= before + 2,
        "expected at most 2 threads added by the library, {before} became {max} (seed {seed})"
    );

    // No login polls after it ended or was dropped. A poll already on the wire when its
    // login was cancelled may still arrive: let those land first.
    std::thread::sleep(Duration::from_millis(200));
    let polls = server.stats().get_requests;
    std::thread::sleep(Duration::from_millis(500));
    let later = server.stats().get_requests;
    assert_eq!(
        polls,
        later,
        "expected no polls once every login ended, {} more came (seed {seed})",
        later - polls
    );
}

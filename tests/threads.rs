//! Alone in its test binary, and one test, so that no other test's threads are counted.
//! Linux only: threads are counted in /proc.
#![cfg(target_os = "linux")]

mod common;

use common::{completed, eventually, options, server, session_id};
use nova_auth::Login;
use nova_devserver::Identity;

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

fn start_pending(server: &nova_devserver::DevServer, count: usize) -> Vec<Login> {
    let logins: Vec<Login> = (0..count)
        .map(|_| Login::start(&options(server)).unwrap())
        .collect();
    for login in &logins {
        session_id(login);
    }
    logins
}

#[test]
fn one_background_thread_runs_while_logins_are_pending_and_no_longer() {
    let server = server();
    let before = threads();

    // The background thread, and at most one helper thread for DNS and the browser.
    let logins = start_pending(&server, 200);
    let added = threads() - before;
    assert!(
        (1..=2).contains(&added),
        "{added} threads added for 200 logins"
    );

    // With no login pending, the background thread ends...
    drop(logins);
    eventually("the background thread to end", || threads() <= before + 1);

    // ...and the next login brings it back, still one for all.
    let logins = start_pending(&server, 200);
    assert!(threads() - before <= 2, "threads grew on the second round");
    assert!(server.complete(&session_id(&logins[0]), &Identity::google()));
    completed(&logins[0]);
}

//! Alone in its test binary, so that no other test's threads are counted.

mod common;

use common::{options, server, session_id};
use nova_auth::Login;

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

#[test]
fn all_logins_share_one_background_thread() {
    let server = server();
    let before = threads();
    let logins: Vec<Login> = (0..200)
        .map(|_| Login::start(&options(&server)).unwrap())
        .collect();
    for login in &logins {
        session_id(login);
    }
    // The background thread, and at most one helper thread for DNS and the browser.
    let added = threads() - before;
    assert!(added <= 2, "{added} threads added for 200 logins");
    drop(logins);
    let again: Vec<Login> = (0..200)
        .map(|_| Login::start(&options(&server)).unwrap())
        .collect();
    for login in &again {
        session_id(login);
    }
    assert!(threads() - before <= 2, "threads grew on the second round");
}

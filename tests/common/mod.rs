//! Helpers shared by the integration tests: a dev server on loopback and fast options.
#![allow(dead_code)] // each test binary uses its own subset

use nova_auth::{Error, Login, Options, Outcome, User};
use nova_devserver::{Config, DevServer};
use std::time::{Duration, Instant};

/// A dev server on an ephemeral loopback port with the production defaults.
pub fn server() -> DevServer {
    DevServer::spawn(Config::default()).expect("the dev server starts")
}

/// Options aimed at `server`, polling every 100 ms, with no browser.
pub fn options(server: &DevServer) -> Options {
    let mut options = Options::new();
    options.set_base_url(&server.base_url()).unwrap();
    options.set_poll_interval_ms(100).unwrap();
    options.set_open_browser(false);
    options
}

/// Waits (at most 10 s) for `condition` to hold.
pub fn eventually(what: &str, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The session id of a login, read from its login URL once the session exists.
pub fn session_id(login: &Login) -> String {
    eventually("the login URL", || {
        login.url().is_some() || login.poll().is_some()
    });
    let url = login.url().expect("the login has a URL");
    url.split_once("session=")
        .map(|(_, id)| id.to_owned())
        .expect("the login URL names its session")
}

/// Waits for the login to end (at most 15 s) and returns how.
pub fn finish(login: &Login) -> Outcome {
    login
        .wait(Some(Duration::from_secs(15)))
        .cloned()
        .expect("the login ends within 15 s")
}

/// The user of a completed login.
pub fn completed(login: &Login) -> User {
    match finish(login) {
        Ok(user) => user,
        Err(error) => panic!("expected the login to complete, it failed: {error:?}"),
    }
}

/// The error a login ended with.
pub fn failed(login: &Login) -> Error {
    match finish(login) {
        Ok(user) => panic!("expected the login to fail, it completed as {user:?}"),
        Err(error) => error,
    }
}

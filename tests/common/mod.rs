//! Helpers shared by the integration tests: a dev server on loopback, fast options, and a
//! thread that serves a test's own listener.
#![allow(dead_code)] // each test binary uses its own subset

use nova_auth::{Error, Login, Options, Outcome, User};
use nova_devserver::{Config, DevServer};
use std::net::{Ipv4Addr, SocketAddr};
use std::thread::JoinHandle;
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
        .map(|(_, rest)| rest.split('&').next().unwrap_or_default().to_owned())
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

/// A listener on an ephemeral loopback port, ready for [`Background::spawn`].
pub fn loopback_listener() -> std::net::TcpListener {
    let listener = std::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .expect("a loopback port");
    listener.set_nonblocking(true).unwrap();
    listener
}

/// A server loop running on a thread of its own; dropping it stops the loop and joins the
/// thread, so that no test leaves a server behind.
pub struct Background {
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Background {
    /// Runs `serve` on `listener` with a current-thread runtime until dropped.
    pub fn spawn<S, F>(listener: std::net::TcpListener, serve: S) -> Background
    where
        S: FnOnce(tokio::net::TcpListener) -> F + Send + 'static,
        F: Future<Output = ()>,
    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                tokio::select! {
                    _ = stopped => {}
                    () = serve(listener) => {}
                }
            });
        });
        Background {
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(()); // the thread may have ended already
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join(); // a panic there has been reported already
        }
    }
}

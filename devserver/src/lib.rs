//! A local stand-in for the Nova AI sign-in API.
//!
//! It answers `create-session`, `get-session` and `complete-session` exactly as the
//! production server does, serves a keyboard-usable login page with three fixed test
//! identities, and lets tests queue faults and read request counters. Two deliberate
//! differences from production: the `loginUrl` points at this server's own login page
//! (or at [`Config::public_url`]) instead of `https://nova-ai.work/login`, and a completed
//! session is read and deleted in one step, so it is never delivered twice.
//!
//! ```no_run
//! use nova_devserver::{Config, DevServer};
//!
//! let server = DevServer::spawn(Config::default()).unwrap();
//! println!("serving at {}", server.base_url());
//! ```

mod api;
mod completion;
mod control;
mod fault;
mod html;
mod http;
mod identity;
mod json;
mod pages;
mod routes;
mod serve;
mod state;
mod store;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

pub use fault::{Fault, Route};
pub use identity::Identity;
pub use state::{RequestRecord, Stats};

use state::Shared;
use store::Completion;

/// How a [`DevServer`] listens and behaves.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// How long a session lives, counted from its creation.
    pub ttl: Duration,
    /// When set, every new session is completed with [`Identity::google`] this long after it
    /// was created, so that a headless test or demo needs no browser.
    pub auto_approve: Option<Duration>,
    /// The base of the `loginUrl` handed out; `None` means this server's own base URL.
    pub public_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            ttl: Duration::from_secs(600),
            auto_approve: None,
            public_url: None,
        }
    }
}

/// A running dev server. Dropping it stops the server and joins its thread.
pub struct DevServer {
    base_url: String,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl DevServer {
    /// Binds `config.addr` and serves on a thread of its own with its own runtime, so it can
    /// be used from plain `#[test]` functions and from code that is not async.
    pub fn spawn(config: Config) -> std::io::Result<DevServer> {
        let listener = std::net::TcpListener::bind(config.addr)?;
        listener.set_nonblocking(true)?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let public_url = config
            .public_url
            .as_deref()
            .unwrap_or(&base_url)
            .trim_end_matches('/')
            .to_owned();
        let shared = Arc::new(Shared::new(config.ttl, config.auto_approve, public_url));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("nova-devserver".into())
            .spawn({
                let shared = Arc::clone(&shared);
                move || runtime.block_on(serve::run(listener, shared, stopped))
            })?;
        Ok(DevServer {
            base_url,
            shared,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The server's base URL, such as `http://127.0.0.1:41234` or `http://[::1]:41234`,
    /// without a trailing slash.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// Queues `fault` for the next request to `route` that has no earlier fault queued.
    ///
    /// # Panics
    /// If HTTP cannot send the fault's answer: a status outside 100..=999, or a header name
    /// or value that is not valid.
    pub fn push_fault(&self, route: Route, fault: Fault) {
        if let Err(problem) = self.shared.faults.push_all(vec![(route, fault)]) {
            panic!("cannot queue this fault: {problem}");
        }
    }

    /// Completes a session as `complete-session` would, with the plan normalised the same
    /// way. Returns false if the session is unknown or expired (an expired one is deleted).
    pub fn complete(&self, session_id: &str, identity: &Identity) -> bool {
        self.shared.store.complete(session_id, identity.to_user()) == Completion::Done
    }

    /// The request and connection counters so far.
    pub fn stats(&self) -> Stats {
        self.shared.stats()
    }

    /// Every request received so far (the first 100 000), in order of arrival.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.requests()
    }

    /// The ids of the sessions stored now, expired ones that nobody polled included.
    pub fn session_ids(&self) -> Vec<String> {
        self.shared.store.ids()
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            // The server thread may already be gone; there is nothing to stop then.
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            // A panic on the server thread has already been reported there.
            let _ = thread.join();
        }
    }
}

//! The one background thread and the one HTTP client that all logins of a process share.

use crate::error::Error;
use crate::urls::is_secure_target;
use reqwest::redirect::{Attempt, Policy};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;
use tokio::runtime::Handle;

/// Redirects followed before an answer is taken as it is.
const MAX_REDIRECTS: usize = 5;

/// A runtime whose single worker is the library's background thread. It is leaked: it lives
/// as long as the process, and in a `fork()` child the old one must never be dropped, since
/// its driver state (an epoll set, sockets) is shared with the parent.
pub struct Runtime {
    pub handle: Handle,
    client: OnceLock<reqwest::Client>,
}

struct Current {
    pid: u32,
    runtime: &'static Runtime,
}

static CURRENT: Mutex<Option<Current>> = Mutex::new(None);

/// The process's runtime, started on first use and started again in a `fork()` child (where
/// the parent's background thread does not exist). Cheap after the first call.
pub fn shared() -> Result<&'static Runtime, Error> {
    let pid = std::process::id();
    let mut current = CURRENT.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(current) = current.as_ref()
        && current.pid == pid
    {
        return Ok(current.runtime);
    }
    let runtime: &'static Runtime = Box::leak(Box::new(start()?));
    *current = Some(Current { pid, runtime });
    Ok(runtime)
}

fn start() -> Result<Runtime, Error> {
    let internal =
        |e: std::io::Error| Error::Internal(format!("cannot start the background thread: {e}"));
    // One blocking thread at most (DNS lookups and the browser opener), ended when idle.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(1)
        .thread_keep_alive(Duration::from_secs(10))
        .thread_name("nova-auth-blocking")
        .build()
        .map_err(internal)?;
    let handle = runtime.handle().clone();
    std::thread::Builder::new()
        .name("nova-auth".into())
        .spawn(move || runtime.block_on(std::future::pending::<()>()))
        .map_err(internal)?;
    Ok(Runtime {
        handle,
        client: OnceLock::new(),
    })
}

impl Runtime {
    /// The shared HTTP client. Built on first use on the background thread, since loading the
    /// system's trusted certificates reads files, which a host's thread must not wait for.
    pub fn client(&self) -> Result<&reqwest::Client, Error> {
        if let Some(client) = self.client.get() {
            return Ok(client);
        }
        let client = reqwest::Client::builder()
            .redirect(Policy::custom(follow_secure_redirects))
            .build()
            .map_err(|e| {
                Error::Network(format!(
                    "cannot set up HTTPS: {}",
                    crate::login::describe(e)
                ))
            })?;
        Ok(self.client.get_or_init(|| client))
    }
}

/// Follows at most [`MAX_REDIRECTS`] redirects, and never one to an insecure URL: such an
/// answer is taken as it is, so the login sees a 3xx status and no request leaves for it.
fn follow_secure_redirects(attempt: Attempt) -> reqwest::redirect::Action {
    if attempt.previous().len() > MAX_REDIRECTS || !is_secure_target(attempt.url()) {
        attempt.stop()
    } else {
        attempt.follow()
    }
}

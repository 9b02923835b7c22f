//! The one background thread and the one HTTP client that all logins of a process share.

use crate::error::Error;
use crate::http;
use std::future::Future;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::AbortHandle;

/// The runtime of all logins, driven by the library's background thread while any login is
/// pending. It is leaked: it lives as long as the process, and in a `fork()` child the old
/// one must never be dropped, since its driver state (an epoll set, sockets) is shared with
/// the parent.
pub struct Runtime {
    runtime: tokio::runtime::Runtime,
    /// Made for the first login of a run of the background thread and dropped, with its
    /// pool, when the thread stops: nothing watches idle connections while it is stopped,
    /// so a connection the server closed meanwhile must not be taken again.
    client: Mutex<Option<reqwest::Client>>,
    driver: Mutex<Driver>,
    /// Wakes the background thread when the last pending login has ended.
    idle: Notify,
}

/// Whether the background thread runs, and the logins it runs for.
#[derive(Default)]
struct Driver {
    logins: usize,
    thread_running: bool,
}

struct Current {
    pid: u32,
    runtime: &'static Runtime,
}

static CURRENT: Mutex<Option<Current>> = Mutex::new(None);

/// The process's runtime, made on first use and made again in a `fork()` child (where the
/// parent's background thread does not exist). Cheap after the first call.
pub fn shared() -> Result<&'static Runtime, Error> {
    let pid = std::process::id();
    let mut current = CURRENT.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(current) = current.as_ref().filter(|current| current.pid == pid) {
        return Ok(current.runtime);
    }
    // One blocking thread at most (DNS lookups), ended when idle.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(1)
        .thread_keep_alive(Duration::from_secs(10))
        .thread_name("nova-auth-blocking")
        .build()
        .map_err(|e| Error::Internal(format!("cannot make the runtime: {e}")))?;
    let runtime: &'static Runtime = Box::leak(Box::new(Runtime {
        runtime,
        client: Mutex::new(None),
        driver: Mutex::default(),
        idle: Notify::new(),
    }));
    *current = Some(Current { pid, runtime });
    Ok(runtime)
}

impl Runtime {
    /// Counts a login as pending until the returned guard is dropped, starting the background
    /// thread if none runs. The thread ends when no login is pending, so an idle host holds
    /// no thread of the library; and a host whose runtime tracks the threads that called
    /// into it (Mono waits for them at exit) sees this one end.
    pub fn begin_login(&'static self) -> Result<PendingLogin, Error> {
        let mut driver = self.driver.lock().unwrap_or_else(PoisonError::into_inner);
        if !driver.thread_running {
            std::thread::Builder::new()
                .name("nova-auth".into())
                .spawn(move || self.drive())
                .map_err(|e| Error::Internal(format!("cannot start the background thread: {e}")))?;
            driver.thread_running = true;
        }
        driver.logins += 1;
        Ok(PendingLogin(self))
    }

    /// Runs a login's task; it should hold the login's [`PendingLogin`] until it ends.
    pub fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) -> AbortHandle {
        self.runtime.spawn(task).abort_handle()
    }

    /// The background thread: drives the runtime until no login is pending.
    fn drive(&'static self) {
        loop {
            self.runtime.block_on(async {
                loop {
                    let idle = self.idle.notified();
                    if self.logins() == 0 {
                        return;
                    }
                    idle.await;
                }
            });
            let mut driver = self.driver.lock().unwrap_or_else(PoisonError::into_inner);
            if driver.logins == 0 {
                let client = self
                    .client
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                driver.thread_running = false;
                drop(driver);
                drop(client);
                return;
            }
        }
    }

    fn logins(&self) -> usize {
        self.driver
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .logins
    }

    /// The shared HTTP client. Built on the background thread, since loading the system's
    /// trusted certificates reads files, which a host's thread must not wait for.
    pub fn client(&self) -> Result<reqwest::Client, Error> {
        let mut client = self.client.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(client) = client.as_ref() {
            return Ok(client.clone());
        }
        let built = http::new_client()?;
        *client = Some(built.clone());
        Ok(built)
    }
}

/// Counts a login as pending while its task holds it: until the task is done or aborted.
pub struct PendingLogin(&'static Runtime);

impl PendingLogin {
    pub fn runtime(&self) -> &'static Runtime {
        self.0
    }
}

impl Drop for PendingLogin {
    fn drop(&mut self) {
        let mut driver = self.0.driver.lock().unwrap_or_else(PoisonError::into_inner);
        driver.logins -= 1;
        if driver.logins == 0 {
            self.0.idle.notify_one();
        }
    }
}

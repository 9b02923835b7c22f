//! One login: its state shared with the host, and the task that drives it on the background
//! thread (create the session, check and open the login URL, poll until it ends).

use crate::browser;
use crate::error::Error;
use crate::http::{endpoint, exchange};
use crate::options::Options;
use crate::protocol::{PollAnswer, User, parse_create_session, parse_get_session};
use crate::runtime;
use crate::urls::shown_login_url;
use reqwest::{Client, Url};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::Notify;
use tokio::task::AbortHandle;

/// How a login ended.
pub type Outcome = Result<User, Error>;

/// The exponential backoff never waits longer than this.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// Polls asked for by `refresh` are never closer together than this.
const MIN_REFRESH_GAP: Duration = Duration::from_millis(250);

type EndCallback = Box<dyn FnOnce(&Outcome) + Send>;

/// A login in progress or ended. Dropping it cancels it.
pub struct Login {
    shared: Arc<Shared>,
    task: AbortHandle,
}

/// What the host's threads and the login's task both see. The host reads `outcome` and `url`
/// without locks (each is set once); `ended` only serves `wait`.
#[derive(Default)]
struct Shared {
    outcome: OnceLock<Outcome>,
    url: OnceLock<String>,
    ended: Mutex<()>,
    ended_signal: Condvar,
    on_end: Mutex<CallbackSlot>,
    /// Signalled when the callback run by the login's end returns.
    callback_returned: Condvar,
    refresh: Refresh,
    /// Why the last poll failed, if it did: named in the timeout message.
    last_problem: Mutex<Option<String>>,
}

/// The callback, until the login's end takes it; then the thread running it, until it returns.
#[derive(Default)]
struct CallbackSlot {
    callback: Option<EndCallback>,
    running_on: Option<ThreadId>,
}

/// The host's wish for the next poll to come early (`nova_login_refresh`): one state, so a
/// wish made just as a backoff wait begins is dropped with it, not kept for later.
struct Refresh {
    state: AtomicU8,
    signal: Notify,
}

/// Where a login stands toward a refresh.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RefreshState {
    /// Before the session exists and during a backoff wait: a refresh does nothing.
    Blocked,
    /// Polling: a refresh is welcome.
    Idle,
    /// A refresh was asked for and the next poll has not yet been sent.
    Wanted,
}

impl Default for Refresh {
    fn default() -> Self {
        Refresh {
            state: AtomicU8::new(RefreshState::Blocked as u8),
            signal: Notify::new(),
        }
    }
}

impl Refresh {
    fn set(&self, state: RefreshState) {
        self.state.store(state as u8, Ordering::Release);
    }

    fn is(&self, state: RefreshState) -> bool {
        self.state.load(Ordering::Acquire) == state as u8
    }

    /// Moves the state from `from` to `to`; false, and no change, if it was not `from`.
    fn turn(&self, from: RefreshState, to: RefreshState) -> bool {
        let swap =
            self.state
                .compare_exchange(from as u8, to as u8, Ordering::AcqRel, Ordering::Acquire);
        swap.is_ok()
    }
}

impl Login {
    /// Validates the options and hands the login to the background thread. Performs no I/O.
    pub fn start(options: &Options) -> Result<Login, Error> {
        let base_url = options.base_url()?.to_owned();
        let started = Instant::now();
        let runtime = runtime::shared()?;
        let shared = Arc::new(Shared::default());
        let pending = runtime.begin_login()?;
        let task = runtime.spawn(run(
            Arc::clone(&shared),
            pending,
            options.clone(),
            base_url,
            started,
        ));
        Ok(Login { shared, task })
    }

    /// The outcome, or `None` while the login is pending. Never blocks.
    pub fn poll(&self) -> Option<&Outcome> {
        self.shared.outcome.get()
    }

    /// Blocks until the login ends or `timeout` passes (`None`: no limit).
    pub fn wait(&self, timeout: Option<Duration>) -> Option<&Outcome> {
        let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
        let mut guard = self
            .shared
            .ended
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(outcome) = self.shared.outcome.get() {
                return Some(outcome);
            }
            let signal = &self.shared.ended_signal;
            guard = match deadline {
                None => signal.wait(guard).unwrap_or_else(PoisonError::into_inner),
                Some(deadline) => {
                    let left = deadline.checked_duration_since(Instant::now())?;
                    let waited = signal.wait_timeout(guard, left);
                    waited.unwrap_or_else(PoisonError::into_inner).0
                }
            };
        }
    }

    /// The validated login URL, once the session exists.
    pub fn url(&self) -> Option<&str> {
        self.shared.url.get().map(String::as_str)
    }

    /// Asks for the next poll now rather than at the end of the interval.
    pub fn refresh(&self) -> Option<&Outcome> {
        let refresh = &self.shared.refresh;
        if refresh.turn(RefreshState::Idle, RefreshState::Wanted) {
            refresh.signal.notify_one();
        }
        self.poll()
    }

    /// Ends a pending login with [`Error::Cancelled`] and drops its request in flight.
    pub fn cancel(&self) {
        self.shared.finish(Err(Error::Cancelled));
        self.task.abort();
    }

    /// Runs `callback` once when the login ends: at once, here, if it already has; else on
    /// the thread that ends it. A drop on another thread waits for it to return, so it never
    /// runs after the drop; the callback itself may drop the login, which does not wait.
    pub fn on_end(&self, callback: EndCallback) {
        let mut slot = self.shared.lock_slot();
        match self.shared.outcome.get() {
            Some(outcome) => {
                // Called outside the lock: the callback may register another one.
                drop(slot);
                callback(outcome);
            }
            None => slot.callback = Some(callback),
        }
    }

    /// Cancels the login and returns once its callback is not running on another thread, so
    /// that it never runs after this returns. Called from inside the callback, it does not
    /// wait for the callback: that would never end.
    pub(crate) fn close(&self) {
        self.cancel();
        let this_thread = thread::current().id();
        let slot = self.shared.lock_slot();
        let runs_elsewhere =
            |slot: &mut CallbackSlot| slot.running_on.is_some_and(|thread| thread != this_thread);
        let waited = self
            .shared
            .callback_returned
            .wait_while(slot, runs_elsewhere);
        drop(waited.unwrap_or_else(PoisonError::into_inner));
    }
}

impl Drop for Login {
    fn drop(&mut self) {
        self.close();
    }
}

impl Shared {
    /// Sets the outcome if the login is still pending, then wakes waiters and runs the
    /// callback. The first outcome wins; later ones are ignored.
    fn finish(&self, outcome: Outcome) {
        // Already ended: return before the lock, so a callback may cancel its own login.
        if self.outcome.get().is_some() {
            return;
        }
        // The outcome is set and the callback taken under one lock: a host that sees the end
        // and drops the login then finds the callback running, and waits for it.
        let mut slot = self.lock_slot();
        if self.outcome.set(outcome).is_err() {
            return;
        }
        let outcome = self.outcome.get().expect("set just above");
        drop(self.ended.lock().unwrap_or_else(PoisonError::into_inner));
        self.ended_signal.notify_all();
        let Some(callback) = slot.callback.take() else {
            return;
        };
        // Run unlocked, so that the callback may drop its own login.
        slot.running_on = Some(thread::current().id());
        drop(slot);
        let _returned = CallbackReturned(self);
        callback(outcome);
    }

    fn lock_slot(&self) -> MutexGuard<'_, CallbackSlot> {
        self.on_end.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Marks the callback as no longer running when it returns, or panics, and wakes the drops
/// waiting for it.
struct CallbackReturned<'a>(&'a Shared);

impl Drop for CallbackReturned<'_> {
    fn drop(&mut self) {
        self.0.lock_slot().running_on = None;
        self.0.callback_returned.notify_all();
    }
}

/// Ends the login if its task stops without an outcome (a panic in it), so no host waits
/// forever.
struct FinishOnDrop(Arc<Shared>);

impl Drop for FinishOnDrop {
    fn drop(&mut self) {
        self.0.finish(Err(Error::Internal(
            "the login stopped unexpectedly".into(),
        )));
    }
}

async fn run(
    shared: Arc<Shared>,
    pending: runtime::PendingLogin,
    options: Options,
    base_url: String,
    started: Instant,
) {
    let runtime = pending.runtime();
    let guard = FinishOnDrop(shared);
    let deadline = tokio::time::Instant::from_std(started + options.timeout);
    let flow = sign_in(&guard.0, runtime, &options, &base_url);
    let outcome = match tokio::time::timeout_at(deadline, flow).await {
        Ok(outcome) => outcome,
        Err(_) => Err(Error::Timeout(timeout_message(options.timeout, &guard.0))),
    };
    guard.0.finish(outcome);
}

/// Names the deadline, and what went wrong with the last poll if it failed: after a run of
/// failed polls, "timed out" alone would hide the cause.
fn timeout_message(timeout: Duration, shared: &Shared) -> String {
    let deadline = format!(
        "the login did not complete within {} ms",
        timeout.as_millis()
    );
    let last_problem = shared.last_problem.lock();
    match last_problem
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
    {
        Some(problem) => format!("{deadline} (the last poll: {problem})"),
        None => deadline,
    }
}

async fn sign_in(
    shared: &Shared,
    runtime: &runtime::Runtime,
    options: &Options,
    base_url: &str,
) -> Outcome {
    let client = runtime.client()?;
    let create_url = endpoint(base_url, "/api/auth/create-session")?;
    let answer = Box::pin(exchange(client.post(create_url), options))
        .await
        .map_err(|e| e.into_error("create-session"))?;
    let session = parse_create_session(answer.status, &answer.body)?;
    let checked = shown_login_url(&session.login_url, options.choose_account)?;
    let login_url = shared.url.get_or_init(|| checked);
    if options.open_browser {
        browser::open(login_url.clone());
    }
    let mut poll_url = endpoint(base_url, "/api/auth/get-session")?;
    poll_url
        .query_pairs_mut()
        .append_pair("session", &session.id);
    poll_until_end(&client, options, poll_url, shared).await
}

async fn poll_until_end(
    client: &Client,
    options: &Options,
    poll_url: Url,
    shared: &Shared,
) -> Outcome {
    let refresh = &shared.refresh;
    let interval = options.poll_interval;
    let mut failures = 0u32;
    let mut had_pending = false;
    let mut wait = interval;
    let mut last_sent: Option<tokio::time::Instant> = None;
    refresh.set(RefreshState::Idle);
    loop {
        pause(wait, failures > 0, last_sent, refresh).await;
        last_sent = Some(tokio::time::Instant::now());
        // Boxed: an exchange is large and short-lived, and an idle login should not carry its
        // space between polls.
        let answer = match Box::pin(exchange(client.get(poll_url.clone()), options)).await {
            Ok(answer) => parse_get_session(
                answer.status,
                answer.retry_after.as_deref(),
                &answer.body,
                SystemTime::now(),
                had_pending,
            ),
            Err(e) => PollAnswer::Transient {
                reason: e.to_string(),
                retry_after: None,
            },
        };
        match answer {
            PollAnswer::Pending => {
                had_pending = true;
                failures = 0;
                wait = interval;
                *shared
                    .last_problem
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = None;
            }
            PollAnswer::Completed(user) => return Ok(user),
            PollAnswer::Final(error) => return Err(error),
            PollAnswer::Transient {
                reason,
                retry_after,
            } => {
                *shared
                    .last_problem
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = Some(reason);
                failures = failures.saturating_add(1);
                wait = backoff(interval, failures, retry_after);
            }
        }
    }
}

/// The wait after `failures` transient answers in a row: the largest of the interval, the
/// server's `Retry-After` (already capped) and `interval × 2^failures` capped at 30 s.
fn backoff(interval: Duration, failures: u32, retry_after: Option<Duration>) -> Duration {
    let exponential = interval
        .checked_mul(1u32.checked_shl(failures).unwrap_or(u32::MAX))
        .unwrap_or(MAX_BACKOFF)
        .min(MAX_BACKOFF);
    interval
        .max(exponential)
        .max(retry_after.unwrap_or(Duration::ZERO))
}

/// Waits `wait` before the next poll. Unless this is a backoff wait, a refresh shortens it to
/// the earliest moment [`MIN_REFRESH_GAP`] after the last poll was sent.
async fn pause(
    wait: Duration,
    backing_off: bool,
    last_sent: Option<tokio::time::Instant>,
    refresh: &Refresh,
) {
    let until = tokio::time::Instant::now() + wait;
    if backing_off {
        refresh.set(RefreshState::Blocked);
        tokio::time::sleep_until(until).await;
        refresh.set(RefreshState::Idle);
        return;
    }
    loop {
        if refresh.is(RefreshState::Wanted) {
            let earliest =
                last_sent.map_or_else(tokio::time::Instant::now, |t| t + MIN_REFRESH_GAP);
            tokio::time::sleep_until(until.min(earliest)).await;
            // Only now, as the poll goes out: refreshes until here are answered by this poll.
            refresh.turn(RefreshState::Wanted, RefreshState::Idle);
            return;
        }
        tokio::select! {
            () = tokio::time::sleep_until(until) => return,
            () = refresh.signal.notified() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_BACKOFF, backoff};
    use std::time::Duration;

    #[test]
    fn backoff_doubles_per_failure_up_to_30_s_and_never_undercuts_interval_or_retry_after() {
        let ms = Duration::from_millis;
        let interval = ms(2_000);
        assert_eq!(backoff(interval, 1, None), ms(4_000));
        assert_eq!(backoff(interval, 2, None), ms(8_000));
        assert_eq!(backoff(interval, 3, None), ms(16_000));
        for failures in [4, 5, 31, 32, 40, u32::MAX] {
            assert_eq!(backoff(interval, failures, None), MAX_BACKOFF, "{failures}");
        }
        // A long interval is never shortened by the cap.
        assert_eq!(backoff(ms(60_000), 3, None), ms(60_000));
        // Retry-After wins when it asks for more.
        assert_eq!(backoff(ms(100), 1, Some(ms(5_000))), ms(5_000));
        assert_eq!(backoff(ms(100), 1, Some(ms(50))), ms(200));
    }
}

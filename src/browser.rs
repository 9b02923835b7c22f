//! Opens the login URL in the system's default browser.

/// Opens `url` on the runtime's blocking thread: a text-mode browser may not return until
/// it exits, and that must not hold up polling. Failure is not reported: the host can show
/// the URL (`nova_login_url`) instead.
pub fn open(url: String) {
    tokio::task::spawn_blocking(move || {
        let _ = webbrowser::open(&url);
    });
}

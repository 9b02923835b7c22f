//! Opens the login URL in the system's default browser.

/// Opens `url` on a short-lived thread of its own: a text-mode browser does not return until
/// it exits, and that must hold up neither polling nor the runtime's one blocking thread,
/// which looks up host names. Failure is not reported: the host can show the URL
/// (`nova_login_url`) instead.
pub fn open(url: String) {
    let _ = std::thread::Builder::new()
        .name("nova-auth-browser".into())
        .spawn(move || {
            let _ = webbrowser::open(&url);
        });
}

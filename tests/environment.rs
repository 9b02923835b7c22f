//! Rules that read the process environment. One test, so that no other test sees the
//! variables it sets.

mod common;

use common::{completed, failed, server, session_id};
use nova_auth::{BASE_URL_ENV, Error, Login, Options};
use nova_devserver::Identity;

fn set(name: &str, value: &str) {
    // SAFETY: this binary's only test changes the environment only between logins, when no
    // thread of the library reads it.
    unsafe { std::env::set_var(name, value) };
}

#[test]
fn environment_rules() {
    let server = server();

    // The environment beats the default...
    set(BASE_URL_ENV, &server.base_url());
    let mut options = Options::new();
    options.set_open_browser(false);
    options.set_poll_interval_ms(100).unwrap();
    assert_eq!(options.base_url().unwrap(), server.base_url());
    let login = Login::start(&options).unwrap();
    assert!(server.complete(&session_id(&login), &Identity::google()));
    completed(&login);

    // ...an explicit setting beats the environment...
    set(BASE_URL_ENV, "https://example.invalid");
    let mut options = Options::new();
    options.set_base_url(&server.base_url()).unwrap();
    assert_eq!(options.base_url().unwrap(), server.base_url());

    // ...and the value is read when the options are created.
    set(BASE_URL_ENV, "https://later.example");
    assert_eq!(options.base_url().unwrap(), server.base_url());

    // An invalid value makes start fail with the status the setter would return, and a
    // message that names the variable, its value and the rule.
    set(BASE_URL_ENV, "http://example.com");
    let refused = Login::start(&Options::new()).err();
    assert!(
        matches!(&refused, Some(Error::InsecureUrl(m)) if m.starts_with(
            r#"NOVA_AUTH_BASE_URL: base URL "http://example.com": http:// is allowed only to a loopback host"#
        )),
        "{refused:?}"
    );
    set(BASE_URL_ENV, "not a url");
    assert!(matches!(
        Login::start(&Options::new()),
        Err(Error::InvalidArgument(_))
    ));
    set(BASE_URL_ENV, "https://example.com/?q=1");
    assert!(matches!(
        Login::start(&Options::new()),
        Err(Error::InvalidArgument(_))
    ));

    #[cfg(unix)]
    browsers_that_fail_or_hold_do_not_end_logins(&server);

    // A login that does not complete in time ends with a timeout.
    let mut options = Options::new();
    options.set_open_browser(false);
    options.set_timeout_ms(300).unwrap();
    assert!(matches!(
        failed(&Login::start(&options).unwrap()),
        Error::Timeout(_)
    ));
}

/// Unix only: Windows opens the shell's default browser and ignores `BROWSER`.
#[cfg(unix)]
fn browsers_that_fail_or_hold_do_not_end_logins(server: &nova_devserver::DevServer) {
    set(BASE_URL_ENV, &server.base_url());
    // A browser that cannot be started does not end the login.
    set(BASE_URL_ENV, &server.base_url());
    set("BROWSER", "/nonexistent/browser");
    let mut options = Options::new();
    options.set_poll_interval_ms(100).unwrap();
    let login = Login::start(&options).unwrap();
    assert!(server.complete(&session_id(&login), &Identity::naver()));
    assert_eq!(completed(&login).name.as_deref(), Some("김민지"));

    // A text-mode browser holds its opener until it exits; the next login, which needs a
    // host-name lookup, still goes ahead. (The file name makes it a text browser.)
    let dir = std::env::temp_dir().join(format!("nova-auth-text-browser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let browser = dir.join("w3m");
    std::fs::write(&browser, "#!/bin/sh\nexec >/dev/null 2>&1\nsleep 20\n").unwrap();
    std::fs::set_permissions(
        &browser,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    set("BROWSER", browser.to_str().unwrap());
    let mut options = Options::new();
    options.set_poll_interval_ms(100).unwrap();
    let held = Login::start(&options).unwrap();
    session_id(&held);
    let port = server.base_url().rsplit(':').next().unwrap().to_owned();
    options
        .set_base_url(&format!("http://localhost:{port}"))
        .unwrap();
    options.set_open_browser(false);
    let next = Login::start(&options).unwrap();
    assert!(server.complete(&session_id(&next), &Identity::kakao()));
    assert_eq!(completed(&next).uid, "dev-kakao-3d8e55");
}

//! The browser opener, watched through `BROWSER`: a script that records each URL it is given.
//! All tests here share one script and one record; each looks for its own session id.
//! Unix only: Windows opens the shell's default browser and ignores `BROWSER`.
#![cfg(unix)]

mod common;

use common::{eventually, failed, options, server, session_id};
use nova_auth::{Error, Login};
use nova_devserver::{Fault, Route};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The file the recording browser appends each URL to.
fn record() -> &'static PathBuf {
    static RECORD: OnceLock<PathBuf> = OnceLock::new();
    RECORD.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("nova-auth-browser-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let record = dir.join("opened.txt");
        let script = dir.join("browser.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
                record.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        // SAFETY: set once, before any login of this test binary reads the environment.
        unsafe { std::env::set_var("BROWSER", &script) };
        record
    })
}

fn opened() -> String {
    std::fs::read_to_string(record()).unwrap_or_default()
}

/// Opens one valid login and waits until the browser has it: a URL that was wrongly opened
/// earlier has had as long to arrive.
fn open_sentinel(server: &nova_devserver::DevServer) {
    let mut options = options(server);
    options.set_open_browser(true);
    let sentinel = Login::start(&options).unwrap();
    let id = session_id(&sentinel);
    eventually("the sentinel to be opened", || opened().contains(&id));
}

#[test]
fn the_browser_opens_the_login_url_with_the_account_choice() {
    record();
    let server = server();
    let mut options = options(&server);
    options.set_open_browser(true);
    options.set_choose_account(true);
    let login = Login::start(&options).unwrap();
    let id = session_id(&login);
    eventually("the browser to be opened", || opened().contains(&id));
    let url = login.url().unwrap();
    assert!(url.ends_with("&force_account_switch=1"), "{url}");
    assert!(opened().lines().any(|line| line == url), "{}", opened());
}

#[test]
fn valid_login_url_is_opened_in_the_browser() {
    record();
    let server = server();
    let mut options = options(&server);
    options.set_open_browser(true);
    let login = Login::start(&options).unwrap();
    let id = session_id(&login);
    eventually("the browser to be opened", || opened().contains(&id));
    let url = login.url().unwrap().to_owned();
    assert!(
        opened().lines().any(|line| line == url),
        "{url} not in {:?}",
        opened()
    );
}

#[test]
fn browser_is_not_opened_when_the_option_is_off() {
    record();
    let server = server();
    let login = Login::start(&options(&server)).unwrap();
    let id = session_id(&login);
    open_sentinel(&server);
    assert!(!opened().contains(&id));
}

#[test]
fn refused_login_url_is_never_opened() {
    record();
    let server = server();
    let marker = format!("refused-{}", std::process::id());
    for login_url in [
        format!("javascript:alert('{marker}')"),
        format!("http://example.com/login?session={marker}"),
        format!("file:///tmp/{marker}"),
    ] {
        let body = serde_json::json!({ "sessionId": marker, "loginUrl": login_url }).to_string();
        server.push_fault(Route::CreateSession, Fault::status(200, body));
        let mut options = options(&server);
        options.set_open_browser(true);
        let login = Login::start(&options).unwrap();
        assert!(matches!(failed(&login), Error::InsecureUrl(_)));
        assert_eq!(login.url(), None);
    }
    open_sentinel(&server);
    assert!(!opened().contains(&marker), "{:?}", opened());
}

//! Login URLs a hostile server could send to get something other than a web page opened.
//! Alone in its test binary with one test: `BROWSER` is process-wide, and the recording
//! browser must see only the logins made here. Unix only: Windows ignores `BROWSER`.
#![cfg(unix)]

mod common;
mod scripted;

use common::{eventually, finish};
use nova_auth::{Error, Login, Options};
use scripted::{Route, SESSION_ID, ScriptedServer, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A directory of this test run, holding the recording browser and what it records.
fn workdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nova-auth-hostile-urls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Installs a `BROWSER` script that appends each URL it is given to `record`.
fn install_recording_browser(dir: &Path, record: &Path) {
    let script = dir.join("browser.sh");
    let text = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
        record.display()
    );
    std::fs::write(&script, text).unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    // SAFETY: this binary's only test sets it before its first login, on one thread.
    unsafe { std::env::set_var("BROWSER", &script) };
}

fn recorded(record: &Path) -> String {
    std::fs::read_to_string(record).unwrap_or_default()
}

/// Starts a login whose create-session answer carries `login_url`, with the browser on.
fn login_with_url(server: &ScriptedServer, login_url: &str) -> Login {
    let body = serde_json::json!({ "sessionId": SESSION_ID, "loginUrl": login_url });
    server.push(Route::Create, json(200, &body.to_string()));
    let mut options = Options::new();
    options.set_base_url(&server.base_url()).unwrap();
    options.set_poll_interval_ms(100).unwrap();
    options.set_open_browser(true);
    Login::start(&options).unwrap()
}

fn dangerous_login_urls() -> Vec<String> {
    let urls = [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "file://server/share/setup.exe",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "about:blank",
        "blob:https://nova-ai.work/1234",
        "ms-settings:privacy",
        "nova-app://callback?session=x",
        "mailto:someone@example.com",
        "ftp://example.com/login",
        "ssh://example.com",
        "\\\\server\\share\\login.html",
        "//example.com/login",
        "/login?session=x",
        "login",
        "",
        "http://example.com/login",
        "http://10.0.0.1/login",
        "http://localhost.evil.example/login",
        "http://127.0.0.1.evil.example/login",
        "http://[::ffff:127.0.0.1]/login",
        "https://user:password@nova-ai.work/login",
        "https://nova-ai.work@evil.example/login",
        "https://",
        "https://nova-ai.work/login\n--new-window",
        "https://nova-ai.work/login\r\nx",
        "https://nova-ai.work/login\u{0}x",
        "https://nova-ai.work/login\u{7f}",
        "https://nova-ai.work/login\u{1b}[31m",
        "https://nova-ai.work/login\u{85}x",
        "https://nova-ai.work/login\u{2028}x",
        "https://nova-ai.work/login\u{a0}x",
        "https://nova-ai.work/login --incognito",
    ];
    let mut urls: Vec<String> = urls.iter().map(|u| u.to_string()).collect();
    urls.push(format!(
        "https://nova-ai.work/login?session={}",
        "a".repeat(9000)
    ));
    urls
}

#[test]
fn dangerous_login_urls_are_refused_and_never_reach_the_browser() {
    let dir = workdir();
    let record = dir.join("opened.txt");
    install_recording_browser(&dir, &record);
    let server = ScriptedServer::start();

    for login_url in dangerous_login_urls() {
        let login = login_with_url(&server, &login_url);
        let error = match finish(&login) {
            Err(error @ Error::InsecureUrl(_)) => error,
            other => panic!("{login_url:?}: expected an insecure URL error, got {other:?}"),
        };
        let message = error.message();
        assert!(
            message.starts_with("login URL refused") && !message.contains('\n'),
            "{login_url:?}: expected a one-line refusal, got {message:?}"
        );
        assert!(
            !message.contains(SESSION_ID)
                && (login_url.len() < 12 || !message.contains(&login_url)),
            "{login_url:?}: expected the message to leave out the URL, got {message:?}"
        );
        assert_eq!(
            login.url(),
            None,
            "{login_url:?}: expected no URL to be shown"
        );
    }
    // The browser runs on the background thread's helper: give a wrongly opened one time.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        recorded(&record),
        "",
        "expected no URL to reach the browser"
    );

    // Shell syntax in an https URL is just text: the browser gets the URL as one argument
    // and nothing runs.
    let marker = dir.join("shell-ran");
    let tricky = format!(
        "https://nova-ai.work/login?session=x;$(touch${{IFS}}{0})|touch${{IFS}}{0}&a=`touch${{IFS}}{0}`",
        marker.display()
    );
    let login = login_with_url(&server, &tricky);
    eventually("the browser to be opened", || !recorded(&record).is_empty());
    let opened = recorded(&record);
    assert_eq!(
        Some(opened.trim_end()),
        login.url(),
        "expected the browser to get exactly the login URL"
    );
    assert!(!marker.exists(), "expected no shell to run the URL's text");
    drop(login);
    std::fs::remove_dir_all(&dir).unwrap();
}

//! Windows: the system proxy (Internet Options, read from the registry by some clients) is
//! not used; only `HTTPS_PROXY` and the other variables are, as on Linux. In its own test
//! binary: it changes the user's proxy settings, and the client reads proxies per process.
#![cfg(windows)]

mod common;
mod scripted;
mod tls;

use common::finish;
use nova_auth::Login;
use scripted::{ScriptedServer, UID};
use std::process::{Command, Stdio};

const INTERNET_SETTINGS: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings";

/// Sets one value of the user's Internet Settings with reg.exe, Windows' own tool.
fn set_internet_setting(name: &str, kind: &str, data: &str) {
    let status = Command::new("reg")
        .args([
            "add",
            INTERNET_SETTINGS,
            "/v",
            name,
            "/t",
            kind,
            "/d",
            data,
            "/f",
        ])
        .stdout(Stdio::null()) // its "completed successfully" would split the test's line
        .status()
        .expect("reg.exe runs");
    assert!(status.success(), "reg add {name} failed: {status}");
}

fn internet_settings() -> String {
    let output = Command::new("reg")
        .args(["query", INTERNET_SETTINGS])
        .output()
        .expect("reg.exe runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_system_proxy_is_not_used() {
    let pki = tls::test_pki();
    let proxy = tls::ConnectProxy::start();
    let proxy_address = proxy.url().trim_start_matches("http://").to_owned();
    set_internet_setting("ProxyServer", "REG_SZ", &proxy_address);
    set_internet_setting("ProxyEnable", "REG_DWORD", "1");
    let settings = internet_settings();
    assert!(
        settings.contains(&proxy_address) && settings.contains("0x1"),
        "expected the system proxy {proxy_address} to be on, the settings are:\n{settings}"
    );
    // SAFETY: this binary's only test, before its first login.
    unsafe {
        tls::clear_proxy_environment();
        std::env::set_var("SSL_CERT_FILE", tls::write_ca_file(&pki));
    }
    let server = ScriptedServer::start_tls(pki.acceptor);

    let ended = finish(&Login::start(&tls::options(&server.base_url())).unwrap());
    set_internet_setting("ProxyEnable", "REG_DWORD", "0");
    match ended {
        Ok(user) => assert_eq!(user.uid, UID),
        Err(error) => panic!("expected the login to complete directly, got {error:?}"),
    }
    let targets = proxy.targets();
    assert!(
        targets.is_empty(),
        "expected no request through the system proxy, got CONNECT {targets:?}"
    );
}

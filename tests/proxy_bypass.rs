//! `NO_PROXY` exempts the hosts it lists from `HTTPS_PROXY`. In its own test binary: the
//! HTTP client reads the proxy variables once per process.

mod common;
mod scripted;
mod tls;

use common::finish;
use nova_auth::Login;
use scripted::UID;

#[test]
fn hosts_in_no_proxy_are_reached_directly() {
    // SAFETY: this binary's only test, before its first login.
    let (proxy, server) = unsafe { tls::server_behind_proxy(Some("localhost,127.0.0.1")) };
    let login = Login::start(&tls::options(&server.base_url())).unwrap();
    match finish(&login) {
        Ok(user) => assert_eq!(user.uid, UID),
        Err(error) => panic!("expected the login to complete directly, got {error:?}"),
    }
    let targets = proxy.targets();
    assert!(
        targets.is_empty(),
        "expected no CONNECT request, got {targets:?}"
    );
}

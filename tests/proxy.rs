//! `HTTPS_PROXY` is honoured, loopback targets included. In its own test binary: the HTTP
//! client reads the proxy variables once per process.

mod common;
mod scripted;
mod tls;

use common::finish;
use nova_auth::Login;
use scripted::UID;

#[test]
fn https_proxy_carries_every_request_through_a_connect_tunnel() {
    // SAFETY: this binary's only test, before its first login.
    let (proxy, server) = unsafe { tls::server_behind_proxy(None) };
    let login = Login::start(&tls::options(&server.base_url())).unwrap();
    match finish(&login) {
        Ok(user) => assert_eq!(user.uid, UID),
        Err(error) => panic!("expected the login to complete through the proxy, got {error:?}"),
    }
    let authority = server.base_url().replace("https://", "");
    let targets = proxy.targets();
    assert!(
        !targets.is_empty() && targets.iter().all(|t| *t == authority),
        "expected CONNECT requests for {authority}, got {targets:?}"
    );
}

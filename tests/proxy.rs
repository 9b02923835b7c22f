//! `HTTPS_PROXY` is honoured, loopback targets included. In its own test binary: the HTTP
//! client reads the proxy variables once per process.

mod common;
mod scripted;
mod tls;

use common::finish;
use nova_auth::Login;
use scripted::{ScriptedServer, UID};

#[test]
fn https_proxy_carries_every_request_through_a_connect_tunnel() {
    let pki = tls::test_pki();
    let proxy = tls::ConnectProxy::start();
    // SAFETY: this binary's only test, before its first login.
    unsafe {
        tls::clear_proxy_environment();
        std::env::set_var("SSL_CERT_FILE", tls::write_ca_file(&pki));
        std::env::set_var("HTTPS_PROXY", proxy.url());
    }
    let server = ScriptedServer::start_tls(pki.acceptor);
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

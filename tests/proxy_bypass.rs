//! `NO_PROXY` exempts the hosts it lists from `HTTPS_PROXY`. In its own test binary: the
//! HTTP client reads the proxy variables once per process.

mod common;
mod scripted;
mod tls;

use common::finish;
use nova_auth::Login;
use scripted::{ScriptedServer, UID};

#[test]
fn hosts_in_no_proxy_are_reached_directly() {
    let pki = tls::test_pki();
    let proxy = tls::ConnectProxy::start();
    // SAFETY: this binary's only test, before its first login.
    unsafe {
        tls::clear_proxy_environment();
        std::env::set_var("SSL_CERT_FILE", tls::write_ca_file(&pki));
        std::env::set_var("HTTPS_PROXY", proxy.url());
        std::env::set_var("NO_PROXY", "localhost,127.0.0.1");
    }
    let server = ScriptedServer::start_tls(pki.acceptor);
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

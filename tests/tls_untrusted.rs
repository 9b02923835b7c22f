//! A server whose certificate comes from an authority the system does not trust. Alone in
//! its test binary: the HTTP client reads the trusted roots once per process.

mod common;
mod scripted;
mod tls;

use common::finish;
use nova_auth::{Error, Login};
use scripted::ScriptedServer;

#[test]
fn certificate_from_an_untrusted_authority_is_a_network_error_naming_the_certificate() {
    // SAFETY: this binary's only test, before its first login.
    unsafe { tls::clear_proxy_environment() };
    let server = ScriptedServer::start_tls(tls::test_pki().acceptor);
    let login = Login::start(&tls::options(&server.base_url())).unwrap();
    let message = match finish(&login) {
        Err(Error::Network(message)) => message,
        other => panic!("expected a network error, got {other:?}"),
    };
    assert!(
        message.contains("certificate") && !message.contains('\n'),
        "expected one line naming the certificate problem, got {message:?}"
    );
    assert!(
        server.seen().is_empty(),
        "expected no request to pass the failed handshake"
    );
}

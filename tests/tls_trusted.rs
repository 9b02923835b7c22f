//! HTTPS with a test authority trusted through `SSL_CERT_FILE`. In its own test binary: the
//! HTTP client reads the trusted roots once per process, so the variable is set before the
//! first login.

mod common;
mod scripted;
mod tls;

use common::finish;
use nova_auth::{Error, Login};
use scripted::{Route, ScriptedServer, UID, answer};
use std::sync::OnceLock;
use tokio_rustls::TlsAcceptor;

/// The acceptor of the authority this process trusts, set up once before any login.
fn trusted_acceptor() -> TlsAcceptor {
    static ACCEPTOR: OnceLock<TlsAcceptor> = OnceLock::new();
    ACCEPTOR
        .get_or_init(|| {
            let pki = tls::test_pki();
            let ca_file = tls::write_ca_file(&pki);
            // SAFETY: every test gets here first and waits for this one initialisation, so
            // no thread of this binary reads the environment meanwhile.
            unsafe {
                tls::clear_proxy_environment();
                std::env::set_var("SSL_CERT_FILE", &ca_file);
            }
            pki.acceptor
        })
        .clone()
}

#[test]
fn certificate_from_the_authority_in_ssl_cert_file_is_trusted() {
    let server = ScriptedServer::start_tls(trusted_acceptor());
    let login = Login::start(&tls::options(&server.base_url())).unwrap();
    match finish(&login) {
        Ok(user) => assert_eq!(user.uid, UID),
        Err(error) => panic!("expected the login to complete over HTTPS, got {error:?}"),
    }
    assert_eq!(server.seen_with("get-session").len(), 1);
}

#[test]
fn redirect_from_https_to_http_on_loopback_is_followed() {
    let server = ScriptedServer::start_tls(trusted_acceptor());
    let plain = ScriptedServer::start();
    let location = format!("{}/api/auth/create-session", plain.base_url());
    server.push(Route::Create, answer(307, &[("location", &location)], b""));
    let login = Login::start(&tls::options(&server.base_url())).unwrap();
    if let Err(error) = finish(&login) {
        panic!("expected the loopback redirect to be followed, got {error:?}");
    }
    assert_eq!(plain.seen_with("create-session").len(), 1);
}

#[test]
fn redirect_from_https_to_http_elsewhere_is_not_followed() {
    let server = ScriptedServer::start_tls(trusted_acceptor());
    let location = "http://example.com/api/auth/create-session";
    server.push(Route::Create, answer(307, &[("location", location)], b""));
    let login = Login::start(&tls::options(&server.base_url())).unwrap();
    match finish(&login) {
        Err(Error::Server(message)) => assert!(
            message.contains("HTTP 307"),
            "expected the message to name HTTP 307, got {message:?}"
        ),
        other => panic!("expected a server error for the unfollowed redirect, got {other:?}"),
    }
}

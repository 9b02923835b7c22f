//! A test certificate authority made at test time, a TLS acceptor with a `localhost`
//! certificate it signed, and a counting CONNECT proxy on loopback.
#![allow(dead_code)] // each test binary uses its own subset

use crate::common::{Background, loopback_listener};
use crate::scripted::ScriptedServer;
use nova_auth::Options;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// Options aimed at `base_url`, polling every 100 ms, with no browser.
pub fn options(base_url: &str) -> Options {
    let mut options = Options::new();
    options.set_base_url(base_url).unwrap();
    options.set_poll_interval_ms(100).unwrap();
    options.set_open_browser(false);
    options
}

/// A fresh authority and a server that presents a certificate it signed.
pub struct TestPki {
    /// The authority's certificate, PEM: what a client must trust.
    pub ca_pem: String,
    /// Serves the `localhost` / 127.0.0.1 certificate and the authority's.
    pub acceptor: TlsAcceptor,
}

pub fn test_pki() -> TestPki {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "nova-auth test authority");
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();

    let server_key = KeyPair::generate().unwrap();
    let mut params =
        CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    let server_cert = params.signed_by(&server_key, &ca).unwrap();

    let key = PrivateKeyDer::from(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
    let config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![server_cert.der().clone(), ca.der().clone()], key)
        .unwrap();
    TestPki {
        ca_pem: ca.pem(),
        acceptor: TlsAcceptor::from(Arc::new(config)),
    }
}

/// Writes the authority's PEM to a file of this process and returns its path.
pub fn write_ca_file(pki: &TestPki) -> PathBuf {
    let path = std::env::temp_dir().join(format!("nova-auth-test-ca-{}.pem", std::process::id()));
    std::fs::write(&path, &pki.ca_pem).unwrap();
    path
}

/// Removes every proxy variable, so that only what a test sets applies.
///
/// # Safety
/// As `std::env::remove_var`: no other thread may read or write the environment meanwhile.
pub unsafe fn clear_proxy_environment() {
    for name in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        // SAFETY: passed on to the caller.
        unsafe { std::env::remove_var(name) };
    }
}

/// Starts a CONNECT proxy and a TLS scripted server, then points this process at them: it
/// trusts the test authority and sends https requests through the proxy, except to the hosts
/// in `no_proxy`.
///
/// # Safety
/// As `std::env::set_var`: no other thread may read or write the environment meanwhile.
pub unsafe fn server_behind_proxy(no_proxy: Option<&str>) -> (ConnectProxy, ScriptedServer) {
    let pki = test_pki();
    let proxy = ConnectProxy::start();
    // SAFETY: passed on to the caller.
    unsafe {
        clear_proxy_environment();
        std::env::set_var("SSL_CERT_FILE", write_ca_file(&pki));
        std::env::set_var("HTTPS_PROXY", proxy.url());
        if let Some(hosts) = no_proxy {
            std::env::set_var("NO_PROXY", hosts);
        }
    }
    (proxy, ScriptedServer::start_tls(pki.acceptor))
}

/// An HTTP proxy on 127.0.0.1 that serves only CONNECT and records each target.
pub struct ConnectProxy {
    url: String,
    targets: Arc<Mutex<Vec<String>>>,
    _background: Background,
}

impl ConnectProxy {
    pub fn start() -> ConnectProxy {
        let listener = loopback_listener();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let targets = Arc::new(Mutex::new(Vec::new()));
        let background = Background::spawn(listener, {
            let targets = Arc::clone(&targets);
            move |listener| accept_loop(listener, targets)
        });
        ConnectProxy {
            url,
            targets,
            _background: background,
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `host:port` of every CONNECT request so far.
    pub fn targets(&self) -> Vec<String> {
        self.targets
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

async fn accept_loop(listener: TcpListener, targets: Arc<Mutex<Vec<String>>>) {
    loop {
        let Ok((client, _)) = listener.accept().await else {
            continue;
        };
        let targets = Arc::clone(&targets);
        tokio::spawn(async move {
            // A client that hangs up mid-tunnel is no failure of the proxy.
            let _ = tunnel(client, &targets).await;
        });
    }
}

async fn tunnel(mut client: TcpStream, targets: &Mutex<Vec<String>>) -> std::io::Result<()> {
    // Byte by byte, so that nothing after the head (the TLS hello) is read here.
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 16 * 1024 || client.read(&mut byte).await? == 0 {
            return Ok(());
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.split_whitespace();
    let (Some("CONNECT"), Some(target)) = (words.next(), words.next()) else {
        client
            .write_all(b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n")
            .await?;
        return Ok(());
    };
    targets
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(target.to_owned());
    let mut upstream = TcpStream::connect(target).await?;
    client
        .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        .await?;
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

//! What the fuzz targets share: how input bytes pick an HTTP status, and the invariants that
//! hold for every error and every accepted URL.

use nova_auth::Error;

/// The statuses a first input byte picks from: the ones with a meaning of their own, repeated
/// 200s so that bodies get parsed often, and a few odd ones.
const STATUSES: [u16; 16] = [
    200, 200, 200, 200, 200, 200, 400, 404, 410, 429, 500, 503, 204, 302, 0, 999,
];

/// Splits the input into an HTTP status (from the first byte) and the rest.
pub fn status_and_rest(data: &[u8]) -> (u16, &[u8]) {
    match data.split_first() {
        Some((first, rest)) => (STATUSES[usize::from(*first) % STATUSES.len()], rest),
        None => (200, data),
    }
}

/// Every message is one line: hosts show it as is.
pub fn assert_one_line(error: &Error) {
    let message = error.message();
    assert!(
        !message.contains('\n') && !message.contains('\r'),
        "a message spans lines: {message:?}"
    );
}

/// The scheme rule for every URL the library uses: `https://` with a host anywhere, or
/// `http://` to a loopback host.
pub fn assert_secure_target(text: &str) {
    let url = url::Url::parse(text).expect("an accepted URL parses again");
    let loopback = match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => assert!(url.host().is_some(), "https without a host: {text:?}"),
        "http" => assert!(loopback, "http to a host that is not loopback: {text:?}"),
        other => panic!("scheme {other:?} accepted: {text:?}"),
    }
}

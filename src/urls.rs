//! The URL rules: which base URLs, login URLs and redirect targets the library accepts.

use crate::error::Error;
use reqwest::Url;
use std::net::IpAddr;

/// A login URL longer than this is refused: no browser needs more, and it bounds what a
/// hostile server can make the library hand to the operating system.
const MAX_LOGIN_URL_LEN: usize = 8192;

/// Checks a base URL and returns it without trailing slashes, ready for a route to be
/// appended (`{base}/api/auth/...`), so a path prefix is kept and no slash is doubled.
pub fn parse_base_url(text: &str) -> Result<String, Error> {
    if text.chars().any(|c| c.is_control() || c == ' ') {
        return Err(Error::InvalidArgument(
            "base URL contains a space or a control character".into(),
        ));
    }
    if has_non_ascii_host(text) {
        return Err(Error::InvalidArgument(
            "base URL host name is not ASCII: write an international domain name in its punycode form (xn--...)".into(),
        ));
    }
    let url = Url::parse(text)
        .map_err(|e| Error::InvalidArgument(format!("base URL is not a valid URL: {e}")))?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::InvalidArgument(
            "base URL must not have a query or a fragment".into(),
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::InvalidArgument(
            "base URL must not carry user credentials".into(),
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::InsecureUrl(
                "base URL uses http:// to a host that is not loopback; use https://".into(),
            ));
        }
        other => {
            return Err(Error::InvalidArgument(format!(
                "base URL scheme '{other}' is not https"
            )));
        }
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Checks the login URL a server sent before anyone may open it; returns it normalised.
/// Refusals carry only the reason and the scheme, never the URL (it holds the session id).
pub fn check_login_url(text: &str) -> Result<String, Error> {
    if text.len() > MAX_LOGIN_URL_LEN {
        return Err(Error::InsecureUrl(format!(
            "login URL refused: longer than {MAX_LOGIN_URL_LEN} bytes"
        )));
    }
    if text.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(Error::InsecureUrl(
            "login URL refused: it contains whitespace or control characters".into(),
        ));
    }
    if has_non_ascii_host(text) {
        return Err(Error::InsecureUrl(
            "login URL refused: its host name is not ASCII (not in punycode form, xn--...)".into(),
        ));
    }
    let url = Url::parse(text)
        .map_err(|e| Error::InsecureUrl(format!("login URL refused: not an absolute URL ({e})")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::InsecureUrl(
            "login URL refused: it carries user credentials".into(),
        ));
    }
    if !is_secure_target(&url) {
        return Err(Error::InsecureUrl(format!(
            "login URL refused: scheme '{}' {}",
            url.scheme(),
            if url.scheme() == "http" {
                "is allowed only for a loopback host"
            } else {
                "is not https"
            }
        )));
    }
    Ok(url.into())
}

/// True for `https://` anywhere and `http://` to a loopback host: the rule for the base URL,
/// the login URL and every redirect.
pub fn is_secure_target(url: &Url) -> bool {
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => is_loopback(url),
        _ => false,
    }
}

/// True when the host of an absolute URL text holds a non-ASCII character or a
/// percent-escaped non-ASCII byte. The library's URL parser has no Unicode tables (see
/// `idna_adapter` in Cargo.toml), so such a host can only fail; this check names the
/// problem first. The host is read as the parser reads it for http and https: after the
/// scheme's colon and any slashes or backslashes, up to the next slash, backslash, `?` or
/// `#`, and after the last `@`.
fn has_non_ascii_host(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return false;
    }
    let rest = rest.trim_start_matches(['/', '\\']);
    let authority = &rest[..rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len())];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    !host.is_ascii()
        || host.split('%').skip(1).any(|escape| {
            escape.starts_with(|c: char| matches!(c, '8'..='9' | 'a'..='f' | 'A'..='F'))
        })
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_path_prefix_and_drops_trailing_slashes() {
        assert_eq!(
            parse_base_url("https://example.com/nova/").unwrap(),
            "https://example.com/nova"
        );
        assert_eq!(
            parse_base_url("https://example.com").unwrap(),
            "https://example.com"
        );
    }

    #[test]
    fn base_url_http_only_for_loopback() {
        for ok in [
            "http://localhost:8080",
            "http://127.0.0.1",
            "http://127.5.6.7:1/x",
            "http://[::1]:9",
        ] {
            assert!(parse_base_url(ok).is_ok(), "{ok} should be accepted");
        }
        for insecure in [
            "http://example.com",
            "http://10.0.0.1",
            "http://localhost.evil.com",
        ] {
            assert!(
                matches!(parse_base_url(insecure), Err(Error::InsecureUrl(_))),
                "{insecure} should be insecure"
            );
        }
    }

    #[test]
    fn base_url_with_query_fragment_or_garbage_is_invalid() {
        for bad in [
            "https://example.com/?a=1",
            "https://example.com/?",
            "https://example.com/#x",
            "not a url",
            "",
            "ftp://example.com",
            "/relative",
            "https://user:secret@example.com",
        ] {
            assert!(
                matches!(parse_base_url(bad), Err(Error::InvalidArgument(_))),
                "{bad:?} should be invalid"
            );
        }
    }

    #[test]
    fn a_non_ascii_host_is_refused_by_name_and_its_punycode_form_is_accepted() {
        for unicode in [
            "https://bücher.example",
            "https://BÜCHER.example/nova",
            "https://b%C3%BCcher.example",
            "https://ops@münchen.example:8443/",
            "https:\\\\bücher.example",
        ] {
            match parse_base_url(unicode) {
                Err(Error::InvalidArgument(message)) => assert_eq!(
                    message,
                    "base URL host name is not ASCII: write an international domain name in its punycode form (xn--...)",
                    "for {unicode:?}"
                ),
                other => panic!("{unicode:?}: expected the non-ASCII host refused, got {other:?}"),
            }
            match check_login_url(&format!("{unicode}/login?session=s")) {
                Err(Error::InsecureUrl(message)) => {
                    assert!(message.contains("not ASCII"), "{message}")
                }
                other => panic!("{unicode:?}: expected the login URL refused, got {other:?}"),
            }
        }
        assert_eq!(
            parse_base_url("https://xn--bcher-kva.example/nova/").unwrap(),
            "https://xn--bcher-kva.example/nova"
        );
        assert_eq!(
            check_login_url("https://XN--BCHER-KVA.example/login?session=s").unwrap(),
            "https://xn--bcher-kva.example/login?session=s"
        );
        // Only the host must be ASCII: the path is percent-encoded, and an escape of an
        // ASCII byte in the host is decoded.
        assert_eq!(
            parse_base_url("https://example.com/ä").unwrap(),
            "https://example.com/%C3%A4"
        );
        assert_eq!(
            parse_base_url("https://ex%61mple.com").unwrap(),
            "https://example.com"
        );
    }

    #[test]
    fn login_url_rules() {
        assert!(check_login_url("https://nova-ai.work/login?session=s_1").is_ok());
        assert!(check_login_url("http://127.0.0.1:5/login?session=s").is_ok());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,hi",
            "nova://login",
            "http://example.com/login",
            "https://example.com/lo\ngin",
            "https://example.com/a b",
            "https://user:pw@example.com/",
            "/login?session=x",
        ] {
            assert!(
                matches!(check_login_url(bad), Err(Error::InsecureUrl(_))),
                "{bad:?} should be refused"
            );
        }
    }
}

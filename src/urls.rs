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
    // Every refusal quotes the value (escaped, so it stays one line) and names the rule.
    let invalid = |rule: &str| Error::InvalidArgument(format!("base URL {text:?}: {rule}"));
    if text.chars().any(|c| c.is_control() || c == ' ') {
        return Err(invalid("must not contain a space or a control character"));
    }
    if split_scheme(text).is_some_and(|(scheme, _)| !is_web(&scheme)) {
        return Err(invalid(
            "the scheme must be https, or http to a loopback host",
        ));
    }
    let url = Url::parse(text).map_err(|e| invalid(&format!("not an absolute URL ({e})")))?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or a fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Not quoted: the message would carry the password.
        return Err(Error::InvalidArgument(
            "base URL must not carry user credentials".into(),
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::InsecureUrl(format!(
                "base URL {text:?}: http:// is allowed only to a loopback host \
                 (localhost, 127.0.0.0/8, [::1]); use https://"
            )));
        }
        _ => {
            return Err(invalid(
                "the scheme must be https, or http to a loopback host",
            ));
        }
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Checks the login URL a server sent before anyone may open it; returns it normalised.
/// Refusals carry only the reason and the scheme, never the URL (it holds the session id).
pub fn check_login_url(text: &str) -> Result<String, Error> {
    checked_login_url(text).map(Into::into)
}

/// The login URL to show and open: checked as by [`check_login_url`], and with
/// `choose_account` carrying `force_account_switch=1` once, which makes the login page sign
/// the browser out first, so the person picks the account (`SERVER.md`).
pub fn shown_login_url(text: &str, choose_account: bool) -> Result<String, Error> {
    let mut url = checked_login_url(text)?;
    let (key, value) = ACCOUNT_SWITCH;
    // A server that asks for it already gets it once, not twice.
    if choose_account && !url.query_pairs().any(|(k, v)| k == key && v == value) {
        url.query_pairs_mut().append_pair(key, value);
    }
    Ok(url.into())
}

/// The login page's parameter that signs the browser out before the provider choice.
const ACCOUNT_SWITCH: (&str, &str) = ("force_account_switch", "1");

fn checked_login_url(text: &str) -> Result<Url, Error> {
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
    if let Some((scheme, _)) = split_scheme(text).filter(|(scheme, _)| !is_web(scheme)) {
        return Err(Error::InsecureUrl(format!(
            "login URL refused: scheme '{scheme}' is not https"
        )));
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
    Ok(url)
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

/// The scheme an absolute URL text starts with, in lower case, and the rest after its
/// colon; `None` when the text starts with no scheme.
fn split_scheme(text: &str) -> Option<(String, &str)> {
    let (scheme, rest) = text.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
    valid.then(|| (scheme.to_ascii_lowercase(), rest))
}

/// True for http and https, the schemes the library accepts. A text of another scheme is
/// refused before it is parsed, so its refusal names the scheme whatever else is wrong.
fn is_web(scheme: &str) -> bool {
    matches!(scheme, "http" | "https")
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

    /// Both rules refuse `text`: as a base URL it is invalid, with a message holding
    /// `base_says`, and as a login URL insecure, with one holding `login_says`.
    fn assert_refused(text: &str, base_says: &str, login_says: &str) {
        assert!(
            matches!(parse_base_url(text), Err(Error::InvalidArgument(m)) if m.contains(base_says)),
            "{text:?} as a base URL"
        );
        assert!(
            matches!(check_login_url(text), Err(Error::InsecureUrl(m)) if m.contains(login_says)),
            "{text:?} as a login URL"
        );
    }

    #[test]
    fn an_international_host_name_is_taken_in_its_punycode_form() {
        for unicode in [
            "https://bücher.example",
            "https://BÜCHER.example",
            "https://b%C3%BCcher.example",
            "https:\\\\bücher.example",
            "https://xn--bcher-kva.example",
            "https://XN--BCHER-KVA.example",
        ] {
            assert_eq!(
                parse_base_url(unicode).unwrap(),
                "https://xn--bcher-kva.example",
                "for {unicode:?}"
            );
            assert_eq!(
                check_login_url(&format!("{unicode}/login?session=s")).unwrap(),
                "https://xn--bcher-kva.example/login?session=s",
                "for {unicode:?}"
            );
        }
        // Names that IDNA forbids, in Unicode or in punycode (a right-to-left mark; fuzzing
        // found the punycode one), are unparsable.
        for invalid in ["https://a\u{200F}b.example", "https://XN--0N-h1tps.example"] {
            assert_refused(invalid, "not an absolute URL", "not an absolute URL");
        }
        // Other schemes are refused before their hosts are read, by rules of their own.
        for other in [
            "file://Bà/",
            "file://va-ai0r_0000.........IЀs:ps:pw@no//",
            "ws://bücher.example",
        ] {
            assert_refused(other, "the scheme must be https", "is not https");
        }
        // The path is percent-encoded, and an escape of an ASCII byte in the host is decoded.
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
    fn base_url_refusals_quote_the_value_and_name_the_rule() {
        for (text, says) in [
            ("ftp://x", r#"base URL "ftp://x": the scheme must be https"#),
            (
                "http://example.com",
                r#"base URL "http://example.com": http:// is allowed only to a loopback host"#,
            ),
            (
                "https://x/?a=1",
                r#"base URL "https://x/?a=1": must not have a query"#,
            ),
            (
                "https://x\n",
                r#"base URL "https://x\n": must not contain a space"#,
            ),
            ("nope", r#"base URL "nope": not an absolute URL"#),
        ] {
            let message = parse_base_url(text).unwrap_err().message().to_owned();
            assert!(message.starts_with(says), "{text:?}: {message}");
        }
        let message = parse_base_url("https://me:secret@x").unwrap_err();
        assert!(!message.message().contains("secret"), "{message}");
    }

    #[test]
    fn the_account_choice_adds_force_account_switch_once() {
        let url = "https://nova-ai.work/login?session=s_1";
        assert_eq!(shown_login_url(url, false).unwrap(), url);
        assert_eq!(
            shown_login_url(url, true).unwrap(),
            "https://nova-ai.work/login?session=s_1&force_account_switch=1"
        );
        let asked = "https://nova-ai.work/login?force_account_switch=1&session=s_1";
        assert_eq!(shown_login_url(asked, true).unwrap(), asked);
        assert_eq!(
            shown_login_url("https://nova-ai.work/login", true).unwrap(),
            "https://nova-ai.work/login?force_account_switch=1"
        );
        assert!(shown_login_url("javascript:alert(1)", true).is_err());
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

//! Properties of the pure parts (the protocol parser and the URL rules) over generated input.

use nova_auth::{
    Error, PollAnswer, check_login_url, parse_base_url, parse_create_session, parse_get_session,
};
use proptest::prelude::*;
use reqwest::Url;
use serde_json::{Map, Value, json};
use std::net::IpAddr;
use std::time::{Duration, SystemTime};

/// Any text without NUL: what the parser must hand through unchanged.
fn text() -> impl Strategy<Value = String> {
    any::<String>().prop_map(|s| s.replace('\0', ""))
}

/// An optional user field, sent as a string, as `null`, or not at all.
#[derive(Clone, Debug)]
enum Field {
    Text(String),
    Null,
    Absent,
}

fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        text().prop_map(Field::Text),
        Just(Field::Null),
        Just(Field::Absent),
    ]
}

impl Field {
    fn expected(&self) -> Option<String> {
        match self {
            Field::Text(text) => Some(text.clone()),
            Field::Null | Field::Absent => None,
        }
    }
}

/// URL-like text from parts that the rules care about, so that accepted ones are common.
fn url_like() -> impl Strategy<Value = String> {
    let scheme = prop::sample::select(vec![
        "https://",
        "http://",
        "HTTPS://",
        "Http://",
        "ftp://",
        "javascript:",
        "file://",
        "",
    ]);
    let host = prop::sample::select(vec![
        "localhost",
        "LocalHost",
        "127.0.0.1",
        "127.9.8.7",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "0x7f.1",
        "example.com",
        "10.0.0.1",
        "localhost.evil.example",
        "user:pw@example.com",
        "",
    ]);
    let port = prop::option::of(0u16..=65535);
    let path = "(/[a-zA-Z0-9%._~ ?#-]{0,6}){0,3}/{0,2}";
    (scheme, host, port, path).prop_map(|(scheme, host, port, path)| {
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        format!("{scheme}{host}{port}{path}")
    })
}

fn any_url_text() -> impl Strategy<Value = String> {
    prop_oneof![url_like(), any::<String>()]
}

/// `https://` with a host, or `http://` to a loopback host.
fn assert_secure_scheme(text: &str) {
    let url = Url::parse(text).unwrap_or_else(|e| panic!("{text:?} does not parse again: {e}"));
    let loopback = url.host_str().is_some_and(|host| {
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        bare.eq_ignore_ascii_case("localhost")
            || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    });
    match url.scheme() {
        "https" => assert!(url.host().is_some(), "expected a host in {text:?}"),
        "http" => assert!(loopback, "expected http only to loopback, got {text:?}"),
        other => panic!("expected https or http, got {other:?} in {text:?}"),
    }
}

proptest! {
    #[test]
    fn parsers_never_panic_on_arbitrary_status_and_bytes(
        status in any::<u16>(),
        body in prop::collection::vec(any::<u8>(), 0..256),
        retry_after in prop::option::of(any::<String>()),
        now in 0u64..(400 * 365 * 86_400),
        had_pending in any::<bool>(),
    ) {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(now);
        let _ = parse_create_session(status, &body);
        let _ = parse_get_session(status, retry_after.as_deref(), &body, now, had_pending);
    }

    #[test]
    fn any_status_but_200_400_404_410_is_transient(
        status in any::<u16>().prop_filter("a status with its own meaning", |s| {
            ![200, 400, 404, 410].contains(s)
        }),
        body in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let answer = parse_get_session(status, None, &body, SystemTime::now(), true);
        prop_assert!(
            matches!(answer, PollAnswer::Transient { .. }),
            "HTTP {}: expected transient, got {:?}", status, answer
        );
    }

    #[test]
    fn completed_answer_round_trips_every_field(
        uid in text().prop_filter("a uid is not empty", |s| !s.is_empty()),
        email in field(),
        name in field(),
        photo_url in field(),
        tier in field(),
        extra in prop::option::of(text()),
    ) {
        let mut user = Map::new();
        user.insert("uid".into(), json!(uid));
        for (key, value) in [("email", &email), ("name", &name), ("photoUrl", &photo_url), ("tier", &tier)] {
            match value {
                Field::Text(text) => { user.insert(key.into(), json!(text)); }
                Field::Null => { user.insert(key.into(), Value::Null); }
                Field::Absent => {}
            }
        }
        if let Some(extra) = extra {
            user.insert("plan".into(), json!(extra));
        }
        let user = Value::Object(user);
        let body = json!({ "status": "completed", "user": user }).to_string();
        let answer = parse_get_session(200, None, body.as_bytes(), SystemTime::now(), false);
        let PollAnswer::Completed(got) = answer else {
            panic!("expected a completed answer for {body}, got {answer:?}");
        };
        prop_assert_eq!(&got.uid, &uid);
        prop_assert_eq!(got.email, email.expected());
        prop_assert_eq!(got.name, name.expected());
        prop_assert_eq!(got.photo_url, photo_url.expected());
        prop_assert_eq!(got.tier, tier.expected());
        let raw: Value = serde_json::from_str(&got.raw_json).expect("raw_json is JSON");
        prop_assert_eq!(&raw, &user);
        prop_assert_eq!(got.raw_json, user.to_string(), "expected compact JSON in key order");
    }

    #[test]
    fn accepted_base_url_has_no_query_fragment_or_trailing_slash_and_a_secure_scheme(
        text in any_url_text(),
    ) {
        match parse_base_url(&text) {
            Ok(base) => {
                assert_secure_scheme(&base);
                let url = Url::parse(&base).unwrap();
                prop_assert!(url.query().is_none() && url.fragment().is_none(), "{:?} -> {:?}", text, base);
                prop_assert!(!base.ends_with('/'), "{:?} -> {:?}", text, base);
            }
            Err(Error::InvalidArgument(_) | Error::InsecureUrl(_)) => {}
            Err(other) => panic!("{text:?}: expected an argument or insecure URL error, got {other:?}"),
        }
    }

    #[test]
    fn accepted_login_url_has_a_secure_scheme_and_no_whitespace_or_control_characters(
        text in any_url_text(),
    ) {
        match check_login_url(&text) {
            Ok(url) => {
                assert_secure_scheme(&url);
                prop_assert!(
                    !url.chars().any(|c| c.is_whitespace() || c.is_control()),
                    "{:?} -> {:?}", text, url
                );
            }
            Err(Error::InsecureUrl(_)) => {}
            Err(other) => panic!("{text:?}: expected an insecure URL error, got {other:?}"),
        }
    }
}

//! The server protocol as pure functions: an HTTP status, a `Retry-After` value and body bytes
//! in, a decision out. No I/O, so every answer a server could give can be tested and fuzzed.

use crate::error::Error;
use crate::retry_after::parse_retry_after;
use serde_json::{Map, Value};
use std::time::{Duration, SystemTime};

/// The longest server text quoted in an error message.
const MAX_QUOTED_CHARS: usize = 120;
/// The longest session id taken: it goes into every poll's URL. Real ones have 35 bytes.
const MAX_SESSION_ID_BYTES: usize = 1024;

/// A session as `create-session` answered it. The login URL is not yet checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub id: String,
    pub login_url: String,
}

/// The signed-in user, as the server sent it. Strings hold no NUL character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub uid: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub photo_url: Option<String>,
    pub tier: Option<String>,
    /// The user object as received: compact JSON, key order kept.
    pub raw_json: String,
}

/// What one `get-session` answer means for the login.
#[derive(Clone, Debug, PartialEq)]
pub enum PollAnswer {
    Pending,
    Completed(User),
    /// Not worth retrying: the login ends with this error.
    Final(Error),
    /// Worth retrying after a backoff; the server may ask for a minimum wait.
    Transient {
        reason: String,
        retry_after: Option<Duration>,
    },
}

/// Reads a `create-session` answer: 200 with a JSON object holding a non-empty string
/// `sessionId` and a string `loginUrl`; anything else is a server error.
pub fn parse_create_session(status: u16, body: &[u8]) -> Result<Session, Error> {
    let fail = |what: String| Error::Server(format!("create-session {what}"));
    if status != 200 {
        return Err(fail(format!(
            "answered HTTP {status}{}",
            quoted_error(body)
        )));
    }
    let object = json_object(body).ok_or_else(|| fail("answer is not a JSON object".into()))?;
    let id = match object.get("sessionId") {
        Some(Value::String(id)) if id.len() > MAX_SESSION_ID_BYTES => {
            return Err(fail(format!(
                "sessionId is longer than {MAX_SESSION_ID_BYTES} bytes"
            )));
        }
        Some(Value::String(id)) if !id.is_empty() && !id.contains('\0') => id,
        _ => return Err(fail("answer has no non-empty string sessionId".into())),
    };
    let Some(Value::String(login_url)) = object.get("loginUrl") else {
        return Err(fail("answer has no string loginUrl".into()));
    };
    Ok(Session {
        id: id.clone(),
        login_url: login_url.clone(),
    })
}

/// Reads a `get-session` answer. `now` turns an HTTP-date `Retry-After` into a wait.
/// `had_pending` words the 404 message: after pending answers, a 404 can also mean that a
/// completed answer was lost in transit.
pub fn parse_get_session(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
    now: SystemTime,
    had_pending: bool,
) -> PollAnswer {
    match status {
        200 => parse_get_session_body(body),
        404 if had_pending => PollAnswer::Final(Error::Expired(
            "session not found (HTTP 404): it expired, or it completed and that answer was lost in transit".into(),
        )),
        404 => PollAnswer::Final(Error::Expired("session not found (HTTP 404)".into())),
        410 => PollAnswer::Final(Error::Expired("session expired (HTTP 410)".into())),
        // The server's text is not quoted here: a server could echo the session id in it.
        400 => PollAnswer::Final(Error::Server(
            "get-session rejected the request (HTTP 400)".into(),
        )),
        _ => PollAnswer::Transient {
            reason: format!("get-session answered HTTP {status}"),
            retry_after: retry_after.and_then(|value| parse_retry_after(value, now)),
        },
    }
}

fn parse_get_session_body(body: &[u8]) -> PollAnswer {
    let transient = |reason: &str| PollAnswer::Transient {
        reason: format!("get-session {reason}"),
        retry_after: None,
    };
    let Some(object) = json_object(body) else {
        return transient("answer is not a JSON object");
    };
    let Some(Value::String(status)) = object.get("status") else {
        return transient("answer has no string status");
    };
    match status.as_str() {
        "completed" => match object.get("user").map(parse_user) {
            Some(Ok(user)) => PollAnswer::Completed(user),
            Some(Err(what)) => PollAnswer::Final(Error::Server(format!(
                "completed answer has a malformed user: {what}"
            ))),
            None => PollAnswer::Final(Error::Server("completed answer has no user".into())),
        },
        "expired" => PollAnswer::Final(Error::Expired("session expired".into())),
        // "pending", and any status this version does not know: keep polling.
        _ => PollAnswer::Pending,
    }
}

fn parse_user(value: &Value) -> Result<User, String> {
    let Value::Object(fields) = value else {
        return Err("not a JSON object".into());
    };
    let uid = match optional_string(fields, "uid")? {
        Some(uid) if !uid.is_empty() => uid,
        _ => return Err("uid is missing or empty".into()),
    };
    Ok(User {
        uid,
        email: optional_string(fields, "email")?,
        name: optional_string(fields, "name")?,
        photo_url: optional_string(fields, "photoUrl")?,
        tier: optional_string(fields, "tier")?,
        raw_json: value.to_string(),
    })
}

/// A field that is a string, null or absent; a string must not hold NUL (C could not see it).
fn optional_string(fields: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.contains('\0') => {
            Err(format!("{key} holds a NUL character"))
        }
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(format!("{key} is not a string")),
    }
}

fn json_object(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => Some(object),
        _ => None,
    }
}

/// ` ("...")` quoting the server's `error` text, made safe for a one-line message.
fn quoted_error(body: &[u8]) -> String {
    let Some(Value::String(text)) = json_object(body).and_then(|mut o| o.remove("error")) else {
        return String::new();
    };
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_QUOTED_CHARS)
        .collect();
    format!(" ({clean})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(status: u16, body: &str) -> PollAnswer {
        parse_get_session(status, None, body.as_bytes(), SystemTime::UNIX_EPOCH, false)
    }

    #[test]
    fn create_session_answers() {
        let ok = parse_create_session(
            200,
            br#"{"sessionId":"session_1_abc","loginUrl":"https://nova-ai.work/login?session=session_1_abc","extra":1}"#,
        )
        .unwrap();
        assert_eq!(ok.id, "session_1_abc");
        let cases: &[(u16, &str, &str)] = &[
            (
                500,
                r#"{"error":"Failed to create session"}"#,
                "HTTP 500 (Failed to create session)",
            ),
            (200, "not json", "not a JSON object"),
            (200, "[1]", "not a JSON object"),
            (200, r#"{"sessionId":"","loginUrl":"x"}"#, "sessionId"),
            (200, r#"{"sessionId":5,"loginUrl":"x"}"#, "sessionId"),
            (200, r#"{"sessionId":"s"}"#, "loginUrl"),
            (200, r#"{"sessionId":"s","loginUrl":null}"#, "loginUrl"),
        ];
        let long_id = format!(r#"{{"sessionId":"{}","loginUrl":"x"}}"#, "s".repeat(1025));
        let Err(Error::Server(message)) = parse_create_session(200, long_id.as_bytes()) else {
            panic!("a 1025-byte session id should be refused");
        };
        assert!(message.contains("longer than 1024 bytes"), "{message}");
        for (status, body, expected) in cases {
            match parse_create_session(*status, body.as_bytes()) {
                Err(Error::Server(message)) => assert!(
                    message.contains(expected),
                    "{body}: expected {expected:?} in {message:?}"
                ),
                other => panic!("{body}: expected a server error, got {other:?}"),
            }
        }
    }

    #[test]
    fn production_answers_are_classified() {
        assert_eq!(
            get(
                200,
                r#"{"status":"pending","message":"Waiting for user to complete login"}"#
            ),
            PollAnswer::Pending
        );
        assert_eq!(
            get(200, r#"{"status":"something-new"}"#),
            PollAnswer::Pending
        );
        assert!(matches!(
            get(404, r#"{"error":"Session not found"}"#),
            PollAnswer::Final(Error::Expired(_))
        ));
        assert!(matches!(
            get(410, r#"{"error":"Session expired"}"#),
            PollAnswer::Final(Error::Expired(_))
        ));
        assert!(matches!(
            get(200, r#"{"status":"expired"}"#),
            PollAnswer::Final(Error::Expired(_))
        ));
        assert!(matches!(
            get(400, r#"{"error":"Session ID required"}"#),
            PollAnswer::Final(Error::Server(_))
        ));
        for status in [429, 500, 502, 503, 201, 204, 302, 418] {
            assert!(
                matches!(get(status, ""), PollAnswer::Transient { .. }),
                "{status}"
            );
        }
        for body in ["", "<html>", "[]", r#"{"status":1}"#, r#"{"message":"x"}"#] {
            assert!(
                matches!(get(200, body), PollAnswer::Transient { .. }),
                "{body}"
            );
        }
    }

    #[test]
    fn completed_user_fields() {
        let body = r#"{"status":"completed","user":{"uid":"u1","email":null,"name":"김민준","photoUrl":"https://p/x.png","tier":"pro","plan":"pro"}}"#;
        let PollAnswer::Completed(user) = get(200, body) else {
            panic!("expected completed");
        };
        assert_eq!(user.uid, "u1");
        assert_eq!(user.email, None);
        assert_eq!(user.name.as_deref(), Some("김민준"));
        assert_eq!(user.photo_url.as_deref(), Some("https://p/x.png"));
        assert_eq!(user.tier.as_deref(), Some("pro"));
        assert_eq!(
            user.raw_json,
            r#"{"uid":"u1","email":null,"name":"김민준","photoUrl":"https://p/x.png","tier":"pro","plan":"pro"}"#
        );
        let PollAnswer::Completed(minimal) =
            get(200, r#"{"status":"completed","user":{"uid":"u"}}"#)
        else {
            panic!("expected completed");
        };
        assert_eq!((minimal.email, minimal.tier), (None, None));
    }

    #[test]
    fn malformed_completed_user_is_a_server_error() {
        for user in [
            "",
            r#","user":null"#,
            r#","user":"u""#,
            r#","user":{}"#,
            r#","user":{"uid":""}"#,
            r#","user":{"uid":7}"#,
            r#","user":{"uid":"u","email":5}"#,
            r#","user":{"uid":"u","name":["x"]}"#,
            r#","user":{"uid":"a\u0000b"}"#,
            r#","user":{"uid":"u","tier":"p\u0000"}"#,
        ] {
            let body = format!(r#"{{"status":"completed"{user}}}"#);
            assert!(
                matches!(get(200, &body), PollAnswer::Final(Error::Server(_))),
                "{body}"
            );
        }
    }

    #[test]
    fn retry_after_is_read_on_transient_answers() {
        let answer = parse_get_session(429, Some("3"), b"", SystemTime::UNIX_EPOCH, false);
        assert_eq!(
            answer,
            PollAnswer::Transient {
                reason: "get-session answered HTTP 429".into(),
                retry_after: Some(Duration::from_secs(3)),
            }
        );
    }

    #[test]
    fn server_text_in_messages_is_one_line_and_bounded() {
        let long = format!(r#"{{"error":"a\nb{}"}}"#, "x".repeat(500));
        let Err(Error::Server(message)) = parse_create_session(500, long.as_bytes()) else {
            panic!("expected a server error");
        };
        assert!(!message.contains('\n'));
        assert!(message.len() < 200, "{message}");
    }
}

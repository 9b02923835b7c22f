//! Completing a session with `complete-session`'s rules, which the login flow's callback
//! page follows too.

use hyper::StatusCode;
use serde_json::Value;

use crate::store::{Completion, Store, User};

/// Why a completion was refused: the status and error message of the route's answer.
pub(crate) type Refusal = (StatusCode, &'static str);

pub(crate) const COMPLETION_FAILED: Refusal = (
    StatusCode::INTERNAL_SERVER_ERROR,
    "Failed to complete session",
);

/// A request body as production's `request.json()` reads it: invalid UTF-8 becomes U+FFFD
/// and up to two leading byte order marks are dropped. `None` if the rest is not JSON.
pub(crate) fn read_body(body: &[u8]) -> Option<Value> {
    let text = String::from_utf8_lossy(body);
    let once = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let twice = once.strip_prefix('\u{FEFF}').unwrap_or(once);
    serde_json::from_str(twice).ok()
}

/// Completes a session from a `complete-session` request body.
pub(crate) fn complete(store: &Store, request: &Value) -> Result<(), Refusal> {
    let (id, user) = completion(request)?;
    match store.complete(id, user) {
        Completion::Done => Ok(()),
        Completion::NotFound => Err((StatusCode::NOT_FOUND, "Session not found")),
        Completion::Expired => Err((StatusCode::GONE, "Session expired")),
        Completion::InvalidId | Completion::Unstorable => Err(COMPLETION_FAILED),
    }
}

/// Reads a completion with JavaScript's notion of truth, since production's checks are
/// `!sessionId || !uid` and `plan || tier || "free"`. Every other field is kept as the JSON
/// value it is, whatever its type, as production stores it.
fn completion(request: &Value) -> Result<(&str, User), Refusal> {
    let fields = match request {
        Value::Object(fields) => Some(fields),
        // Production destructures the body, which throws on `null` but not on other values.
        Value::Null => return Err(COMPLETION_FAILED),
        _ => None,
    };
    let field = |name: &str| {
        fields
            .and_then(|fields| fields.get(name))
            .filter(|value| truthy(value))
    };
    let (Some(id), Some(uid)) = (field("sessionId"), field("uid")) else {
        return Err((StatusCode::BAD_REQUEST, "Session ID and user ID required"));
    };
    // A storage path must be a string: any other type throws there.
    let Some(id) = id.as_str() else {
        return Err(COMPLETION_FAILED);
    };
    let plan = match field("plan").or(field("tier")) {
        Some(Value::String(plan)) => normalise_plan(plan),
        _ => "free",
    };
    let kept = |name: &str| field(name).cloned().unwrap_or(Value::Null);
    let user = User {
        uid: uid.clone(),
        email: kept("email"),
        name: kept("name"),
        photo_url: kept("photoUrl"),
        plan,
    };
    Ok((id, user))
}

/// Maps a requested plan to one the app knows: trimmed as JavaScript's `trim` does, then
/// lower-cased, with `standard` → `plus`, `ultra` → `pro` and anything unknown → `free`.
pub(crate) fn normalise_plan(requested: &str) -> &'static str {
    match requested
        .trim_matches(is_js_whitespace)
        .to_lowercase()
        .as_str()
    {
        "go" => "go",
        "plus" | "standard" => "plus",
        "pro" | "ultra" => "pro",
        "test" => "test",
        _ => "free",
    }
}

/// JavaScript's white space and line terminators: Unicode's `White_Space` (Rust's notion)
/// with the byte order mark U+FEFF added and NEXT LINE U+0085 left out.
fn is_js_whitespace(c: char) -> bool {
    c == '\u{FEFF}' || (c.is_whitespace() && c != '\u{85}')
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_mapping_matches_production() {
        for (requested, plan) in [
            (" Standard ", "plus"),
            ("ULTRA", "pro"),
            ("go", "go"),
            ("test", "test"),
            ("enterprise", "free"),
            ("", "free"),
            ("\u{A0}pro\u{FEFF}", "pro"),
            ("\u{2028}\t Plus\u{3000}\r\n", "plus"),
            ("\u{85}pro", "free"),
            ("p r o", "free"),
        ] {
            assert_eq!(normalise_plan(requested), plan, "for {requested:?}");
        }
    }

    #[test]
    fn bodies_lose_two_byte_order_marks_and_invalid_utf8_at_most() {
        assert_eq!(read_body(b"\xEF\xBB\xBF{}"), Some(serde_json::json!({})));
        assert_eq!(
            read_body(b"\xEF\xBB\xBF\xEF\xBB\xBF[1]"),
            Some(serde_json::json!([1]))
        );
        assert_eq!(read_body(b"\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBF[1]"), None);
        assert_eq!(
            read_body(b"\"a\xFFb\xC3\""),
            Some(Value::from("a\u{FFFD}b\u{FFFD}"))
        );
        assert_eq!(read_body(b""), None);
    }
}

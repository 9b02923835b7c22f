//! `/_dev/*`: the fault plan and counters over HTTP, for tests that run the binary. These
//! routes are no part of the real API.

use std::time::Duration;

use http_body_util::{BodyExt, Limited};
use hyper::StatusCode;
use hyper::body::Incoming;
use serde_json::{Map, Value, json};

use crate::fault::{Fault, Route};
use crate::http::{self, Response};
use crate::state::Shared;

/// Room for a fault with a body of several megabytes, for tests of oversized answers.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// `POST /_dev/faults` with one fault object or an array of them; answers
/// `{"queued": N}`, or 400 `{"error": "..."}` having queued none.
pub(crate) async fn push_faults(shared: &Shared, body: Incoming) -> Response {
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return refuse("the body could not be read or is too large".into()),
    };
    let request: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(error) => return refuse(format!("the body is not JSON: {error}")),
    };
    let items = match request {
        Value::Array(items) => items,
        item => vec![item],
    };
    let mut planned = Vec::new();
    for item in &items {
        match parse_fault(item) {
            Ok((route, fault, count)) => {
                planned.extend(std::iter::repeat_n((route, fault), count));
            }
            Err(problem) => return refuse(problem),
        }
    }
    let queued = planned.len();
    match shared.faults.push_all(planned) {
        Ok(()) => http::json(StatusCode::OK, &json!({ "queued": queued })),
        Err(problem) => refuse(problem),
    }
}

/// `GET /_dev/stats`
pub(crate) fn stats(shared: &Shared) -> Response {
    let stats = shared.stats();
    http::json(
        StatusCode::OK,
        &json!({
            "create_requests": stats.create_requests,
            "get_requests": stats.get_requests,
            "connections": stats.connections,
        }),
    )
}

/// `GET /_dev/sessions`: the ids stored now, as a JSON array.
pub(crate) fn sessions(shared: &Shared) -> Response {
    http::json(StatusCode::OK, &json!(shared.store.ids()))
}

/// Reads `{"route", "status", "headers", "body", "delay_ms", "close", "count"}`.
fn parse_fault(item: &Value) -> Result<(Route, Fault, usize), String> {
    let fields = item.as_object().ok_or("a fault must be a JSON object")?;
    const KNOWN: [&str; 7] = [
        "route", "status", "headers", "body", "delay_ms", "close", "count",
    ];
    if let Some(unknown) = fields.keys().find(|key| !KNOWN.contains(&key.as_str())) {
        return Err(format!(
            "unknown field {unknown:?}; known: {}",
            KNOWN.join(", ")
        ));
    }
    let route = fields
        .get("route")
        .and_then(Value::as_str)
        .and_then(Route::from_name)
        .ok_or(r#""route" must be "create-session" or "get-session""#)?;
    let status = optional(fields, "status", Value::as_u64, "a number")?
        .map(|status| u16::try_from(status).map_err(|_| "\"status\" is out of range".to_owned()))
        .transpose()?;
    let headers = optional(fields, "headers", Value::as_object, "an object")?
        .map(header_list)
        .transpose()?
        .unwrap_or_default();
    let body = optional(fields, "body", Value::as_str, "a string")?.unwrap_or_default();
    let delay = optional(fields, "delay_ms", Value::as_u64, "a number")?.map(Duration::from_millis);
    let close = optional(fields, "close", Value::as_bool, "true or false")?.unwrap_or(false);
    let count = optional(fields, "count", Value::as_u64, "a number")?.unwrap_or(1);
    let count = usize::try_from(count)
        .ok()
        .filter(|count| (1..=10_000).contains(count))
        .ok_or("\"count\" must be 1..=10000")?;
    let body = body.as_bytes().to_vec();
    let fault = match (close, status, delay) {
        (true, None, None) if headers.is_empty() && body.is_empty() => Fault::CloseConnection,
        (true, _, _) => return Err("\"close\" takes no status, headers, body or delay".into()),
        (false, Some(status), delay) => Fault::Respond {
            status,
            headers,
            body,
            delay,
        },
        (false, None, Some(delay)) if headers.is_empty() && body.is_empty() => Fault::Delay(delay),
        (false, None, _) => {
            return Err("a fault needs \"status\", a \"delay_ms\" alone, or \"close\"".into());
        }
    };
    Ok((route, fault, count))
}

fn optional<'a, T>(
    fields: &'a Map<String, Value>,
    name: &str,
    read: impl Fn(&'a Value) -> Option<T>,
    expected: &str,
) -> Result<Option<T>, String> {
    fields
        .get(name)
        .map(|value| read(value).ok_or(format!("{name:?} must be {expected}")))
        .transpose()
}

fn header_list(headers: &Map<String, Value>) -> Result<Vec<(String, String)>, String> {
    headers
        .iter()
        .map(|(name, value)| match value.as_str() {
            Some(value) => Ok((name.clone(), value.to_owned())),
            None => Err(format!("header {name:?} must have a string value")),
        })
        .collect()
}

fn refuse(problem: String) -> Response {
    http::json_error(StatusCode::BAD_REQUEST, &problem)
}

//! Building answers and reading query strings.

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{CONTENT_TYPE, COOKIE, HeaderName, HeaderValue};
use hyper::{HeaderMap, StatusCode};
use serde_json::{Value, json};

pub(crate) type Response = hyper::Response<Full<Bytes>>;

/// What the server does with a request.
pub(crate) enum Answer {
    Respond(Response),
    /// Drop the connection without a word, as a crashed or cut-off server would.
    Close,
}

impl From<Response> for Answer {
    fn from(response: Response) -> Self {
        Answer::Respond(response)
    }
}

pub(crate) fn response(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Response {
    let mut response = hyper::Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

/// A compact JSON answer, as production's `NextResponse.json` sends it.
pub(crate) fn json(status: StatusCode, value: &Value) -> Response {
    let headers =
        HeaderMap::from_iter([(CONTENT_TYPE, HeaderValue::from_static("application/json"))]);
    response(status, headers, crate::json::stringify(value))
}

pub(crate) fn json_error(status: StatusCode, message: &str) -> Response {
    json(status, &json!({ "error": message }))
}

pub(crate) fn html(status: StatusCode, page: String) -> Response {
    let headers = HeaderMap::from_iter([(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    )]);
    response(status, headers, page)
}

pub(crate) fn empty(status: StatusCode) -> Response {
    response(status, HeaderMap::new(), Bytes::new())
}

/// An answer spelled out by a test. Headers that HTTP cannot carry are an error.
pub(crate) fn raw(
    status: u16,
    headers: &[(String, String)],
    body: Vec<u8>,
) -> Result<Response, String> {
    let status = StatusCode::from_u16(status).map_err(|_| format!("invalid status {status}"))?;
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        let name = HeaderName::try_from(name.as_str())
            .map_err(|_| format!("invalid header name {name:?}"))?;
        let value = HeaderValue::try_from(value.as_str())
            .map_err(|_| format!("invalid value for header {name}"))?;
        map.append(name, value);
    }
    Ok(response(status, map, body))
}

/// The first value of parameter `name` in a query or form body, decoded as a browser's
/// `URLSearchParams` decodes it (`+` is a space; bad UTF-8 becomes U+FFFD).
pub(crate) fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(key) == name).then(|| decode(value))
    })
}

/// The value of cookie `name` among a request's `Cookie` headers, as a browser sends them.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then(|| value.to_owned())
        })
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{cookie, query_param};
    use hyper::HeaderMap;
    use hyper::header::{COOKIE, HeaderValue};

    #[test]
    fn a_cookie_is_found_in_any_cookie_header_by_its_exact_name() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; nova_dev_x=2"));
        headers.append(COOKIE, HeaderValue::from_static("nova_dev=3"));
        assert_eq!(cookie(&headers, "nova_dev").as_deref(), Some("3"));
        assert_eq!(cookie(&headers, "nova_dev_x").as_deref(), Some("2"));
        assert_eq!(cookie(&headers, "b"), None);
    }

    #[test]
    fn first_parameter_wins_and_is_decoded() {
        let query = Some("x=1&session=a%2Fb+c&session=second");
        assert_eq!(query_param(query, "session").as_deref(), Some("a/b c"));
    }

    #[test]
    fn parameter_names_are_case_sensitive() {
        assert_eq!(query_param(Some("Session=abc"), "session"), None);
    }

    #[test]
    fn bad_percent_escapes_are_kept_as_text() {
        assert_eq!(
            query_param(Some("s=%zz%+1%4"), "s").as_deref(),
            Some("%zz% 1%4")
        );
    }
}

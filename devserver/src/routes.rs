//! Which handler answers a request, and the framework's own answers around them: redirects
//! to the canonical path, 404 pages, 400 or 405 for a wrong method, and `OPTIONS`.

use std::sync::Arc;

use hyper::body::Incoming;
use hyper::header::{ALLOW, HeaderValue, LOCATION, REFRESH};
use hyper::{HeaderMap, Method, Request, StatusCode, Uri};

use crate::http::{self, Answer};
use crate::state::Shared;
use crate::{api, control, pages};

#[derive(Clone, Copy)]
enum Endpoint {
    CreateSession,
    GetSession,
    CompleteSession,
    Login,
    AuthCallback,
    DevFaults,
    DevStats,
    DevSessions,
}

impl Endpoint {
    fn of(path: &str) -> Option<Endpoint> {
        Some(match path {
            "/api/auth/create-session" => Endpoint::CreateSession,
            "/api/auth/get-session" => Endpoint::GetSession,
            "/api/auth/complete-session" => Endpoint::CompleteSession,
            "/login" => Endpoint::Login,
            "/auth-callback" => Endpoint::AuthCallback,
            "/_dev/faults" => Endpoint::DevFaults,
            "/_dev/stats" => Endpoint::DevStats,
            "/_dev/sessions" => Endpoint::DevSessions,
            _ => return None,
        })
    }

    /// Each endpoint answers one method; `GET` ones answer `HEAD` too.
    fn method(self) -> Method {
        match self {
            Endpoint::CreateSession | Endpoint::CompleteSession | Endpoint::DevFaults => {
                Method::POST
            }
            Endpoint::GetSession
            | Endpoint::Login
            | Endpoint::AuthCallback
            | Endpoint::DevStats
            | Endpoint::DevSessions => Method::GET,
        }
    }

    fn allows(self, method: &Method) -> bool {
        let own = self.method();
        *method == own || (own == Method::GET && *method == Method::HEAD)
    }

    /// The `Allow` header of an `OPTIONS` answer, sorted as production sends it.
    fn allow(self) -> &'static str {
        if self.method() == Method::GET {
            "GET, HEAD, OPTIONS"
        } else {
            "OPTIONS, POST"
        }
    }
}

/// The methods the framework knows. A route answers one of them that it lacks with 405, and
/// any other method with 400.
const STANDARD_METHODS: [Method; 7] = [
    Method::GET,
    Method::HEAD,
    Method::OPTIONS,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
];

pub(crate) async fn dispatch(shared: &Arc<Shared>, request: Request<Incoming>) -> Answer {
    shared.record(&request);
    if let Some(location) = canonical_location(request.uri()) {
        return redirect(location).into();
    }
    let Some(endpoint) = Endpoint::of(request.uri().path()) else {
        return pages::not_found().into();
    };
    if !STANDARD_METHODS.contains(request.method()) {
        return http::empty(StatusCode::BAD_REQUEST).into();
    }
    if request.method() == Method::OPTIONS {
        let headers = HeaderMap::from_iter([(ALLOW, HeaderValue::from_static(endpoint.allow()))]);
        return http::response(StatusCode::NO_CONTENT, headers, "").into();
    }
    if !endpoint.allows(request.method()) {
        return http::empty(StatusCode::METHOD_NOT_ALLOWED).into();
    }
    let query = request.uri().query();
    match endpoint {
        Endpoint::CreateSession => api::create_session(shared).await,
        Endpoint::GetSession => api::get_session(shared, query).await,
        Endpoint::CompleteSession => api::complete_session(shared, request.into_body())
            .await
            .into(),
        Endpoint::Login => pages::login(shared, query, request.headers()).into(),
        Endpoint::AuthCallback => pages::auth_callback(shared, query).into(),
        Endpoint::DevFaults => control::push_faults(shared, request.into_body())
            .await
            .into(),
        Endpoint::DevStats => control::stats(shared).into(),
        Endpoint::DevSessions => control::sessions(shared).into(),
    }
}

/// A 308 as the framework sends it: the target in `Location`, in a `Refresh` header for
/// clients that ignore 308, and as the plain-text body (with no `Content-Type`).
fn redirect(location: String) -> http::Response {
    let mut headers = HeaderMap::new();
    // Made from a parsed URI, both values hold only characters that a header can carry.
    let refresh = HeaderValue::try_from(format!("0;url={location}"));
    if let (Ok(target), Ok(refresh)) = (HeaderValue::try_from(&location), refresh) {
        headers.insert(LOCATION, target);
        headers.insert(REFRESH, refresh);
    }
    http::response(StatusCode::PERMANENT_REDIRECT, headers, location)
}

/// Where a path with a trailing slash or a doubled slash is redirected, query kept.
fn canonical_location(uri: &Uri) -> Option<String> {
    let path = uri.path();
    if path == "/" || !(path.ends_with('/') || path.contains("//")) {
        return None;
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut location = format!("/{}", segments.join("/"));
    if let Some(query) = uri.query() {
        location.push('?');
        location.push_str(query);
    }
    Some(location)
}

#[cfg(test)]
mod tests {
    use super::canonical_location;

    #[test]
    fn trailing_and_doubled_slashes_redirect_with_the_query_kept() {
        for (uri, expected) in [
            (
                "/api/auth/get-session/?session=x",
                Some("/api/auth/get-session?session=x"),
            ),
            (
                "//api//auth/create-session",
                Some("/api/auth/create-session"),
            ),
            ("//", Some("/")),
            ("/", None),
            ("/login?session=a//b", None),
        ] {
            let uri = uri.parse().unwrap();
            assert_eq!(canonical_location(&uri).as_deref(), expected, "for {uri}");
        }
    }
}

//! The three `/api/auth/*` routes, answering as production does.

use std::sync::Arc;

use http_body_util::{BodyExt, Limited};
use hyper::StatusCode;
use hyper::body::Incoming;
use serde_json::{Value, json};

use crate::fault::{Planned, Route};
use crate::http::{self, Answer, Response};
use crate::identity::Identity;
use crate::serve::Shared;
use crate::store::{Completion, Lookup, User, normalise_plan};

/// More than any real completion needs; a bigger body is refused like a malformed one.
const MAX_BODY: usize = 64 * 1024;

pub(crate) async fn create_session(shared: &Arc<Shared>) -> Answer {
    shared.count_create();
    if let Some(answer) = apply_fault(shared, Route::CreateSession).await {
        return answer;
    }
    let Some(id) = shared.store.create() else {
        return http::json_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Failed to create session",
        )
        .into();
    };
    if let Some(delay) = shared.auto_approve {
        let shared = Arc::clone(shared);
        let id = id.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            shared.store.complete(&id, Identity::google().to_user());
        });
    }
    let login_url = format!("{}/login?session={id}", shared.public_url);
    http::json(
        StatusCode::OK,
        &json!({ "sessionId": id, "loginUrl": login_url }),
    )
    .into()
}

pub(crate) async fn get_session(shared: &Arc<Shared>, query: Option<&str>) -> Answer {
    shared.count_get();
    if let Some(answer) = apply_fault(shared, Route::GetSession).await {
        return answer;
    }
    let id = http::query_param(query, "session").unwrap_or_default();
    if id.is_empty() {
        return http::json_error(StatusCode::BAD_REQUEST, "Session ID required").into();
    }
    match shared.store.take(&id) {
        Lookup::Pending => http::json(
            StatusCode::OK,
            &json!({ "status": "pending", "message": "Waiting for user to complete login" }),
        ),
        Lookup::Completed(user) => http::json(
            StatusCode::OK,
            &json!({ "status": "completed", "user": user.to_json() }),
        ),
        Lookup::NotFound => http::json_error(StatusCode::NOT_FOUND, "Session not found"),
        Lookup::Expired => http::json_error(StatusCode::GONE, "Session expired"),
        Lookup::InvalidId => {
            http::json_error(StatusCode::INTERNAL_SERVER_ERROR, "Failed to get session")
        }
    }
    .into()
}

pub(crate) async fn complete_session(shared: &Shared, body: Incoming) -> Response {
    let request = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => serde_json::from_slice(&collected.to_bytes()).ok(),
        Err(_) => None,
    };
    let outcome = match request {
        Some(request) => complete(shared, &request),
        None => Err(COMPLETION_FAILED),
    };
    match outcome {
        Ok(()) => http::json(StatusCode::OK, &json!({ "success": true })),
        Err((status, message)) => http::json_error(status, message),
    }
}

/// Why a completion was refused: the status and error message of the route's answer.
pub(crate) type Refusal = (StatusCode, &'static str);

const COMPLETION_FAILED: Refusal = (
    StatusCode::INTERNAL_SERVER_ERROR,
    "Failed to complete session",
);

/// Completes a session from a `complete-session` request body, which the login flow's
/// callback page also builds, with the route's rules.
pub(crate) fn complete(shared: &Shared, request: &Value) -> Result<(), Refusal> {
    let (id, user) = completion(request)?;
    match shared.store.complete(&id, user) {
        Completion::Done => Ok(()),
        Completion::NotFound => Err((StatusCode::NOT_FOUND, "Session not found")),
        Completion::Expired => Err((StatusCode::GONE, "Session expired")),
        Completion::InvalidId => Err(COMPLETION_FAILED),
    }
}

/// Reads a completion with JavaScript's notion of truth, since production's checks are
/// `!sessionId || !uid` and `plan || tier || "free"`.
fn completion(request: &Value) -> Result<(String, User), Refusal> {
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
    // A storage path must be a string and a plan is trimmed: other types throw there.
    let Some(id) = id.as_str() else {
        return Err(COMPLETION_FAILED);
    };
    let plan = match field("plan").or(field("tier")) {
        None => "free",
        Some(Value::String(plan)) => normalise_plan(plan),
        Some(_) => return Err(COMPLETION_FAILED),
    };
    let user = User {
        uid: uid.clone(),
        email: field("email").cloned().unwrap_or(Value::Null),
        name: field("name").cloned().unwrap_or(Value::Null),
        photo_url: field("photoUrl").cloned().unwrap_or(Value::Null),
        plan,
    };
    Ok((id.to_owned(), user))
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

/// Serves the next queued fault for `route`: `Some` answer replaces the normal one, `None`
/// lets it follow (after the fault's delay, if it had one).
async fn apply_fault(shared: &Shared, route: Route) -> Option<Answer> {
    match shared.faults.next(route)? {
        Planned::Respond { delay, response } => {
            tokio::time::sleep(delay).await;
            Some(response.into())
        }
        Planned::Delay(delay) => {
            tokio::time::sleep(delay).await;
            None
        }
        Planned::Close => Some(Answer::Close),
    }
}

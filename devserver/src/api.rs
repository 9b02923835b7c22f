//! The three `/api/auth/*` routes, answering as production does.

use std::sync::Arc;

use http_body_util::{BodyExt, Limited};
use hyper::StatusCode;
use hyper::body::Incoming;
use serde_json::json;

use crate::completion;
use crate::fault::{Planned, Route};
use crate::http::{self, Answer, Response};
use crate::identity::Identity;
use crate::state::Shared;
use crate::store::Lookup;

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
        Ok(collected) => completion::read_body(&collected.to_bytes()),
        Err(_) => None,
    };
    let outcome = match request {
        Some(request) => completion::complete(&shared.store, &request),
        None => Err(completion::COMPLETION_FAILED),
    };
    match outcome {
        Ok(()) => http::json(StatusCode::OK, &json!({ "success": true })),
        Err((status, message)) => http::json_error(status, message),
    }
}

/// Serves the next queued fault for `route`: `Some` answer replaces the normal one, `None`
/// lets it follow (after the fault's delay, if it had one).
async fn apply_fault(shared: &Shared, route: Route) -> Option<Answer> {
    match shared.faults.next(route)? {
        Planned::Respond { delay, response } => {
            if let Some(delay) = delay {
                tokio::time::sleep(delay).await;
            }
            Some(response.into())
        }
        Planned::Delay(delay) => {
            tokio::time::sleep(delay).await;
            None
        }
        Planned::Close => Some(Answer::Close),
    }
}

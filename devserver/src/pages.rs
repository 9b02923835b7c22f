//! The pages a person sees: the login page, the callback that completes the session, and
//! the 404 page.

use hyper::header::{HeaderValue, SET_COOKIE};
use hyper::{HeaderMap, StatusCode};
use serde_json::{Map, Value};

use crate::completion;
use crate::html::{escape, page};
use crate::http::{self, Response};
use crate::identity::Identity;
use crate::state::Shared;
use crate::store::{Completion, Lookup};

/// The cookie that keeps a browser signed in with one test account (its provider key), as
/// production's browser session does: set when a sign-in completes, cleared by
/// `force_account_switch=1`.
const SIGNED_IN_COOKIE: &str = "nova_dev_signed_in";

/// The test accounts: the provider's key, its label, and who it signs in.
fn providers() -> [(&'static str, &'static str, Identity); 3] {
    [
        ("google", "Google", Identity::google()),
        ("naver", "Naver", Identity::naver()),
        ("kakao", "Kakao", Identity::kakao()),
    ]
}

/// `GET /login?session=ID[&force_account_switch=1]`: one button per provider, each signing
/// in its test identity. As in production, a browser already signed in completes the
/// session at once with its account, without a click; `force_account_switch=1` signs the
/// browser out first, so that the person chooses the account.
pub(crate) fn login(shared: &Shared, query: Option<&str>, headers: &HeaderMap) -> Response {
    let session = http::query_param(query, "session").unwrap_or_default();
    if session.is_empty() {
        return problem(
            StatusCode::BAD_REQUEST,
            "This sign-in link is incomplete",
            "It carries no session. Start signing in again from the app.",
        );
    }
    match shared.store.peek(&session) {
        Lookup::Pending | Lookup::Completed(_) => {}
        Lookup::Expired => {
            return problem(
                StatusCode::GONE,
                "This sign-in link has expired",
                "Sign-in links last a few minutes. Start signing in again from the app.",
            );
        }
        Lookup::NotFound | Lookup::InvalidId => return not_valid(),
    }
    let signed_in = http::cookie(headers, SIGNED_IN_COOKIE)
        .and_then(|key| providers().into_iter().find(|(k, _, _)| *k == key));
    let switch = http::query_param(query, "force_account_switch").as_deref() == Some("1");
    match signed_in {
        Some((_, _, identity)) if !switch => {
            match shared.store.complete(&session, identity.to_user()) {
                Completion::Done => signed_in_page(&who(&identity)),
                _ => not_valid(),
            }
        }
        signed_in => {
            let signed_out = switch.then(|| signed_out_step(signed_in.map(|(_, _, i)| i)));
            let mut page = choice_page(&session, signed_out.as_deref().unwrap_or_default());
            if switch {
                set_cookie(
                    &mut page,
                    &format!("{SIGNED_IN_COOKIE}=; Path=/; Max-Age=0"),
                );
            }
            page
        }
    }
}

/// The first step of a forced account switch: the browser is signed out, and says so.
fn signed_out_step(was: Option<Identity>) -> String {
    let was = was.map_or_else(String::new, |identity| {
        format!(
            " This browser was signed in as {}.",
            escape(&who(&identity))
        )
    });
    format!(
        r#"<p class="signed-out" role="status">Step 1: signed out.{was}</p>
<p>Step 2: choose the account to sign in with.</p>
"#
    )
}

/// The provider choice, after `before` (already escaped).
fn choice_page(session: &str, before: &str) -> Response {
    let providers: String = providers()
        .iter()
        .map(|(key, label, identity)| provider_form(session, key, label, identity))
        .collect();
    let main = format!(
        r#"<h1>Sign in to Nova AI</h1>
{before}<p class="muted">Development server: each button signs in a fixed test account.</p>
<ul class="providers">
{providers}</ul>
<p class="muted">When you have signed in, go back to the app: it notices by itself.</p>"#
    );
    http::html(StatusCode::OK, page("Sign in to Nova AI", &main))
}

/// How a page names a test account: its name, else its e-mail, else its uid.
fn who(identity: &Identity) -> String {
    [identity.name.as_deref(), identity.email.as_deref()]
        .into_iter()
        .flatten()
        .next()
        .unwrap_or(&identity.uid)
        .to_owned()
}

fn set_cookie(response: &mut Response, cookie: &str) {
    if let Ok(value) = HeaderValue::try_from(cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

/// A form that sends what production's login page sends to its callback, so that the
/// button works without JavaScript.
fn provider_form(session: &str, key: &str, label: &str, identity: &Identity) -> String {
    let fields = [
        ("session", Some(session)),
        ("uid", Some(identity.uid.as_str())),
        ("name", identity.name.as_deref()),
        ("email", identity.email.as_deref()),
        ("photo_url", identity.photo_url.as_deref()),
        ("tier", Some(identity.plan.as_str())),
        ("plan", Some(identity.plan.as_str())),
    ];
    let hidden: String = fields
        .iter()
        .filter_map(|(name, value)| {
            let value = escape((*value)?);
            Some(format!(
                r#"<input type="hidden" name="{name}" value="{value}">"#
            ))
        })
        .collect();
    let plan = format!("{} plan", identity.plan);
    let who = [identity.name.as_deref(), identity.email.as_deref()]
        .into_iter()
        .flatten()
        .chain([plan.as_str()])
        .map(escape)
        .collect::<Vec<_>>()
        .join(" · ");
    format!(
        r#"<li><form method="get" action="auth-callback">{hidden}
<button type="submit" class="{key}" aria-describedby="who-{key}">Continue with {label}</button>
<p class="who" id="who-{key}">Signs in as {who}</p></form></li>
"#
    )
}

/// `GET /auth-callback?session=…&uid=…&name=…&email=…&photo_url=…&tier=…&plan=…`: completes
/// the session as production's callback page does, through `complete-session`'s rules.
pub(crate) fn auth_callback(shared: &Shared, query: Option<&str>) -> Response {
    let param = |name: &str| http::query_param(query, name).map_or(Value::Null, Value::from);
    let request: Map<String, Value> = [
        ("sessionId", "session"),
        ("uid", "uid"),
        ("name", "name"),
        ("email", "email"),
        ("photoUrl", "photo_url"),
        ("tier", "tier"),
        ("plan", "plan"),
    ]
    .into_iter()
    .map(|(field, parameter)| (field.to_owned(), param(parameter)))
    .collect();
    match completion::complete(&shared.store, &Value::Object(request)) {
        Ok(()) => {
            let who = ["name", "email", "uid"]
                .into_iter()
                .filter_map(|name| http::query_param(query, name))
                .find(|value| !value.is_empty())
                .unwrap_or_default();
            let mut page = signed_in_page(&who);
            // The browser stays signed in with a test account, as production's does.
            let uid = http::query_param(query, "uid");
            if let Some((key, _, _)) = providers()
                .into_iter()
                .find(|(_, _, identity)| Some(&identity.uid) == uid.as_ref())
            {
                set_cookie(
                    &mut page,
                    &format!("{SIGNED_IN_COOKIE}={key}; Path=/; HttpOnly; SameSite=Lax"),
                );
            }
            page
        }
        Err((StatusCode::GONE, _)) => problem(
            StatusCode::GONE,
            "This sign-in link has expired",
            "Start signing in again from the app.",
        ),
        Err((StatusCode::NOT_FOUND, _)) => not_valid(),
        Err((status, message)) => problem(
            status,
            "Sign-in could not be completed",
            &format!("The server answered: {message}."),
        ),
    }
}

fn signed_in_page(who: &str) -> Response {
    let main = format!(
        r#"<h1>Signed in as {}</h1>
<p>You can return to the app now and close this tab.</p>"#,
        escape(who)
    );
    http::html(StatusCode::OK, page("Signed in to Nova AI", &main))
}

fn not_valid() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "This sign-in link is not valid",
        "It may have been used already. Start signing in again from the app.",
    )
}

/// The HTML 404 page for unknown paths, worded as production's framework words it.
pub(crate) fn not_found() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "404: This page could not be found",
        "Check the address, or go back to the app.",
    )
}

fn problem(status: StatusCode, heading: &str, detail: &str) -> Response {
    let main = format!("<h1>{}</h1>\n<p>{}</p>", escape(heading), escape(detail));
    http::html(status, page(heading, &main))
}

use std::time::Duration;

use nova_devserver::{Config, Identity};

use crate::common::{HTML, Harness, form_encode, start, start_with, user_json};

/// The query a browser sends when the form holding the button of `provider` is submitted.
fn submitted_query(page: &str, provider: &str) -> String {
    let form = page
        .split("<form")
        .skip(1)
        .map(|rest| &rest[..rest.find("</form>").expect("a closed form")])
        .find(|form| form.contains(&format!("class=\"{provider}\"")))
        .unwrap_or_else(|| panic!("no form for {provider} in {page}"));
    assert!(
        form.contains(r#"method="get" action="auth-callback""#),
        "{form}"
    );
    form.split("<input type=\"hidden\" ")
        .skip(1)
        .map(|input| {
            let attribute = |name: &str| {
                let start = input.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                let end = start + input[start..].find('"').unwrap();
                unescape(&input[start..end])
            };
            format!("{}={}", attribute("name"), form_encode(&attribute("value")))
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

async fn login_page(h: &Harness, id: &str) -> String {
    let answer = h.send("GET", &format!("/login?session={id}"), None).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.header("content-type"), Some(HTML));
    answer.body
}

#[tokio::test]
async fn login_url_opens_an_accessible_page_with_three_provider_buttons() {
    let h = start();
    let created = h.create_answer().await.json();
    let login_url = created["loginUrl"].as_str().unwrap();
    let path = login_url
        .strip_prefix(&h.base)
        .expect("the login page is on this server");
    let page = h.send("GET", path, None).await.body;
    for needle in [
        "<html lang=\"en\">",
        "<title>Sign in to Nova AI</title>",
        "<h1>Sign in to Nova AI</h1>",
        ">Continue with Google</button>",
        ">Continue with Naver</button>",
        ">Continue with Kakao</button>",
        ":focus-visible",
        "<meta name=\"viewport\"",
    ] {
        assert!(page.contains(needle), "expected {needle:?} in {page}");
    }
    assert_eq!(page.matches("<button type=\"submit\"").count(), 3);
    for external in ["<script", "<link", "src=", "url("] {
        assert!(
            !page.contains(external),
            "the page loads nothing: found {external:?}"
        );
    }
}

#[tokio::test]
async fn submitting_a_provider_form_completes_the_session_with_that_identity() {
    let h = start();
    for (provider, identity) in [
        ("google", Identity::google()),
        ("naver", Identity::naver()),
        ("kakao", Identity::kakao()),
    ] {
        let id = h.create().await;
        let page = login_page(&h, &id).await;
        let query = submitted_query(&page, provider);
        let callback = h
            .send("GET", &format!("/auth-callback?{query}"), None)
            .await;
        assert_eq!(callback.status, 200, "{}", callback.body);
        let name = identity.name.clone().unwrap();
        assert!(
            callback.body.contains(&format!("Signed in as {name}")),
            "{}",
            callback.body
        );
        assert!(
            callback.body.contains("return to the app"),
            "{}",
            callback.body
        );
        assert_eq!(h.user(&id).await, user_json(&identity), "for {provider}");
    }
}

/// Signs a browser in with `provider` through the login page of a new session; returns the
/// cookie the browser keeps (`name=value`).
async fn sign_in_through_the_page(h: &Harness, provider: &str) -> String {
    let id = h.create().await;
    let query = submitted_query(&login_page(h, &id).await, provider);
    let callback = h
        .send("GET", &format!("/auth-callback?{query}"), None)
        .await;
    assert_eq!(callback.status, 200, "{}", callback.body);
    let cookie = callback
        .header("set-cookie")
        .expect("the sign-in sets a cookie");
    assert!(cookie.contains("Path=/"), "{cookie}");
    cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_browser_already_signed_in_completes_the_session_without_a_click() {
    let h = start();
    let cookie = sign_in_through_the_page(&h, "google").await;
    let id = h.create().await;

    let answer = h
        .browse(&format!("/login?session={id}"), Some(&cookie))
        .await;

    assert_eq!(answer.status, 200);
    assert!(
        answer.body.contains("Signed in as Ada Lovelace"),
        "{}",
        answer.body
    );
    assert!(!answer.body.contains("<button"), "{}", answer.body);
    assert_eq!(h.user(&id).await, user_json(&Identity::google()));
}

#[tokio::test]
async fn force_account_switch_signs_the_browser_out_first_then_offers_the_provider_choice() {
    let h = start();
    let cookie = sign_in_through_the_page(&h, "google").await;
    let id = h.create().await;

    let answer = h
        .browse(
            &format!("/login?session={id}&force_account_switch=1"),
            Some(&cookie),
        )
        .await;

    assert_eq!(answer.status, 200);
    let page = &answer.body;
    let signed_out = page
        .find("Step 1: signed out. This browser was signed in as Ada Lovelace.")
        .unwrap_or_else(|| panic!("no sign-out step in {page}"));
    let first_button = page.find("<button").expect("a provider choice");
    assert!(
        signed_out < first_button,
        "the sign-out step comes first: {page}"
    );
    assert_eq!(page.matches("<button type=\"submit\"").count(), 3);
    assert_eq!(
        answer.header("set-cookie"),
        Some("nova_dev_signed_in=; Path=/; Max-Age=0"),
        "the browser is signed out"
    );
    assert_eq!(h.poll(&id).await.json()["status"], "pending");

    // The person chooses another account, which completes this session.
    let query = submitted_query(page, "naver");
    assert!(query.starts_with(&format!("session={id}&")), "{query}");
    let callback = h
        .send("GET", &format!("/auth-callback?{query}"), None)
        .await;
    assert_eq!(callback.status, 200, "{}", callback.body);
    assert_eq!(h.user(&id).await, user_json(&Identity::naver()));
}

#[tokio::test]
async fn force_account_switch_in_a_browser_signed_out_shows_the_step_and_the_choice() {
    let h = start();
    let id = h.create().await;
    let page = login_page(&h, &format!("{id}&force_account_switch=1")).await;
    let signed_out = page
        .find("Step 1: signed out.</p>")
        .expect("a sign-out step");
    assert!(signed_out < page.find("<button").unwrap(), "{page}");
    assert_eq!(page.matches("<button type=\"submit\"").count(), 3);
    let without = login_page(&h, &id).await;
    assert!(!without.contains("signed out"), "{without}");
}

#[tokio::test]
async fn login_page_for_a_missing_unknown_or_expired_session_says_so() {
    let h = start_with(Config {
        ttl: Duration::from_millis(200),
        ..Config::default()
    });
    let id = h.create().await;
    tokio::time::sleep(Duration::from_millis(350)).await;
    for (query, status, says) in [
        ("", 400, "incomplete"),
        ("session=", 400, "incomplete"),
        ("session=session_1_nope", 404, "not valid"),
        (&format!("session={id}") as &str, 410, "expired"),
    ] {
        let answer = h.send("GET", &format!("/login?{query}"), None).await;
        assert_eq!(answer.status, status, "for {query:?}");
        assert_eq!(answer.header("content-type"), Some(HTML));
        assert!(answer.body.contains(says), "for {query:?}: {}", answer.body);
        assert!(
            !answer.body.contains("<button"),
            "no sign-in offered for {query:?}"
        );
    }
    assert_eq!(
        h.poll(&id).await.status,
        410,
        "viewing the page deleted nothing"
    );
}

#[tokio::test]
async fn auth_callback_for_an_unknown_session_is_a_404_page() {
    let h = start();
    let answer = h
        .send("GET", "/auth-callback?session=session_1_nope&uid=u", None)
        .await;
    assert_eq!(answer.status, 404);
    assert!(answer.body.contains("not valid"), "{}", answer.body);
    let missing = h.send("GET", "/auth-callback?session=x", None).await;
    assert_eq!(missing.status, 400);
}

#[tokio::test]
async fn pages_escape_what_they_show() {
    let h = start();
    let id = h.create().await;
    let name = form_encode("<b>Mallory</b> & \"co\"");
    let answer = h
        .send(
            "GET",
            &format!("/auth-callback?session={id}&uid=u&name={name}"),
            None,
        )
        .await;
    assert_eq!(answer.status, 200);
    assert!(
        answer
            .body
            .contains("Signed in as &lt;b&gt;Mallory&lt;/b&gt; &amp; &quot;co&quot;"),
        "{}",
        answer.body
    );
    assert_eq!(
        h.poll(&id).await.json()["user"]["name"],
        "<b>Mallory</b> & \"co\""
    );
}

#[tokio::test]
async fn auto_approve_completes_each_new_session_with_the_google_identity() {
    let h = start_with(Config {
        auto_approve: Some(Duration::from_millis(150)),
        ..Config::default()
    });
    let id = h.create().await;
    assert_eq!(h.poll(&id).await.json()["status"], "pending");
    tokio::time::sleep(Duration::from_millis(400)).await;
    let answer = h.poll(&id).await.json();
    assert_eq!(answer["status"], "completed");
    assert_eq!(answer["user"]["uid"], Identity::google().uid);
    assert_eq!(answer["user"]["plan"], "pro");
}

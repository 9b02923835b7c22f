use std::time::Duration;

use nova_devserver::{Config, Identity};
use serde_json::json;

use crate::common::{Answer, Harness, start, start_with, user_json};

fn short_ttl(ttl: Duration) -> Config {
    Config {
        ttl,
        ..Config::default()
    }
}

/// Checks the one answer an expired session gets, and that it deleted the session.
fn assert_expired(h: &Harness, answer: &Answer) {
    assert_eq!(
        answer.status_and_body(),
        (410, r#"{"error":"Session expired"}"#)
    );
    assert!(
        h.server.session_ids().is_empty(),
        "an expired session is deleted"
    );
}

#[tokio::test]
async fn create_session_answers_a_production_shaped_id_and_a_login_url_on_this_server() {
    let h = start();
    let answer = h.create_answer().await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let id = answer.json()["sessionId"].as_str().unwrap().to_owned();
    assert_eq!(
        answer.body,
        format!(
            r#"{{"sessionId":"{id}","loginUrl":"{}/login?session={id}"}}"#,
            h.base
        ),
        "compact JSON, sessionId first"
    );
    // The id is the store's own, whose production shape the store's unit test checks.
    assert!(id.starts_with("session_"), "{id}");
    assert_eq!(h.server.session_ids(), vec![id]);
}

#[tokio::test]
async fn create_session_reads_no_body() {
    let h = start();
    for body in ["not json", r#"{"sessionId":"mine"}"#] {
        let answer = h.send("POST", "/api/auth/create-session", Some(body)).await;
        assert_eq!(answer.status, 200, "for {body:?}");
        assert_ne!(answer.json()["sessionId"], "mine");
    }
}

#[tokio::test]
async fn session_ids_are_not_repeated() {
    let h = start();
    let mut ids = Vec::new();
    for _ in 0..20 {
        ids.push(h.create().await);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20);
}

#[tokio::test]
async fn public_url_option_sets_where_the_login_url_points() {
    let h = start_with(Config {
        public_url: Some("https://nova-ai.work/".into()),
        ..Config::default()
    });
    let answer = h.create_answer().await.json();
    let id = answer["sessionId"].as_str().unwrap();
    assert_eq!(
        answer["loginUrl"],
        format!("https://nova-ai.work/login?session={id}")
    );
}

#[tokio::test]
async fn new_session_is_pending_until_completed_then_delivered_once_then_gone() {
    let h = start();
    let id = h.create().await;
    let pending = h.poll(&id).await;
    assert_eq!(pending.status, 200);
    assert_eq!(pending.header("content-type"), Some("application/json"));
    assert_eq!(
        pending.body,
        r#"{"status":"pending","message":"Waiting for user to complete login"}"#
    );
    assert_eq!(
        h.poll(&id).await.status,
        200,
        "polling a pending session keeps it"
    );

    assert!(h.server.complete(&id, &Identity::naver()));
    let completed = h.poll(&id).await;
    assert_eq!(completed.status, 200);
    assert_eq!(
        completed.body,
        r#"{"status":"completed","user":{"uid":"dev-naver-7b2e10","email":"minji.kim@example.com","name":"김민지","photoUrl":null,"tier":"plus","plan":"plus"}}"#
    );

    let after = h.poll(&id).await;
    assert_eq!(
        after.status_and_body(),
        (404, r#"{"error":"Session not found"}"#)
    );
    assert!(h.server.session_ids().is_empty());
}

#[tokio::test]
async fn get_session_without_a_session_parameter_is_400() {
    let h = start();
    for query in [
        "",
        "session=",
        "session",
        "Session=abc",
        "other=1&session=&session=x",
    ] {
        let answer = h.get(query).await;
        assert_eq!(
            answer.status_and_body(),
            (400, r#"{"error":"Session ID required"}"#),
            "for query {query:?}"
        );
    }
    let bare = h.send("GET", "/api/auth/get-session", None).await;
    assert_eq!(bare.status, 400);
}

#[tokio::test]
async fn first_session_parameter_wins() {
    let h = start();
    let id = h.create().await;
    assert_eq!(
        h.get(&format!("session={id}&session=bogus")).await.status,
        200
    );
    assert_eq!(
        h.get(&format!("session=bogus&session={id}")).await.status,
        404
    );
}

#[tokio::test]
async fn unknown_session_is_404() {
    let h = start();
    let answer = h.poll("session_1_abcdefghijklm").await;
    assert_eq!(
        answer.status_and_body(),
        (404, r#"{"error":"Session not found"}"#)
    );
}

#[tokio::test]
async fn session_id_that_is_no_storage_path_is_500_and_outer_slashes_are_ignored() {
    let h = start();
    for bad in ["a/b", "a//b", "a%2Fb", "/"] {
        let answer = h.poll(bad).await;
        assert_eq!(
            answer.status_and_body(),
            (500, r#"{"error":"Failed to get session"}"#),
            "for id {bad:?}"
        );
    }
    let id = h.create().await;
    let answer = h.poll(&format!("/{id}/")).await;
    assert_eq!(
        answer.status, 200,
        "outer slashes find the session: {}",
        answer.body
    );
    assert_eq!(answer.json()["status"], "pending");
}

#[tokio::test]
async fn expired_session_answers_410_once_then_404() {
    let h = start_with(short_ttl(Duration::from_millis(200)));
    let id = h.create().await;
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_expired(&h, &h.poll(&id).await);
    assert_eq!(h.poll(&id).await.status, 404);
}

#[tokio::test]
async fn completed_session_that_nobody_polls_in_time_expires() {
    let h = start_with(short_ttl(Duration::from_millis(200)));
    let id = h.create().await;
    assert!(h.server.complete(&id, &Identity::google()));
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(h.poll(&id).await.status, 410);
}

#[tokio::test]
async fn head_request_consumes_a_completed_session_without_a_body() {
    let h = start();
    let id = h.create().await;
    assert!(h.server.complete(&id, &Identity::google()));
    let head = h
        .send("HEAD", &format!("/api/auth/get-session?session={id}"), None)
        .await;
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    assert_eq!(
        h.poll(&id).await.status,
        404,
        "the HEAD request used the sign-in up"
    );
}

#[tokio::test]
async fn complete_session_stores_the_user_and_answers_success() {
    let h = start();
    let id = h.create().await;
    let body = json!({
        "sessionId": id, "uid": "u-1", "name": "Grace", "email": "grace@example.com",
        "photoUrl": "https://example.com/g.png", "tier": "free", "plan": "pro",
    });
    let answer = h.complete_over_http(&body.to_string()).await;
    assert_eq!(answer.status_and_body(), (200, r#"{"success":true}"#));
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(
        h.poll(&id).await.body,
        r#"{"status":"completed","user":{"uid":"u-1","email":"grace@example.com","name":"Grace","photoUrl":"https://example.com/g.png","tier":"pro","plan":"pro"}}"#
    );
}

#[tokio::test]
async fn complete_session_without_session_id_or_uid_is_400() {
    let h = start();
    let id = h.create().await;
    let bodies = [
        json!({ "uid": "u" }),
        json!({ "sessionId": id }),
        json!({ "sessionId": "", "uid": "u" }),
        json!({ "sessionId": id, "uid": "" }),
        json!({ "sessionId": id, "uid": 0 }),
        json!({ "sessionId": id, "uid": false }),
        json!({ "sessionId": null, "uid": "u" }),
        json!([]),
        json!(1),
        json!("text"),
    ];
    for body in bodies {
        let answer = h.complete_over_http(&body.to_string()).await;
        assert_eq!(
            answer.status_and_body(),
            (400, r#"{"error":"Session ID and user ID required"}"#),
            "for body {body}"
        );
    }
    assert_eq!(h.poll(&id).await.json()["status"], "pending");
}

#[tokio::test]
async fn complete_session_with_malformed_or_empty_body_is_500() {
    let h = start();
    for body in ["", "{", "{\"sessionId\":", "null", "not json"] {
        let answer = h.complete_over_http(body).await;
        assert_eq!(
            answer.status_and_body(),
            (500, r#"{"error":"Failed to complete session"}"#),
            "for body {body:?}"
        );
    }
}

#[tokio::test]
async fn complete_session_for_an_unknown_session_is_404_and_for_an_expired_one_410() {
    let h = start_with(short_ttl(Duration::from_millis(200)));
    let unknown = h
        .complete_over_http(r#"{"sessionId":"session_1_nope","uid":"u"}"#)
        .await;
    assert_eq!(
        unknown.status_and_body(),
        (404, r#"{"error":"Session not found"}"#)
    );
    let bad_path = h
        .complete_over_http(r#"{"sessionId":"a/b","uid":"u"}"#)
        .await;
    assert_eq!(bad_path.status, 500);

    let id = h.create().await;
    tokio::time::sleep(Duration::from_millis(350)).await;
    let body = json!({ "sessionId": id, "uid": "u" }).to_string();
    assert_expired(&h, &h.complete_over_http(&body).await);
    assert_eq!(h.complete_over_http(&body).await.status, 404);
}

#[tokio::test]
async fn complete_session_maps_the_plan_and_sets_tier_to_it() {
    let h = start();
    let cases = [
        (json!({ "plan": "standard" }), "plus"),
        (json!({ "plan": "ultra" }), "pro"),
        (json!({ "plan": "  PRO " }), "pro"),
        (json!({ "plan": "Go" }), "go"),
        (json!({ "plan": "test" }), "test"),
        (json!({ "plan": "plus" }), "plus"),
        (json!({ "plan": "enterprise" }), "free"),
        (json!({}), "free"),
        (json!({ "tier": "ultra" }), "pro"),
        (json!({ "plan": "", "tier": "standard" }), "plus"),
        (json!({ "plan": null, "tier": "go" }), "go"),
        (json!({ "plan": "free", "tier": "pro" }), "free"),
    ];
    for (fields, plan) in cases {
        assert_eq!(completed_plan(&h, &fields).await, plan, "for {fields}");
    }
}

#[tokio::test]
async fn complete_session_turns_falsy_name_email_and_photo_into_null() {
    let h = start();
    let id = h.create().await;
    let body = json!({ "sessionId": id, "uid": "u", "name": "", "email": false, "photoUrl": 0 });
    assert_eq!(h.complete_over_http(&body.to_string()).await.status, 200);
    let user = h.user(&id).await;
    assert_eq!(
        user,
        json!({ "uid": "u", "email": null, "name": null, "photoUrl": null, "tier": "free", "plan": "free" })
    );
}

#[tokio::test]
async fn completing_again_overwrites_until_polled() {
    let h = start();
    let id = h.create().await;
    assert!(h.server.complete(&id, &Identity::google()));
    let body = json!({ "sessionId": id, "uid": "second" }).to_string();
    assert_eq!(h.complete_over_http(&body).await.status, 200);
    assert_eq!(h.poll(&id).await.json()["user"]["uid"], "second");
    assert_eq!(
        h.complete_over_http(&body).await.status,
        404,
        "polled sessions are gone"
    );
}

#[tokio::test]
async fn complete_from_rust_refuses_unknown_and_expired_sessions() {
    let h = start_with(short_ttl(Duration::from_millis(200)));
    assert!(!h.server.complete("session_1_nope", &Identity::kakao()));
    let id = h.create().await;
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert!(!h.server.complete(&id, &Identity::kakao()));
    assert!(h.server.session_ids().is_empty());
}

#[tokio::test]
async fn test_identities_arrive_as_declared() {
    let h = start();
    for identity in [Identity::google(), Identity::naver(), Identity::kakao()] {
        let id = h.create().await;
        assert!(h.server.complete(&id, &identity));
        assert_eq!(h.user(&id).await, user_json(&identity));
    }
}

#[tokio::test]
async fn complete_session_drops_up_to_two_byte_order_marks_before_reading_the_body() {
    let h = start();
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    for (marks, status) in [(1, 200), (2, 200), (3, 500)] {
        let id = h.create().await;
        let mut body = BOM.repeat(marks);
        body.extend_from_slice(
            json!({ "sessionId": id, "uid": "u" })
                .to_string()
                .as_bytes(),
        );
        let answer = h
            .send_bytes("POST", "/api/auth/complete-session", Some(body))
            .await;
        assert_eq!(answer.status, status, "for {marks} marks: {}", answer.body);
        let expected = if status == 200 {
            "completed"
        } else {
            "pending"
        };
        assert_eq!(
            h.poll(&id).await.json()["status"],
            expected,
            "for {marks} marks"
        );
    }
}

#[tokio::test]
async fn complete_session_reads_invalid_utf8_as_replacement_characters() {
    let h = start();
    let id = h.create().await;
    let mut body = format!(r#"{{"sessionId":"{id}","uid":"u","name":"Ada "#).into_bytes();
    // A byte that never starts a character, and a character cut short by the quote.
    body.extend_from_slice(b"\xFF\xC3\"}");
    let answer = h
        .send_bytes("POST", "/api/auth/complete-session", Some(body))
        .await;
    assert_eq!(answer.status_and_body(), (200, r#"{"success":true}"#));
    assert_eq!(h.user(&id).await["name"], "Ada \u{FFFD}\u{FFFD}");
}

#[tokio::test]
async fn complete_session_takes_a_plan_of_another_type_as_free() {
    let h = start();
    let cases = [
        (json!({ "plan": 5, "tier": "pro" }), "free"),
        (json!({ "plan": true }), "free"),
        (json!({ "plan": { "name": "pro" } }), "free"),
        (json!({ "plan": ["pro"] }), "free"),
        (json!({ "plan": 0, "tier": "pro" }), "pro"),
        (json!({ "plan": "", "tier": 7 }), "free"),
    ];
    for (fields, plan) in cases {
        assert_eq!(completed_plan(&h, &fields).await, plan, "for {fields}");
    }
}

#[tokio::test]
async fn complete_session_trims_the_plan_of_javascript_white_space() {
    let h = start();
    let cases = [
        ("\u{A0}PRO\u{FEFF}", "pro"),
        ("\u{FEFF}standard", "plus"),
        ("\u{2028}\t Ultra\u{3000}\r\n", "pro"),
        ("\u{B}\u{C}go\u{205F}", "go"),
        // NEXT LINE is white space to Unicode but not to JavaScript.
        ("\u{85}pro", "free"),
        ("p ro", "free"),
    ];
    for (requested, plan) in cases {
        let fields = json!({ "plan": requested });
        assert_eq!(completed_plan(&h, &fields).await, plan, "for {requested:?}");
    }
}

/// Completes a new session with `fields` and returns the plan it was stored with.
async fn completed_plan(h: &Harness, fields: &serde_json::Value) -> String {
    let id = h.create().await;
    let mut body = fields.clone();
    body["sessionId"] = json!(id);
    body["uid"] = json!("u");
    let answer = h.complete_over_http(&body.to_string()).await;
    assert_eq!(answer.status, 200, "for {fields}: {}", answer.body);
    let user = h.user(&id).await;
    assert_eq!(user["tier"], user["plan"], "for {fields}");
    user["plan"].as_str().unwrap().to_owned()
}

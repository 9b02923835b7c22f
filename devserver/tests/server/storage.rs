//! Production keeps sessions in Firestore, as `oauth_sessions/<id>`: its rules for document
//! paths and field values show through the API.

use serde_json::{Value, json};

use crate::common::{Answer, Harness, start};

const GET_FAILED: (u16, &str) = (500, r#"{"error":"Failed to get session"}"#);
const COMPLETE_FAILED: (u16, &str) = (500, r#"{"error":"Failed to complete session"}"#);
const NOT_FOUND: (u16, &str) = (404, r#"{"error":"Session not found"}"#);

/// A JSON value `levels` levels deep: containers, arrays and objects in turn, around a
/// string.
fn nested(levels: usize) -> Value {
    (1..levels).fold(json!("leaf"), |inner, level| {
        if level % 2 == 0 {
            json!([inner])
        } else {
            json!({ "k": inner })
        }
    })
}

/// `levels` arrays, one inside the other.
fn nested_arrays(levels: usize) -> Value {
    (1..levels).fold(json!([]), |inner, _| json!([inner]))
}

async fn complete(h: &Harness, body: &Value) -> Answer {
    h.complete_over_http(&body.to_string()).await
}

/// Checks what polling and completing the session `id` answer.
async fn assert_id_answers(h: &Harness, id: &str, poll: (u16, &str), completion: (u16, &str)) {
    assert_eq!(h.poll(id).await.status_and_body(), poll, "poll of {id:?}");
    let body = json!({ "sessionId": id, "uid": "u" });
    let answer = complete(h, &body).await;
    assert_eq!(answer.status_and_body(), completion, "completion of {id:?}");
}

#[tokio::test]
async fn an_id_with_an_odd_number_of_segments_is_a_document_that_does_not_exist() {
    let h = start();
    let id = h.create().await;
    for path in ["a/b/c", "/a/b/c/", &format!("{id}/x/{id}"), "a/b/c/d/e"] {
        assert_id_answers(&h, path, NOT_FOUND, NOT_FOUND).await;
    }
    assert_eq!(h.poll(&id).await.json()["status"], "pending");
}

#[tokio::test]
async fn an_id_with_an_even_number_of_segments_or_an_empty_one_is_no_document_path() {
    let h = start();
    let id = h.create().await;
    for path in [
        "a/b",
        "/a/b/",
        "a/b/c/d",
        "a//b",
        &format!("//{id}"),
        &format!("{id}//"),
        "/",
        "//",
    ] {
        assert_id_answers(&h, path, GET_FAILED, COMPLETE_FAILED).await;
    }
    assert_eq!(h.poll(&format!("/{id}/")).await.json()["status"], "pending");
}

#[tokio::test]
async fn fields_of_any_json_type_are_stored_as_sent_and_numbers_written_as_javascript_does() {
    let h = start();
    let id = h.create().await;
    let body = format!(
        r#"{{"sessionId":"{id}","uid":42500.0,"name":{{"first":"Ada","n":[1e21,-0,0.5,12345678901234567890]}},"email":["a@example.com",null],"photoUrl":true,"plan":"pro"}}"#
    );
    let answer = h.complete_over_http(&body).await;
    assert_eq!(answer.status_and_body(), (200, r#"{"success":true}"#));
    assert_eq!(
        h.poll(&id).await.body,
        r#"{"status":"completed","user":{"uid":42500,"email":["a@example.com",null],"name":{"first":"Ada","n":[1e+21,0,0.5,12345678901234567000]},"photoUrl":true,"tier":"pro","plan":"pro"}}"#
    );
}

#[tokio::test]
async fn a_field_twenty_levels_deep_is_stored() {
    let h = start();
    for value in [nested(20), nested_arrays(20)] {
        let id = h.create().await;
        let body = json!({ "sessionId": id, "uid": "u", "name": value });
        assert_eq!(complete(&h, &body).await.status, 200, "for {value}");
        assert_eq!(h.user(&id).await["name"], value);
    }
}

#[tokio::test]
async fn a_field_deeper_than_twenty_levels_or_with_an_empty_key_is_refused_and_nothing_stored() {
    let h = start();
    let id = h.create().await;
    let refused = [
        ("uid", nested(21)),
        ("name", nested(21)),
        ("email", nested_arrays(21)),
        ("photoUrl", nested(30)),
        ("name", json!({ "": "x" })),
        ("uid", json!([{ "a": { "": 1 } }])),
    ];
    for (field, value) in refused {
        let mut body = json!({ "sessionId": id, "uid": "u" });
        body[field] = value.clone();
        assert_eq!(
            complete(&h, &body).await.status_and_body(),
            COMPLETE_FAILED,
            "for {field}: {value}"
        );
    }
    assert_eq!(
        h.poll(&id).await.json()["status"],
        "pending",
        "nothing was stored"
    );
}

#[tokio::test]
async fn a_refused_completion_leaves_the_last_one_in_place() {
    let h = start();
    let id = h.create().await;
    let first = json!({ "sessionId": id, "uid": "first" });
    assert_eq!(complete(&h, &first).await.status, 200);
    let refused = json!({ "sessionId": id, "uid": "second", "name": nested(21) });
    assert_eq!(complete(&h, &refused).await.status, 500);
    assert_eq!(h.user(&id).await["uid"], "first");
}

#[tokio::test]
async fn the_session_is_looked_up_before_the_fields_are_checked() {
    let h = start();
    let body = json!({ "sessionId": "session_1_nope", "uid": "u", "name": nested(21) });
    assert_eq!(complete(&h, &body).await.status_and_body(), NOT_FOUND);
}

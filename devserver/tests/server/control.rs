use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::{raw_exchange, start};

#[tokio::test]
async fn dev_faults_queue_answers_over_http() {
    let h = start();
    let id = h.create().await;
    let fault = json!({
        "route": "get-session", "status": 429, "headers": { "Retry-After": "1" },
        "body": "slow down", "count": 2,
    });
    let queued = h
        .send("POST", "/_dev/faults", Some(&fault.to_string()))
        .await;
    assert_eq!(queued.status_and_body(), (200, r#"{"queued":2}"#));
    for _ in 0..2 {
        let answer = h.poll(&id).await;
        assert_eq!(answer.status_and_body(), (429, "slow down"));
        assert_eq!(answer.header("retry-after"), Some("1"));
    }
    assert_eq!(h.poll(&id).await.status, 200);
}

#[tokio::test]
async fn dev_faults_take_delays_and_closes_in_a_list() {
    let h = start();
    let faults = json!([
        { "route": "create-session", "close": true },
        { "route": "create-session", "delay_ms": 300 },
        { "route": "create-session", "delay_ms": 200, "status": 500, "body": "late" },
    ]);
    let queued = h
        .send("POST", "/_dev/faults", Some(&faults.to_string()))
        .await;
    assert_eq!(queued.body, r#"{"queued":3}"#);

    let request = "POST /api/auth/create-session HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
    assert!(
        raw_exchange(&h.base, request).is_empty(),
        "closed without an answer"
    );
    let started = Instant::now();
    assert_eq!(h.create_answer().await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    let late = h.create_answer().await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(late.status_and_body(), (500, "late"));
}

#[tokio::test]
async fn dev_faults_refuse_a_bad_request_and_queue_none_of_it() {
    let h = start();
    for body in [
        "not json".to_owned(),
        json!({ "route": "complete-session", "status": 500 }).to_string(),
        json!({ "route": "get-session", "status": 500, "delay": 5 }).to_string(),
        json!({ "route": "get-session" }).to_string(),
        json!({ "route": "get-session", "status": 5000 }).to_string(),
        json!({ "route": "get-session", "status": 200, "headers": { "Bad Name": "x" } })
            .to_string(),
        json!({ "route": "get-session", "close": true, "status": 500 }).to_string(),
        json!({ "route": "get-session", "status": 500, "count": 0 }).to_string(),
        json!([{ "route": "get-session", "status": 500 }, { "route": "nowhere" }]).to_string(),
    ] {
        let answer = h.send("POST", "/_dev/faults", Some(&body)).await;
        assert_eq!(answer.status, 400, "for {body}");
        assert!(
            answer.json()["error"].is_string(),
            "for {body}: {}",
            answer.body
        );
    }
    assert_eq!(h.poll("x").await.status, 404, "no fault was queued");
}

#[tokio::test]
async fn dev_stats_and_sessions_report_counters_and_stored_ids() {
    let h = start();
    let first = h.create().await;
    let second = h.create().await;
    h.poll(&first).await;
    let stats = h.send("GET", "/_dev/stats", None).await;
    assert_eq!(stats.header("content-type"), Some("application/json"));
    assert_eq!(
        stats.body,
        r#"{"create_requests":2,"get_requests":1,"connections":1}"#
    );
    let sessions = h.send("GET", "/_dev/sessions", None).await.json();
    let mut expected = vec![first, second];
    expected.sort();
    assert_eq!(sessions, json!(expected));
}

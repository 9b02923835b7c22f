use std::time::{Duration, Instant};

use nova_devserver::{Fault, Identity, Route, Stats};

use crate::common::{raw_exchange, start};

#[tokio::test]
async fn respond_fault_replaces_the_next_answer_only() {
    let h = start();
    h.server.push_fault(
        Route::CreateSession,
        Fault::Respond {
            status: 500,
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: b"<html>Internal Server Error</html>".to_vec(),
            delay: None,
        },
    );
    let faulted = h.create_answer().await;
    assert_eq!(faulted.status, 500);
    assert_eq!(faulted.header("content-type"), Some("text/html"));
    assert_eq!(faulted.body, "<html>Internal Server Error</html>");
    assert!(
        h.server.session_ids().is_empty(),
        "a faulted create stores nothing"
    );
    assert_eq!(
        h.create_answer().await.status,
        200,
        "only one request was faulted"
    );
}

#[tokio::test]
async fn too_many_requests_carries_retry_after_in_seconds_or_as_a_date() {
    let h = start();
    let id = h.create().await;
    let date = "Wed, 21 Oct 2037 07:28:00 GMT";
    h.server
        .push_fault(Route::GetSession, Fault::too_many_requests("2"));
    h.server
        .push_fault(Route::GetSession, Fault::too_many_requests(date));
    let first = h.poll(&id).await;
    assert_eq!(
        (first.status, first.header("retry-after")),
        (429, Some("2"))
    );
    let second = h.poll(&id).await;
    assert_eq!(
        (second.status, second.header("retry-after")),
        (429, Some(date))
    );
    assert_eq!(h.poll(&id).await.status, 200);
}

#[tokio::test]
async fn malformed_and_huge_bodies_are_sent_as_given() {
    let h = start();
    let id = h.create().await;
    let huge = vec![b'x'; 8 * 1024 * 1024];
    h.server
        .push_fault(Route::GetSession, Fault::status(200, "{\"status\":"));
    h.server
        .push_fault(Route::GetSession, Fault::status(200, huge.clone()));
    let malformed = h.poll(&id).await;
    assert_eq!(malformed.status_and_body(), (200, "{\"status\":"));
    let big = h.poll(&id).await;
    assert_eq!(big.status, 200);
    assert_eq!(big.body.len(), huge.len());
}

#[tokio::test]
async fn delay_fault_answers_normally_later_without_holding_up_other_requests() {
    let h = start();
    let id = h.create().await;
    h.server
        .push_fault(Route::GetSession, Fault::Delay(Duration::from_millis(600)));
    let started = Instant::now();
    let (slow, quick) = tokio::join!(h.poll(&id), async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let answer = h.create_answer().await;
        (answer.status, started.elapsed())
    });
    assert!(started.elapsed() >= Duration::from_millis(600));
    assert_eq!(
        slow.json()["status"],
        "pending",
        "a delayed request still answers"
    );
    assert_eq!(quick.0, 200);
    assert!(
        quick.1 < Duration::from_millis(500),
        "another request waited {:?} behind the delay",
        quick.1
    );
}

#[tokio::test]
async fn respond_fault_with_a_delay_waits_then_sends_its_answer() {
    let h = start();
    h.server.push_fault(
        Route::CreateSession,
        Fault::Respond {
            status: 503,
            headers: vec![("Retry-After".into(), "1".into())],
            body: b"busy".to_vec(),
            delay: Some(Duration::from_millis(300)),
        },
    );
    let started = Instant::now();
    let answer = h.create_answer().await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(answer.status_and_body(), (503, "busy"));
    assert_eq!(answer.header("retry-after"), Some("1"));
}

#[tokio::test]
async fn close_connection_fault_drops_the_connection_without_an_answer() {
    let h = start();
    h.server
        .push_fault(Route::CreateSession, Fault::CloseConnection);
    let received = raw_exchange(
        &h.base,
        "POST /api/auth/create-session HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n",
    );
    assert!(
        received.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&received)
    );
    assert!(h.server.session_ids().is_empty());

    h.server
        .push_fault(Route::GetSession, Fault::CloseConnection);
    let error = h
        .client
        .get(format!("{}/api/auth/get-session?session=x", h.base))
        .send()
        .await
        .expect_err("no answer comes");
    assert!(
        !error.is_timeout(),
        "the connection closed at once: {error}"
    );
}

#[tokio::test]
async fn faults_queue_first_in_first_out_per_route() {
    let h = start();
    let id = h.create().await;
    h.server
        .push_fault(Route::GetSession, Fault::status(500, "one"));
    h.server
        .push_fault(Route::GetSession, Fault::status(502, "two"));
    assert_eq!(
        h.create_answer().await.status,
        200,
        "another route is not faulted"
    );
    assert_eq!(h.poll(&id).await.status, 500);
    assert_eq!(h.poll(&id).await.status, 502);
    assert_eq!(h.poll(&id).await.status, 200);
}

#[test]
#[should_panic(expected = "cannot queue this fault")]
fn a_fault_http_cannot_send_is_refused_when_queued() {
    let server = nova_devserver::DevServer::spawn(Default::default()).unwrap();
    server.push_fault(
        Route::GetSession,
        Fault::Respond {
            status: 200,
            headers: vec![("Bad Name".into(), "x".into())],
            body: Vec::new(),
            delay: None,
        },
    );
}

#[tokio::test]
async fn counters_count_requests_to_each_route_faulted_ones_included() {
    let h = start();
    assert_eq!(h.server.stats(), Stats::default());
    h.server
        .push_fault(Route::GetSession, Fault::status(503, ""));
    let id = h.create().await;
    h.create().await;
    for _ in 0..3 {
        h.poll(&id).await;
    }
    h.send("HEAD", &format!("/api/auth/get-session?session={id}"), None)
        .await;
    h.send("GET", "/_dev/stats", None).await;
    let stats = h.server.stats();
    assert_eq!(
        (stats.create_requests, stats.get_requests),
        (2, 4),
        "{stats:?}"
    );
}

#[tokio::test]
async fn one_kept_alive_connection_serves_every_request_of_a_login() {
    let h = start();
    let id = h.create().await;
    for _ in 0..5 {
        assert_eq!(h.poll(&id).await.status, 200);
    }
    assert!(h.server.complete(&id, &Identity::kakao()));
    assert_eq!(h.poll(&id).await.json()["status"], "completed");
    assert_eq!(
        h.server.stats(),
        Stats {
            create_requests: 1,
            get_requests: 6,
            connections: 1
        }
    );

    let fresh = reqwest::Client::new();
    fresh
        .get(format!("{}/api/auth/get-session?session=x", h.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        h.server.stats().connections,
        2,
        "a second client opens its own"
    );
}

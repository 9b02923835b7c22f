//! Every class of server answer, served for real by the dev server's fault plan.

mod common;

use common::{completed, eventually, failed, options, server, session_id};
use nova_auth::{Error, Login};
use nova_devserver::{Fault, Identity, Route};
use std::time::{Duration, Instant};

fn create_fails_with(fault: Fault) -> Error {
    let server = server();
    server.push_fault(Route::CreateSession, fault);
    let login = Login::start(&options(&server)).unwrap();
    let error = failed(&login);
    assert_eq!(login.url(), None);
    assert_eq!(server.stats().get_requests, 0);
    error
}

fn get_session_ends_with(fault: Fault) -> Error {
    let server = server();
    server.push_fault(Route::GetSession, fault);
    failed(&Login::start(&options(&server)).unwrap())
}

fn assert_message(error: &Error, expected: &str) {
    assert!(
        error.message().contains(expected),
        "expected {expected:?} in {:?}",
        error.message()
    );
}

#[test]
fn create_session_http_error_is_a_server_error_naming_the_status() {
    let error = create_fails_with(Fault::status(
        500,
        r#"{"error":"Failed to create session"}"#,
    ));
    assert!(matches!(error, Error::Server(_)), "{error:?}");
    assert_message(&error, "HTTP 500 (Failed to create session)");
}

#[test]
fn create_session_malformed_answers_are_server_errors() {
    for (body, expected) in [
        ("<html>oops</html>", "not a JSON object"),
        (r#"{"loginUrl":"http://127.0.0.1/login"}"#, "sessionId"),
        (
            r#"{"sessionId":"","loginUrl":"http://127.0.0.1/login"}"#,
            "sessionId",
        ),
        (r#"{"sessionId":"s","loginUrl":7}"#, "loginUrl"),
    ] {
        let error = create_fails_with(Fault::status(200, body));
        assert!(matches!(error, Error::Server(_)), "{body}: {error:?}");
        assert_message(&error, expected);
    }
}

#[test]
fn create_session_answer_over_one_mebibyte_is_a_server_error() {
    let body = format!(
        r#"{{"sessionId":"s","loginUrl":"http://127.0.0.1/","pad":"{}"}}"#,
        "x".repeat(1 << 20)
    );
    let error = create_fails_with(Fault::status(200, body));
    assert!(matches!(error, Error::Server(_)), "{error:?}");
    assert_message(&error, "larger than 1 MiB");
}

#[test]
fn create_session_without_an_answer_is_a_network_error() {
    let error = create_fails_with(Fault::CloseConnection);
    assert!(matches!(error, Error::Network(_)), "{error:?}");
}

#[test]
fn create_session_slower_than_the_request_timeout_is_a_network_error() {
    let server = server();
    server.push_fault(Route::CreateSession, Fault::Delay(Duration::from_secs(5)));
    let mut options = options(&server);
    options.set_request_timeout_ms(200).unwrap();
    let error = failed(&Login::start(&options).unwrap());
    assert!(matches!(error, Error::Network(_)), "{error:?}");
    assert_message(&error, "request timeout of 200 ms");
}

#[test]
fn unreachable_server_is_a_network_error() {
    let base_url = {
        let server = server();
        server.base_url()
    }; // the server is gone: its port now refuses connections
    let mut options = nova_auth::Options::new();
    options.set_base_url(&base_url).unwrap();
    options.set_open_browser(false);
    let error = failed(&Login::start(&options).unwrap());
    assert!(matches!(error, Error::Network(_)), "{error:?}");
    assert!(!error.message().contains("session"), "{error:?}");
}

#[test]
fn path_prefix_of_the_base_url_is_kept() {
    let server = server();
    let mut options = options(&server);
    options
        .set_base_url(&format!("{}/nova/", server.base_url()))
        .unwrap();
    // The dev server serves no prefix, so the login fails; the request log shows the path.
    let error = failed(&Login::start(&options).unwrap());
    assert_message(&error, "HTTP 404");
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/nova/api/auth/create-session"]);
}

#[test]
fn requests_carry_method_accept_and_user_agent() {
    let server = server();
    let mut options = options(&server);
    options.set_user_agent("demo-app/2.0").unwrap();
    let login = Login::start(&options).unwrap();
    let id = session_id(&login);
    eventually("a poll", || server.stats().get_requests >= 1);
    login.cancel();
    let requests = server.requests();
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].target, "/api/auth/create-session");
    assert_eq!(requests[1].method, "GET");
    assert_eq!(
        requests[1].target,
        format!("/api/auth/get-session?session={id}")
    );
    for request in &requests {
        assert_eq!(request.accept.as_deref(), Some("application/json"));
        assert_eq!(request.user_agent.as_deref(), Some("demo-app/2.0"));
    }
}

#[test]
fn default_user_agent_names_the_library_and_its_version() {
    let server = server();
    let login = Login::start(&options(&server)).unwrap();
    session_id(&login);
    let expected = format!("nova-auth/{}", nova_auth::VERSION);
    assert_eq!(
        server.requests()[0].user_agent.as_deref(),
        Some(expected.as_str())
    );
}

#[test]
fn session_id_is_percent_encoded_in_the_poll() {
    let server = server();
    let body = serde_json::json!({
        "sessionId": "id with space&x=é",
        "loginUrl": format!("{}/login?session=anything", server.base_url()),
    });
    server.push_fault(Route::CreateSession, Fault::status(200, body.to_string()));
    let error = failed(&Login::start(&options(&server)).unwrap());
    assert!(
        matches!(error, Error::Expired(_)),
        "the server knows no such id: {error:?}"
    );
    let poll = &server.requests()[1];
    assert_eq!(
        poll.target,
        "/api/auth/get-session?session=id+with+space%26x%3D%C3%A9"
    );
}

#[test]
fn trailing_slash_on_the_base_url_changes_nothing() {
    let server = server();
    let mut options = options(&server);
    options
        .set_base_url(&format!("{}/", server.base_url()))
        .unwrap();
    let login = Login::start(&options).unwrap();
    assert!(server.complete(&session_id(&login), &Identity::google()));
    completed(&login);
}

#[test]
fn insecure_login_urls_are_refused_and_never_shown() {
    for login_url in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,hello",
        "nova-app://callback",
        "http://example.com/login?session=x",
        "https://example.com/log\u{7}in",
        "//example.com/login",
    ] {
        let body =
            serde_json::json!({ "sessionId": "session_1_x", "loginUrl": login_url }).to_string();
        let error = create_fails_with(Fault::status(200, body));
        assert!(
            matches!(error, Error::InsecureUrl(_)),
            "{login_url}: {error:?}"
        );
        assert!(
            !error.message().contains("session_1_x"),
            "{login_url}: {error:?}"
        );
    }
}

#[test]
fn not_found_gone_and_expired_status_end_the_login_as_expired() {
    for fault in [
        Fault::status(404, r#"{"error":"Session not found"}"#),
        Fault::status(410, r#"{"error":"Session expired"}"#),
        Fault::status(200, r#"{"status":"expired"}"#),
    ] {
        let error = get_session_ends_with(fault.clone());
        assert!(matches!(error, Error::Expired(_)), "{fault:?}: {error:?}");
    }
}

#[test]
fn not_found_after_pending_answers_says_the_answer_may_be_lost() {
    let server = server();
    let login = Login::start(&options(&server)).unwrap();
    eventually("a pending answer", || server.stats().get_requests >= 1);
    server.push_fault(
        Route::GetSession,
        Fault::status(404, r#"{"error":"Session not found"}"#),
    );
    let error = failed(&login);
    assert!(matches!(error, Error::Expired(_)));
    assert_message(&error, "lost in transit");
}

#[test]
fn session_past_its_life_ends_the_login_as_expired() {
    let server = nova_devserver::DevServer::spawn(nova_devserver::Config {
        ttl: Duration::from_millis(300),
        ..Default::default()
    })
    .unwrap();
    let error = failed(&Login::start(&options(&server)).unwrap());
    assert!(matches!(error, Error::Expired(_)), "{error:?}");
    assert_message(&error, "HTTP 410");
}

#[test]
fn bad_request_is_a_server_error_that_does_not_quote_the_server() {
    let echo = r#"{"error":"bad session session_123_secret"}"#;
    let error = get_session_ends_with(Fault::status(400, echo));
    assert!(matches!(error, Error::Server(_)), "{error:?}");
    assert_message(&error, "HTTP 400");
    assert!(!error.message().contains("secret"), "{error:?}");
}

#[test]
fn completed_answer_with_a_malformed_user_is_a_server_error() {
    for body in [
        r#"{"status":"completed"}"#,
        r#"{"status":"completed","user":{"uid":""}}"#,
        r#"{"status":"completed","user":{"uid":"u","email":42}}"#,
        r#"{"status":"completed","user":{"uid":"a\u0000b"}}"#,
    ] {
        let error = get_session_ends_with(Fault::status(200, body));
        assert!(matches!(error, Error::Server(_)), "{body}: {error:?}");
    }
}

#[test]
fn completed_user_with_absent_fields_and_extra_fields() {
    let server = server();
    server.push_fault(
        Route::GetSession,
        Fault::status(200, r#"{"status":"completed","user":{"plan":"go","uid":"u-1","name":null,"extra":{"a":[1,2]}}}"#),
    );
    let user = completed(&Login::start(&options(&server)).unwrap());
    assert_eq!(user.uid, "u-1");
    assert_eq!(
        (user.email, user.name, user.photo_url, user.tier),
        (None, None, None, None)
    );
    assert_eq!(
        user.raw_json,
        r#"{"plan":"go","uid":"u-1","name":null,"extra":{"a":[1,2]}}"#
    );
}

/// Queues `faults` on get-session, completes the session at once, and returns how long the
/// login took: the faults' waits show in it.
fn time_to_complete_after(faults: Vec<Fault>) -> Duration {
    let server = server();
    for fault in faults {
        server.push_fault(Route::GetSession, fault);
    }
    let started = Instant::now();
    let login = Login::start(&options(&server)).unwrap();
    assert!(server.complete(&session_id(&login), &Identity::google()));
    completed(&login);
    started.elapsed()
}

#[test]
fn transient_answers_keep_polling_until_the_login_completes() {
    let faults = vec![
        Fault::status(500, r#"{"error":"Failed to get session"}"#),
        Fault::status(502, "<html>bad gateway</html>"),
        Fault::status(200, "not json"),
        Fault::status(200, r#"{"status":"thinking"}"#),
        Fault::CloseConnection,
    ];
    time_to_complete_after(faults);
}

#[test]
fn retry_after_in_seconds_is_obeyed() {
    let took = time_to_complete_after(vec![Fault::too_many_requests("1")]);
    assert!(took >= Duration::from_millis(1_000), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

/// Answers the first poll with a 429 whose `Retry-After` is the date 3 s from now, written
/// by `write` from its IMF-fixdate form, and checks that the login waited for it.
fn retry_after_date_is_obeyed(write: impl Fn(&str) -> String) {
    let at = std::time::SystemTime::now() + Duration::from_secs(3);
    let date = write(&httpdate::fmt_http_date(at));
    let took = time_to_complete_after(vec![Fault::too_many_requests(&date)]);
    // The date has whole seconds: at least two of the three remain.
    assert!(took >= Duration::from_millis(1_900), "{date}: {took:?}");
    assert!(took < Duration::from_secs(8), "{date}: {took:?}");
}

/// The fields of an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`: weekday, day,
/// month, year, time.
fn imf_fields(date: &str) -> [&str; 5] {
    let fields: Vec<&str> = date.split([',', ' ']).collect();
    let [weekday, "", day, month, year, time, "GMT"] = fields.as_slice() else {
        panic!("not an IMF-fixdate: {date}");
    };
    [weekday, day, month, year, time]
}

#[test]
fn retry_after_as_an_http_date_is_obeyed() {
    retry_after_date_is_obeyed(str::to_owned);
}

#[test]
fn retry_after_as_an_rfc_850_date_is_obeyed() {
    // `Sunday, 06-Nov-94 08:49:37 GMT`
    retry_after_date_is_obeyed(|date| {
        let [weekday, day, month, year, time] = imf_fields(date);
        let weekday = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ]
        .into_iter()
        .find(|name| name.starts_with(weekday))
        .unwrap();
        format!("{weekday}, {day}-{month}-{} {time} GMT", &year[2..])
    });
}

#[test]
fn retry_after_as_an_asctime_date_is_obeyed() {
    // `Sun Nov  6 08:49:37 1994`
    retry_after_date_is_obeyed(|date| {
        let [weekday, day, month, year, time] = imf_fields(date);
        let day = day.trim_start_matches('0');
        format!("{weekday} {month} {day:>2} {time} {year}")
    });
}

#[test]
fn consecutive_failures_back_off_exponentially() {
    // interval 100 ms: waits of 200, 400 and 800 ms after three failures in a row.
    let failures = vec![
        Fault::status(503, ""),
        Fault::status(503, ""),
        Fault::status(503, ""),
    ];
    let took = time_to_complete_after(failures);
    assert!(took >= Duration::from_millis(1_500), "{took:?}");
    assert!(took < Duration::from_secs(6), "{took:?}");
}

#[test]
fn a_pending_answer_resets_the_backoff() {
    let server = server();
    // Two failures (waits of 200 and 400 ms), a pending answer, then a third failure: its
    // wait is 200 ms again, not the 800 ms a third failure in a row would get.
    for fault in [
        Fault::status(503, ""),
        Fault::status(503, ""),
        Fault::Delay(Duration::ZERO),
        Fault::status(503, ""),
    ] {
        server.push_fault(Route::GetSession, fault);
    }
    let login = Login::start(&options(&server)).unwrap();
    eventually("five polls", || server.stats().get_requests >= 5);
    login.cancel();
    let polls: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.target.starts_with("/api/auth/get-session"))
        .map(|r| r.at)
        .collect();
    let gap_after_pending = polls[3] - polls[2];
    let gap_after_reset_failure = polls[4] - polls[3];
    assert!(
        gap_after_pending < Duration::from_millis(350),
        "{gap_after_pending:?}"
    );
    assert!(
        gap_after_reset_failure < Duration::from_millis(600),
        "not reset: {gap_after_reset_failure:?}"
    );
}

#[test]
fn timeout_after_failed_polls_names_the_last_problem() {
    let server = server();
    for _ in 0..20 {
        server.push_fault(Route::GetSession, Fault::status(503, ""));
    }
    let mut options = options(&server);
    options.set_timeout_ms(700).unwrap();
    let error = failed(&Login::start(&options).unwrap());
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_message(&error, "the last poll: get-session answered HTTP 503");
}

#[test]
fn a_poll_slower_than_the_request_timeout_is_retried() {
    let server = server();
    server.push_fault(Route::GetSession, Fault::Delay(Duration::from_secs(2)));
    let mut options = options(&server);
    options.set_request_timeout_ms(200).unwrap();
    let login = Login::start(&options).unwrap();
    assert!(server.complete(&session_id(&login), &Identity::google()));
    completed(&login);
    assert!(server.stats().get_requests >= 2);
}

//! Hostile and broken servers: wrong JSON types, oversized and endless bodies, slow and cut
//! connections, bytes that are not HTTP, odd statuses, redirects and `Retry-After` values.
//! Every login must end with the documented error and a one-line message that names the
//! cause and never the session id or the login URL, or recover when the answer was transient.

mod common;
mod scripted;

use common::finish;
use nova_auth::{Error, Login, Options, PollAnswer, parse_get_session};
use scripted::{
    Reply, Route, SESSION_ID, ScriptedServer, Step, UID, answer, chunk, chunked, chunked_head,
    json, padded_object,
};
use std::time::{Duration, Instant, SystemTime};

const MIB: usize = 1 << 20;

/// Options aimed at `server`: polls every 100 ms, a 2 s request timeout, no browser.
fn options(server: &ScriptedServer) -> Options {
    let mut options = Options::new();
    options.set_base_url(&server.base_url()).unwrap();
    options.set_poll_interval_ms(100).unwrap();
    options.set_request_timeout_ms(2_000).unwrap();
    options.set_open_browser(false);
    options
}

/// Runs a login against `server` and returns its error, checked to be of `expected`'s
/// variant with a clean message naming `cause`.
fn login_fails(server: &ScriptedServer, options: &Options, expected: &Error, cause: &str) -> Error {
    let login = Login::start(options).unwrap();
    let error = match finish(&login) {
        Ok(user) => panic!("expected {expected:?}, the login completed as {user:?}"),
        Err(error) => error,
    };
    assert_eq!(
        std::mem::discriminant(&error),
        std::mem::discriminant(expected),
        "expected an error like {expected:?}, got {error:?}"
    );
    assert_clean_message(server, &error, cause);
    error
}

/// One line, names `cause`, and holds neither the session id nor the login URL.
fn assert_clean_message(server: &ScriptedServer, error: &Error, cause: &str) {
    let message = error.message();
    assert!(
        !message.contains('\n') && !message.contains('\r'),
        "expected one line, got {message:?}"
    );
    assert!(
        message.contains(cause),
        "expected {cause:?} in the message, got {message:?}"
    );
    assert!(
        !message.contains(SESSION_ID) && !message.contains(&server.login_url()),
        "expected no session id or login URL in the message, got {message:?}"
    );
}

/// A create-session answer of `reply` ends the login with `expected` naming `cause`.
fn create_fails(reply: Reply, expected: &Error, cause: &str) -> Error {
    let server = ScriptedServer::start();
    server.push(Route::Create, reply);
    let error = login_fails(&server, &options(&server), expected, cause);
    assert_eq!(
        server.seen_with("get-session").len(),
        0,
        "expected no poll after create-session failed"
    );
    error
}

/// A get-session answer of `reply` is transient: the login polls again and completes with
/// the next, good answer.
fn get_recovers(reply: Reply) {
    get_recovers_with(reply, |_| {});
}

fn get_recovers_with(reply: Reply, adjust: impl FnOnce(&mut Options)) -> ScriptedServer {
    let server = ScriptedServer::start();
    server.push(Route::Get, reply);
    let mut options = options(&server);
    adjust(&mut options);
    let login = Login::start(&options).unwrap();
    match finish(&login) {
        Ok(user) => assert_eq!(user.uid, UID),
        Err(error) => panic!("expected the login to recover and complete, got {error:?}"),
    }
    let polls = server.seen_with("get-session").len();
    assert_eq!(
        polls, 2,
        "expected the bad poll and one good poll, got {polls}"
    );
    server
}

/// A get-session answer of `reply` ends the login with `expected` naming `cause`.
fn get_fails(reply: Reply, expected: &Error, cause: &str) {
    let server = ScriptedServer::start();
    server.push(Route::Get, reply);
    login_fails(&server, &options(&server), expected, cause);
}

fn server_error() -> Error {
    Error::Server(String::new())
}

fn network_error() -> Error {
    Error::Network(String::new())
}

// ---- wrong JSON types and bodies that are not JSON ----

#[test]
fn create_session_fields_of_the_wrong_json_type_are_server_errors() {
    let url = "http://127.0.0.1:1/login";
    let cases = [
        (
            format!(r#"{{"sessionId":5,"loginUrl":"{url}"}}"#),
            "sessionId",
        ),
        (
            format!(r#"{{"sessionId":1.5,"loginUrl":"{url}"}}"#),
            "sessionId",
        ),
        (
            format!(r#"{{"sessionId":true,"loginUrl":"{url}"}}"#),
            "sessionId",
        ),
        (
            format!(r#"{{"sessionId":null,"loginUrl":"{url}"}}"#),
            "sessionId",
        ),
        (
            format!(r#"{{"sessionId":["s"],"loginUrl":"{url}"}}"#),
            "sessionId",
        ),
        (
            format!(r#"{{"sessionId":{{"id":"s"}},"loginUrl":"{url}"}}"#),
            "sessionId",
        ),
        (
            format!(r#"{{"sessionId":"a\u0000b","loginUrl":"{url}"}}"#),
            "sessionId",
        ),
        (r#"{"sessionId":"s","loginUrl":null}"#.into(), "loginUrl"),
        (r#"{"sessionId":"s","loginUrl":true}"#.into(), "loginUrl"),
        (
            format!(r#"{{"sessionId":"s","loginUrl":["{url}"]}}"#),
            "loginUrl",
        ),
        (
            format!(r#"{{"sessionId":"s","loginUrl":{{"href":"{url}"}}}}"#),
            "loginUrl",
        ),
        (
            format!(r#"{{"sessionid":"s","loginurl":"{url}"}}"#),
            "sessionId",
        ),
    ];
    for (body, cause) in cases {
        create_fails(json(200, &body), &server_error(), cause);
    }
}

#[test]
fn create_session_bodies_that_are_not_a_json_object_are_server_errors() {
    let cases: [&[u8]; 10] = [
        b"",
        b"null",
        b"42",
        b"\"session\"",
        br#"[{"sessionId":"s","loginUrl":"https://nova-ai.work/login"}]"#,
        br#"{"sessionId":"s","loginUrl":"https://nova-ai.work/login""#,
        br#"{"sessionId":"s","loginUrl":"https://nova-ai.work/login"} trailing"#,
        b"<!DOCTYPE html><html><body>Service Unavailable</body></html>",
        b"\xff\xfe{\x00}\x00",
        b"\x00\x00\x00\x00",
    ];
    for body in cases {
        create_fails(answer(200, &[], body), &server_error(), "not a JSON object");
    }
}

#[test]
fn get_session_status_of_the_wrong_json_type_is_transient() {
    for body in [
        r#"{"status":5}"#,
        r#"{"status":null}"#,
        r#"{"status":true}"#,
        r#"{"status":["completed"]}"#,
        r#"{"status":{"value":"completed"}}"#,
        r#"{"user":{"uid":"u"}}"#,
        r#"["completed"]"#,
        "completed",
        "",
    ] {
        get_recovers(json(200, body));
    }
}

#[test]
fn completed_user_fields_of_the_wrong_json_type_are_server_errors() {
    for field in ["uid", "email", "name", "photoUrl", "tier"] {
        for value in ["5", "true", "[]", r#"["x"]"#, "{}", "1.5"] {
            let user = if field == "uid" {
                format!(r#"{{"uid":{value}}}"#)
            } else {
                format!(r#"{{"uid":"u","{field}":{value}}}"#)
            };
            let body = format!(r#"{{"status":"completed","user":{user}}}"#);
            get_fails(
                json(200, &body),
                &server_error(),
                &format!("{field} is not a string"),
            );
        }
    }
}

#[test]
fn completed_user_that_is_not_an_object_or_lacks_a_uid_is_a_server_error() {
    for (user, cause) in [
        (r#""uid-1""#, "not a JSON object"),
        ("7", "not a JSON object"),
        ("true", "not a JSON object"),
        (r#"[{"uid":"u"}]"#, "not a JSON object"),
        (r#"{"uid":null}"#, "uid is missing or empty"),
        (r#"{"UID":"u"}"#, "uid is missing or empty"),
        (
            r#"{"uid":"u","name":"a\u0000"}"#,
            "name holds a NUL character",
        ),
    ] {
        let body = format!(r#"{{"status":"completed","user":{user}}}"#);
        get_fails(json(200, &body), &server_error(), cause);
    }
}

// ---- body size ----

fn session_fields(server: &ScriptedServer) -> String {
    format!(
        r#""sessionId":"{SESSION_ID}","loginUrl":"{}","#,
        server.login_url()
    )
}

#[test]
fn create_session_body_of_exactly_one_mebibyte_is_read() {
    let server = ScriptedServer::start();
    let body = padded_object(&session_fields(&server), MIB);
    server.push(Route::Create, chunked(200, &body));
    let login = Login::start(&options(&server)).unwrap();
    match finish(&login) {
        Ok(user) => assert_eq!(user.uid, UID),
        Err(error) => panic!("expected a 1 MiB answer to be accepted, got {error:?}"),
    }
}

#[test]
fn create_session_chunked_body_one_byte_over_one_mebibyte_is_a_server_error() {
    let server = ScriptedServer::start();
    let body = padded_object(&session_fields(&server), MIB + 1);
    server.push(Route::Create, chunked(200, &body));
    login_fails(
        &server,
        &options(&server),
        &server_error(),
        "larger than 1 MiB",
    );
}

#[test]
fn get_session_body_of_exactly_one_mebibyte_is_read() {
    let server = ScriptedServer::start();
    let prefix = format!(r#""status":"completed","user":{{"uid":"{UID}"}},"#);
    server.push(Route::Get, chunked(200, &padded_object(&prefix, MIB)));
    let login = Login::start(&options(&server)).unwrap();
    match finish(&login) {
        Ok(user) => assert_eq!(user.uid, UID),
        Err(error) => panic!("expected a 1 MiB answer to be accepted, got {error:?}"),
    }
    assert_eq!(server.seen_with("get-session").len(), 1);
}

#[test]
fn get_session_body_one_byte_over_one_mebibyte_is_transient() {
    let prefix = format!(r#""status":"completed","user":{{"uid":"{UID}"}},"#);
    get_recovers(chunked(200, &padded_object(&prefix, MIB + 1)));
}

/// An answer whose chunked body never ends.
fn endless_body() -> Reply {
    vec![
        Step::Send(chunked_head(200)),
        Step::Endless(chunk(&[b' '; 16 * 1024])),
    ]
}

/// The most that the kernel can hold in flight on a loopback connection: the largest receive
/// buffer and the largest send buffer (the last field of `tcp_rmem` and `tcp_wmem`).
#[cfg(target_os = "linux")] // the bound reads /proc
fn loopback_socket_buffers() -> u64 {
    ["tcp_rmem", "tcp_wmem"]
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(format!("/proc/sys/net/ipv4/{name}")).unwrap();
            text.split_whitespace()
                .last()
                .unwrap()
                .parse::<u64>()
                .unwrap()
        })
        .sum()
}

/// The client stopped reading the endless body at 1 MiB: what the server wrote is bounded
/// by 1 MiB plus the socket buffers, not by the server's patience.
fn assert_endless_body_was_abandoned(server: &ScriptedServer) {
    common::eventually("the client to stop reading", || {
        server.endless_written().is_some()
    });
    // The bound reads the socket buffers in /proc.
    #[cfg(target_os = "linux")]
    {
        let written = server.endless_written().unwrap();
        let bound = MIB as u64 + loopback_socket_buffers();
        assert!(
            written <= bound,
            "expected the client to stop reading after 1 MiB, the server wrote {written} bytes \
             (1 MiB and the socket buffers are {bound})"
        );
    }
}

#[test]
fn create_session_endless_body_stops_at_one_mebibyte() {
    let server = ScriptedServer::start();
    server.push(Route::Create, endless_body());
    login_fails(
        &server,
        &options(&server),
        &server_error(),
        "larger than 1 MiB",
    );
    assert_endless_body_was_abandoned(&server);
}

#[test]
fn get_session_endless_body_stops_at_one_mebibyte_and_is_transient() {
    let server = get_recovers_with(endless_body(), |_| {});
    assert_endless_body_was_abandoned(&server);
}

// ---- slow, cut and garbled connections ----

const SLOW_GAP: Duration = Duration::from_millis(250);

fn slow_headers() -> Reply {
    let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
    vec![Step::Drip(head.to_vec(), SLOW_GAP)]
}

fn slow_body(server_body: &str) -> Reply {
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        server_body.len()
    );
    vec![
        Step::Send(head.into_bytes()),
        Step::Drip(server_body.as_bytes().to_vec(), SLOW_GAP),
    ]
}

/// The request timeout bounds a whole exchange, however steadily bytes trickle in.
fn create_times_out(reply: Reply) {
    let server = ScriptedServer::start();
    server.push(Route::Create, reply);
    let mut options = options(&server);
    options.set_request_timeout_ms(500).unwrap();
    let started = Instant::now();
    login_fails(
        &server,
        &options,
        &network_error(),
        "no answer within the request timeout of 500 ms",
    );
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(3),
        "expected the 500 ms request timeout to end it, it took {took:?}"
    );
}

#[test]
fn create_session_headers_dripping_a_byte_at_a_time_hit_the_request_timeout() {
    create_times_out(slow_headers());
}

#[test]
fn create_session_body_dripping_a_byte_at_a_time_hits_the_request_timeout() {
    let body = format!(
        r#"{{"sessionId":"{SESSION_ID}","loginUrl":"https://nova-ai.work/login?session={SESSION_ID}"}}"#
    );
    create_times_out(slow_body(&body));
}

#[test]
fn get_session_slow_headers_and_slow_body_are_transient() {
    for reply in [slow_headers(), slow_body(&scripted::completed_body())] {
        get_recovers_with(reply, |options| {
            options.set_request_timeout_ms(500).unwrap();
        });
    }
}

/// Answers cut short or not HTTP at all: a name, what the message names, the answer.
fn broken_answers() -> Vec<(&'static str, &'static str, Reply)> {
    let send = |bytes: &[u8]| vec![Step::Send(bytes.to_vec())];
    let huge_header = format!("HTTP/1.1 200 OK\r\nx-big: {}\r\n\r\n{{}}", "a".repeat(MIB));
    let many_headers = format!(
        "HTTP/1.1 200 OK\r\n{}\r\n{{}}",
        "x-many: 1\r\n".repeat(1000)
    );
    let (huge_header, many_headers) = (huge_header.into_bytes(), many_headers.into_bytes());
    vec![
        (
            "closed mid-headers",
            "connection closed",
            send(b"HTTP/1.1 200 OK\r\ncontent-le"),
        ),
        (
            "closed mid-body",
            "end of file",
            send(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"sessionId\":"),
        ),
        (
            "closed mid-chunk",
            "end of file",
            send(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n64\r\n{\"status\""),
        ),
        (
            "an SSH banner",
            "invalid HTTP version",
            send(b"SSH-2.0-OpenSSH_9.6\r\n"),
        ),
        (
            "binary noise",
            "invalid HTTP version",
            send(&[0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x7f, 0x80]),
        ),
        (
            "a status that is not a number",
            "invalid HTTP status-code",
            send(b"HTTP/1.1 2OO OK\r\n\r\n"),
        ),
        (
            "conflicting content lengths",
            "invalid content-length",
            send(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 9\r\n\r\n{}"),
        ),
        (
            "a header without a colon",
            "invalid HTTP header",
            send(b"HTTP/1.1 200 OK\r\nthis is not a header\r\n\r\n{}"),
        ),
        (
            "a header block of 1 MiB",
            "message head is too large",
            vec![Step::Send(huge_header)],
        ),
        (
            "a thousand headers",
            "message head is too large",
            vec![Step::Send(many_headers)],
        ),
        (
            "an invalid chunk size",
            "chunk size",
            send(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
        ),
    ]
}

#[test]
fn create_session_answers_cut_short_or_not_http_are_network_errors() {
    for (name, cause, reply) in broken_answers() {
        let server = ScriptedServer::start();
        server.push(Route::Create, reply);
        let login = Login::start(&options(&server)).unwrap();
        match finish(&login) {
            Err(error @ Error::Network(_)) => assert_clean_message(&server, &error, cause),
            other => panic!("{name}: expected a network error, got {other:?}"),
        }
    }
}

#[test]
fn get_session_answers_cut_short_or_not_http_are_transient() {
    for (_, _, reply) in broken_answers() {
        get_recovers(reply);
    }
}

// ---- statuses ----

#[test]
fn get_session_statuses_other_than_200_400_404_410_are_transient() {
    for status in [204, 301, 304, 401, 403, 418, 451, 500, 503, 599] {
        get_recovers(json(status, r#"{"error":"nope"}"#));
    }
}

#[test]
fn create_session_statuses_other_than_200_are_server_errors_naming_the_status() {
    let good = format!(
        r#"{{"sessionId":"{SESSION_ID}","loginUrl":"https://nova-ai.work/login?session={SESSION_ID}"}}"#
    );
    for status in [201, 204, 301, 401, 403, 404, 429, 503, 599] {
        create_fails(
            json(status, &good),
            &server_error(),
            &format!("HTTP {status}"),
        );
    }
}

// ---- redirects ----

fn redirect(location: &str) -> Reply {
    answer(302, &[("location", location)], b"")
}

#[test]
fn five_redirects_are_followed() {
    let server = ScriptedServer::start();
    for hop in 1..=5 {
        server.push(
            Route::Create,
            redirect(&format!("/api/auth/create-session?hop={hop}")),
        );
    }
    let login = Login::start(&options(&server)).unwrap();
    if let Err(error) = finish(&login) {
        panic!("expected five redirects to be followed, got {error:?}");
    }
    assert_eq!(server.seen_with("create-session").len(), 6);
}

#[test]
fn a_redirect_loop_stops_after_five_redirects() {
    let server = ScriptedServer::start();
    for _ in 0..20 {
        server.push(Route::Create, redirect("/api/auth/create-session"));
    }
    login_fails(&server, &options(&server), &server_error(), "HTTP 302");
    let requests = server.seen_with("create-session").len();
    assert_eq!(
        requests, 6,
        "expected the request and 5 redirects, got {requests}"
    );
}

#[test]
fn redirects_to_insecure_or_foreign_urls_are_not_followed() {
    for location in [
        "http://example.com/api/auth/create-session",
        "http://192.0.2.1/api/auth/create-session",
        "ftp://example.com/api/auth/create-session",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://[not-an-address/",
    ] {
        let started = Instant::now();
        create_fails(redirect(location), &server_error(), "HTTP 302");
        // Following would mean a DNS lookup or a connect that cannot succeed here.
        let took = started.elapsed();
        assert!(
            took < Duration::from_secs(3),
            "{location}: expected no attempt to follow, it took {took:?}"
        );
    }
}

#[test]
fn a_redirect_to_http_on_another_loopback_port_is_followed() {
    let server = ScriptedServer::start();
    let target = ScriptedServer::start();
    let port = target.base_url().rsplit(':').next().unwrap().to_owned();
    server.push(
        Route::Create,
        redirect(&format!("http://localhost:{port}/api/auth/create-session")),
    );
    let login = Login::start(&options(&server)).unwrap();
    if let Err(error) = finish(&login) {
        panic!("expected the loopback redirect to be followed, got {error:?}");
    }
    assert_eq!(target.seen_with("create-session").len(), 1);
}

#[test]
fn get_session_redirect_to_http_elsewhere_is_transient() {
    get_recovers(redirect(&format!(
        "http://example.com/api/auth/get-session?session={SESSION_ID}"
    )));
}

// ---- Retry-After ----

/// The gap between the first poll (answered with `reply`) and the second.
fn gap_after(reply: Reply) -> Duration {
    let server = get_recovers_with(reply, |_| {});
    let polls = server.seen_with("get-session");
    polls[1].at - polls[0].at
}

#[test]
fn retry_after_values_that_mean_nothing_are_ignored() {
    for value in [
        "-5",
        "soon",
        "1.5",
        "0x10",
        "5秒",
        "Thu, 01 Jan 1970 00:00:00 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Mon, 32 Foo 2099 99:99:99 GMT",
    ] {
        let gap = gap_after(answer(503, &[("retry-after", value)], b""));
        // The interval is 100 ms; one failure backs off to 200 ms.
        assert!(
            gap < Duration::from_secs(3),
            "Retry-After {value:?}: expected the 200 ms backoff, the next poll came after {gap:?}"
        );
    }
}

#[test]
fn retry_after_on_a_server_error_is_obeyed() {
    let gap = gap_after(answer(503, &[("retry-after", "1")], b""));
    assert!(
        gap >= Duration::from_millis(950),
        "expected a wait of 1 s, the next poll came after {gap:?}"
    );
}

#[test]
fn retry_after_on_a_pending_answer_is_ignored() {
    let gap = gap_after(answer(
        200,
        &[("retry-after", "30")],
        br#"{"status":"pending"}"#,
    ));
    assert!(
        gap < Duration::from_secs(3),
        "expected the 100 ms interval, the next poll came after {gap:?}"
    );
}

#[test]
fn huge_retry_after_values_are_capped_at_sixty_seconds() {
    let now = SystemTime::now();
    let far_date = httpdate::fmt_http_date(now + Duration::from_secs(10 * 365 * 86_400));
    for value in [
        "61",
        "86400",
        "99999999999999999999999999",
        far_date.as_str(),
    ] {
        match parse_get_session(503, Some(value), b"", now, false) {
            PollAnswer::Transient { retry_after, .. } => assert_eq!(
                retry_after,
                Some(Duration::from_secs(60)),
                "Retry-After {value:?}: expected the 60 s cap"
            ),
            other => panic!("expected a transient answer, got {other:?}"),
        }
    }
}

// ---- session ids on the wire ----

#[test]
fn session_ids_are_percent_encoded_in_the_poll_request_line() {
    let cases = [
        ("a+b", "a%2Bb"),
        ("a&session=evil", "a%26session%3Devil"),
        ("a#fragment", "a%23fragment"),
        ("../../admin", "..%2F..%2Fadmin"),
        ("100%", "100%25"),
        ("a?b", "a%3Fb"),
        ("세션", "%EC%84%B8%EC%85%98"),
        ("a\r\nX-Injected: 1", "a%0D%0AX-Injected%3A+1"),
        ("tab\there", "tab%09here"),
        ("~*-._", "%7E*-._"),
    ];
    for (id, encoded) in cases {
        let server = ScriptedServer::start();
        let body = serde_json::json!({ "sessionId": id, "loginUrl": server.login_url() });
        server.push(Route::Create, json(200, &body.to_string()));
        let login = Login::start(&options(&server)).unwrap();
        if let Err(error) = finish(&login) {
            panic!("{id:?}: expected the login to complete, got {error:?}");
        }
        let polls = server.seen_with("get-session");
        let expected = format!("GET /api/auth/get-session?session={encoded} HTTP/1.1");
        assert_eq!(polls[0].line, expected, "session id {id:?}");
    }
}

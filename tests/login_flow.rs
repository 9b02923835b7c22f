//! The happy path and the calls on a login, against the dev server on loopback.

mod common;

use common::{completed, eventually, options, server, session_id};
use nova_auth::{Error, Login};
use nova_devserver::{Fault, Identity, Route};
use std::time::{Duration, Instant};

#[test]
fn completed_login_delivers_every_user_field_and_the_raw_json() {
    let server = server();
    let login = Login::start(&options(&server)).unwrap();
    assert!(server.complete(&session_id(&login), &Identity::google()));
    let user = completed(&login);
    assert_eq!(user.uid, "dev-google-4f1c9a");
    assert_eq!(user.email.as_deref(), Some("ada.lovelace@example.com"));
    assert_eq!(user.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(
        user.photo_url.as_deref(),
        Some("https://example.com/avatars/ada.png")
    );
    assert_eq!(user.tier.as_deref(), Some("pro"));
    assert_eq!(
        user.raw_json,
        r#"{"uid":"dev-google-4f1c9a","email":"ada.lovelace@example.com","name":"Ada Lovelace","photoUrl":"https://example.com/avatars/ada.png","tier":"pro","plan":"pro"}"#
    );
}

#[test]
fn null_fields_and_non_ascii_names_arrive_as_sent() {
    let server = server();
    let login = Login::start(&options(&server)).unwrap();
    assert!(server.complete(&session_id(&login), &Identity::kakao()));
    let user = completed(&login);
    assert_eq!(user.email, None);
    assert_eq!(user.name.as_deref(), Some("이서준"));
    assert!(
        user.raw_json.contains(r#""email":null"#),
        "{}",
        user.raw_json
    );
}

#[test]
fn completed_answer_ends_polling_and_every_poll_returns_it_again() {
    let server = server();
    let login = Login::start(&options(&server)).unwrap();
    assert!(server.complete(&session_id(&login), &Identity::naver()));
    let user = completed(&login);
    let requests = server.stats().get_requests;
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(
        server.stats().get_requests,
        requests,
        "a request was sent after completion"
    );
    assert_eq!(login.poll().cloned(), Some(Ok(user)));
}

#[test]
fn one_connection_serves_all_the_polls_of_a_login() {
    let server = server();
    let login = Login::start(&options(&server)).unwrap();
    let id = session_id(&login);
    eventually("five polls", || server.stats().get_requests >= 5);
    assert!(server.complete(&id, &Identity::google()));
    completed(&login);
    let stats = server.stats();
    assert_eq!(stats.create_requests, 1);
    assert_eq!(stats.connections, 1, "{stats:?}");
}

#[test]
fn first_poll_is_sent_one_interval_after_the_session_is_created() {
    let server = server();
    let mut options = options(&server);
    options.set_poll_interval_ms(700).unwrap();
    let login = Login::start(&options).unwrap();
    session_id(&login);
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(server.stats().get_requests, 0, "polled before the interval");
    eventually("the first poll", || server.stats().get_requests == 1);
}

#[test]
fn user_agent_beyond_ascii_is_sent() {
    let server = server();
    let mut options = options(&server);
    options.set_user_agent("노바 데스크톱/1.0 (Linux)").unwrap();
    let login = Login::start(&options).unwrap();
    assert!(server.complete(&session_id(&login), &Identity::google()));
    completed(&login);
}

#[test]
fn choose_account_puts_force_account_switch_in_the_login_url_once() {
    let server = server();
    for (choose, expected) in [(false, 0), (true, 1)] {
        let mut options = options(&server);
        options.set_choose_account(choose);
        let login = Login::start(&options).unwrap();
        let id = session_id(&login);
        let url = login.url().unwrap();
        assert_eq!(
            url.matches("force_account_switch=1").count(),
            expected,
            "choose {choose}: {url}"
        );
        assert!(server.complete(&id, &Identity::google()));
        completed(&login);
    }
}

#[test]
fn wait_returns_pending_when_its_timeout_passes() {
    let server = server();
    let login = Login::start(&options(&server)).unwrap();
    let started = Instant::now();
    assert_eq!(login.wait(Some(Duration::from_millis(300))), None);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
}

#[test]
fn wait_wakes_when_the_login_completes() {
    let server = server();
    let login = Login::start(&options(&server)).unwrap();
    let id = session_id(&login);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(200));
            assert!(server.complete(&id, &Identity::google()));
        });
        assert!(matches!(login.wait(None), Some(Ok(_))));
    });
}

#[test]
fn refresh_sends_the_next_poll_at_once() {
    let server = server();
    let mut options = options(&server);
    options.set_poll_interval_ms(60_000).unwrap();
    let login = Login::start(&options).unwrap();
    let id = session_id(&login);
    assert!(server.complete(&id, &Identity::google()));
    let started = Instant::now();
    assert_eq!(login.refresh(), None);
    completed(&login);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.stats().get_requests, 1);
}

/// When each poll of the login reached the server.
fn poll_times(server: &nova_devserver::DevServer) -> Vec<Instant> {
    let requests = server.requests().into_iter();
    let polls = requests.filter(|r| r.target.starts_with("/api/auth/get-session"));
    polls.map(|r| r.at).collect()
}

#[test]
fn refresh_calls_in_a_burst_send_polls_at_least_250_ms_apart() {
    let server = server();
    let mut options = options(&server);
    options.set_poll_interval_ms(60_000).unwrap();
    let login = Login::start(&options).unwrap();
    session_id(&login);
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(1_200) {
        login.refresh();
        std::thread::sleep(Duration::from_millis(1));
    }
    let polls = poll_times(&server);
    assert!(
        polls.len() >= 2,
        "{} polls for 1.2 s of refreshes",
        polls.len()
    );
    for pair in polls.windows(2) {
        let gap = pair[1] - pair[0];
        // The server stamps arrivals: allow for a little jitter on the way.
        assert!(gap >= Duration::from_millis(240), "polls {gap:?} apart");
    }
}

#[test]
fn refresh_calls_before_a_poll_is_sent_ask_for_one_poll() {
    let server = server();
    let mut options = options(&server);
    options.set_poll_interval_ms(60_000).unwrap();
    let login = Login::start(&options).unwrap();
    session_id(&login);
    login.refresh();
    eventually("the first poll", || server.stats().get_requests == 1);
    // The next poll waits for the minimum gap after the first, so the whole burst falls
    // before it is sent.
    for _ in 0..50 {
        login.refresh();
    }
    eventually("the refreshed poll", || server.stats().get_requests == 2);
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        server.stats().get_requests,
        2,
        "one poll for a burst of refreshes"
    );
}

#[test]
fn refresh_with_a_poll_in_flight_polls_again_once_it_answers_pending() {
    let server = server();
    server.push_fault(Route::GetSession, Fault::Delay(Duration::from_millis(600)));
    let mut options = options(&server);
    options.set_poll_interval_ms(60_000).unwrap();
    let login = Login::start(&options).unwrap();
    session_id(&login);
    login.refresh();
    eventually("the first poll", || server.stats().get_requests == 1);
    login.refresh(); // while the first poll waits for its answer
    eventually("the second poll", || server.stats().get_requests == 2);
    let polls = poll_times(&server);
    let gap = polls[1] - polls[0];
    assert!(
        gap >= Duration::from_millis(600),
        "sent before the first answered: {gap:?}"
    );
    assert!(
        gap < Duration::from_secs(5),
        "not at once after the answer: {gap:?}"
    );
}

#[test]
fn refresh_during_a_retry_after_wait_does_nothing() {
    let server = server();
    server.push_fault(Route::GetSession, Fault::too_many_requests("2"));
    let login = Login::start(&options(&server)).unwrap();
    session_id(&login);
    eventually("the first poll", || server.stats().get_requests == 1);
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(1_500) {
        login.refresh();
        std::thread::sleep(Duration::from_millis(10));
    }
    eventually("the second poll", || server.stats().get_requests >= 2);
    let polls = poll_times(&server);
    let gap = polls[1] - polls[0];
    assert!(
        gap >= Duration::from_millis(1_900),
        "the Retry-After wait was cut: {gap:?}"
    );
}

#[test]
fn refresh_before_the_session_exists_does_nothing() {
    let server = server();
    server.push_fault(
        Route::CreateSession,
        Fault::Delay(Duration::from_millis(300)),
    );
    let mut options = options(&server);
    options.set_poll_interval_ms(60_000).unwrap();
    let login = Login::start(&options).unwrap();
    login.refresh();
    session_id(&login);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(server.stats().get_requests, 0);
}

#[test]
fn cancel_ends_a_pending_login_at_once_and_keeps_an_ended_one() {
    let server = server();
    let login = Login::start(&options(&server)).unwrap();
    session_id(&login);
    login.cancel();
    assert_eq!(login.poll().cloned(), Some(Err(Error::Cancelled)));
    login.cancel();
    assert_eq!(login.poll().cloned(), Some(Err(Error::Cancelled)));

    let done = Login::start(&options(&server)).unwrap();
    assert!(server.complete(&session_id(&done), &Identity::google()));
    completed(&done);
    done.cancel();
    assert!(matches!(done.poll(), Some(Ok(_))));
}

#[test]
fn options_may_be_changed_right_after_start() {
    let server = server();
    let mut options = options(&server);
    let login = Login::start(&options).unwrap();
    options.set_base_url("https://example.invalid").unwrap();
    drop(options);
    assert!(server.complete(&session_id(&login), &Identity::google()));
    completed(&login);
}

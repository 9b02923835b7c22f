//! The login timeout, cancel and drop, each with a request in flight; drops and the end
//! callback.

mod common;

use common::{eventually, failed, options, server, session_id};
use nova_auth::{Error, Login};
use nova_devserver::{Fault, Route};
use std::time::{Duration, Instant};

#[test]
fn deadline_ends_the_login_even_with_a_request_in_flight() {
    let server = server();
    server.push_fault(Route::GetSession, Fault::Delay(Duration::from_secs(10)));
    let mut options = options(&server);
    options.set_timeout_ms(600).unwrap();
    let started = Instant::now();
    let login = Login::start(&options).unwrap();
    let error = failed(&login);
    let took = started.elapsed();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(server.stats().get_requests, 1);
    assert!(
        took >= Duration::from_millis(600) && took < Duration::from_secs(3),
        "{took:?}"
    );
}

#[test]
fn deadline_counts_from_start_even_while_create_session_hangs() {
    let server = server();
    server.push_fault(Route::CreateSession, Fault::Delay(Duration::from_secs(10)));
    let mut options = options(&server);
    options.set_timeout_ms(300).unwrap();
    let error = failed(&Login::start(&options).unwrap());
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
}

#[test]
fn cancel_with_a_request_in_flight_ends_at_once_and_sends_nothing_more() {
    let server = server();
    server.push_fault(Route::GetSession, Fault::Delay(Duration::from_secs(10)));
    let login = Login::start(&options(&server)).unwrap();
    eventually("the first poll", || server.stats().get_requests == 1);
    let started = Instant::now();
    login.cancel();
    assert_eq!(login.poll().cloned(), Some(Err(Error::Cancelled)));
    assert!(started.elapsed() < Duration::from_millis(500));
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(
        server.stats().get_requests,
        1,
        "a request was sent after cancel"
    );
}

#[test]
fn drop_with_a_request_in_flight_returns_at_once_and_sends_nothing_more() {
    let server = server();
    server.push_fault(Route::GetSession, Fault::Delay(Duration::from_secs(10)));
    let login = Login::start(&options(&server)).unwrap();
    session_id(&login);
    eventually("the first poll", || server.stats().get_requests == 1);
    let started = Instant::now();
    drop(login);
    assert!(started.elapsed() < Duration::from_millis(500));
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(server.stats().get_requests, 1);
}

#[test]
fn drop_while_create_session_is_in_flight() {
    let server = server();
    server.push_fault(Route::CreateSession, Fault::Delay(Duration::from_secs(10)));
    let login = Login::start(&options(&server)).unwrap();
    eventually("the create request", || server.stats().create_requests == 1);
    drop(login);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.stats().get_requests, 0);
}

#[test]
fn end_callback_runs_once_even_when_cancel_races_completion() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let server = server();
    for _ in 0..50 {
        let login = Login::start(&options(&server)).unwrap();
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        login.on_end(Box::new(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        }));
        let id = session_id(&login);
        server.complete(&id, &nova_devserver::Identity::google());
        std::thread::scope(|s| {
            s.spawn(|| login.cancel());
            s.spawn(|| login.wait(Some(Duration::from_secs(5))));
        });
        drop(login);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}

#[test]
fn callback_may_poll_and_cancel_its_own_login() {
    use nova_auth::ffi::*;
    use std::sync::atomic::{AtomicI32, Ordering};
    static SEEN: AtomicI32 = AtomicI32::new(0);
    unsafe extern "C" fn on_end(login: *mut std::ffi::c_void, status: NovaStatus) {
        let login = login.cast::<NovaLogin>();
        nova_login_cancel(login);
        let polled = nova_login_poll(login, std::ptr::null_mut());
        SEEN.store(
            if polled == status { status } else { -999 },
            Ordering::SeqCst,
        );
    }
    let server = server();
    let mut login = std::ptr::null_mut();
    let options = nova_options_new();
    let base_url = std::ffi::CString::new(server.base_url()).unwrap();
    assert_eq!(nova_options_set_base_url(options, base_url.as_ptr()), 0);
    assert_eq!(nova_options_set_open_browser(options, false), 0);
    assert_eq!(nova_options_set_poll_interval_ms(options, 100), 0);
    assert_eq!(nova_login_start(options, &mut login), 0);
    nova_options_free(options);
    assert_eq!(
        nova_login_set_callback(login, Some(on_end), login.cast()),
        0
    );
    server.push_fault(Route::GetSession, Fault::status(410, ""));
    let status = nova_login_wait(login, 10_000, std::ptr::null_mut());
    eventually("the callback", || SEEN.load(Ordering::SeqCst) != 0);
    assert_eq!(
        SEEN.load(Ordering::SeqCst),
        status,
        "the callback saw another status"
    );
    nova_login_free(login);
}

#[test]
fn callback_may_drop_its_own_login() {
    use std::sync::{Arc, Mutex, mpsc};
    let server = server();
    let holder = Arc::new(Mutex::new(Some(Login::start(&options(&server)).unwrap())));
    let (dropped, was_dropped) = mpsc::channel();
    let held = Arc::clone(&holder);
    let login = holder.lock().unwrap();
    login.as_ref().unwrap().on_end(Box::new(move |_| {
        drop(held.lock().unwrap().take());
        dropped.send(()).unwrap();
    }));
    let id = session_id(login.as_ref().unwrap());
    drop(login);
    assert!(server.complete(&id, &nova_devserver::Identity::google()));
    was_dropped
        .recv_timeout(Duration::from_secs(10))
        .expect("the callback to drop its login and return within 10 s");
    assert!(holder.lock().unwrap().is_none());
}

#[test]
fn drop_on_another_thread_waits_for_the_running_callback() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, mpsc};
    let server = server();
    let login = Login::start(&options(&server)).unwrap();
    let (started, has_started) = mpsc::channel();
    let returned = Arc::new(AtomicBool::new(false));
    let returning = Arc::clone(&returned);
    login.on_end(Box::new(move |_| {
        started.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        returning.store(true, Ordering::SeqCst);
    }));
    assert!(server.complete(&session_id(&login), &nova_devserver::Identity::google()));
    has_started
        .recv_timeout(Duration::from_secs(10))
        .expect("the callback to start within 10 s");
    drop(login);
    assert!(
        returned.load(Ordering::SeqCst),
        "expected the drop to return after the callback, it returned while it ran"
    );
}

use crate::common::{HTML, start};

#[tokio::test]
async fn wrong_method_is_405_with_an_empty_body() {
    let h = start();
    for (method, path) in [
        ("GET", "/api/auth/create-session"),
        ("PUT", "/api/auth/create-session"),
        ("POST", "/api/auth/get-session?session=x"),
        ("DELETE", "/api/auth/get-session?session=x"),
        ("PATCH", "/api/auth/get-session?session=x"),
        ("GET", "/api/auth/complete-session"),
        ("PUT", "/api/auth/complete-session"),
        ("HEAD", "/api/auth/complete-session"),
        ("POST", "/login?session=x"),
    ] {
        let answer = h.send(method, path, None).await;
        assert_eq!(answer.status_and_body(), (405, ""), "for {method} {path}");
    }
    let stats = h.server.stats();
    assert_eq!(
        (stats.create_requests, stats.get_requests),
        (0, 0),
        "a refused method runs no handler"
    );
}

#[tokio::test]
async fn a_method_outside_the_standard_set_is_400_with_an_empty_body() {
    let h = start();
    for method in ["PROPFIND", "TRACE", "PURGE", "get"] {
        for path in [
            "/api/auth/create-session",
            "/api/auth/get-session?session=x",
            "/api/auth/complete-session",
        ] {
            let answer = h.send(method, path, None).await;
            assert_eq!(answer.status_and_body(), (400, ""), "for {method} {path}");
            assert_eq!(answer.header("content-type"), None, "for {method} {path}");
        }
    }
    let stats = h.server.stats();
    assert_eq!(
        (stats.create_requests, stats.get_requests),
        (0, 0),
        "no handler ran"
    );
}

#[tokio::test]
async fn options_is_204_with_allow() {
    let h = start();
    for (path, allow) in [
        ("/api/auth/create-session", "OPTIONS, POST"),
        ("/api/auth/get-session", "GET, HEAD, OPTIONS"),
        ("/api/auth/complete-session", "OPTIONS, POST"),
    ] {
        let answer = h.send("OPTIONS", path, None).await;
        assert_eq!(answer.status, 204, "for {path}");
        assert_eq!(answer.header("allow"), Some(allow), "for {path}");
        assert_eq!(answer.body, "");
    }
}

#[tokio::test]
async fn trailing_or_doubled_slash_redirects_with_308_keeping_the_query() {
    let h = start();
    for (method, path, location) in [
        (
            "GET",
            "/api/auth/get-session/?session=abc",
            "/api/auth/get-session?session=abc",
        ),
        (
            "POST",
            "//api/auth/create-session",
            "/api/auth/create-session",
        ),
        (
            "POST",
            "/api//auth/create-session/",
            "/api/auth/create-session",
        ),
        ("GET", "/nowhere/", "/nowhere"),
    ] {
        let answer = h.send(method, path, None).await;
        assert_eq!(
            answer.status_and_body(),
            (308, location),
            "for {method} {path}: the target is the plain-text body"
        );
        assert_eq!(
            answer.header("location"),
            Some(location),
            "for {method} {path}"
        );
        let refresh = format!("0;url={location}");
        assert_eq!(
            answer.header("refresh"),
            Some(refresh.as_str()),
            "for {method} {path}"
        );
        assert_eq!(answer.header("content-type"), None, "for {method} {path}");
    }
    assert!(
        h.server.session_ids().is_empty(),
        "a redirected create made no session"
    );
    assert_eq!(h.server.stats().create_requests, 0);
}

#[tokio::test]
async fn unknown_path_is_a_404_html_page() {
    let h = start();
    for path in [
        "/",
        "/api/auth/nothing",
        "/api/auth/get-session.json",
        "/API/auth/create-session",
    ] {
        let answer = h.send("GET", path, None).await;
        assert_eq!(answer.status, 404, "for {path}");
        assert_eq!(answer.header("content-type"), Some(HTML));
        assert!(
            answer.body.contains("This page could not be found"),
            "{}",
            answer.body
        );
    }
}

#[test]
fn base_url_brackets_an_ipv6_address() {
    let config = nova_devserver::Config {
        addr: "[::1]:0".parse().unwrap(),
        ..Default::default()
    };
    // Some sandboxes have no IPv6 loopback; there is nothing to check there.
    let Ok(server) = nova_devserver::DevServer::spawn(config) else {
        return;
    };
    let base = server.base_url();
    let port = base
        .strip_prefix("http://[::1]:")
        .unwrap_or_else(|| panic!("{base}"));
    assert!(port.parse::<u16>().unwrap() > 0, "{base}");
}

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Runs the binary and returns it with the first line it printed.
fn run(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nova-devserver"))
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line)
}

fn stop(mut child: Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Sends the request and returns the body of its answer.
async fn body_of(request: reqwest::RequestBuilder) -> String {
    request.send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn binary_prints_its_base_url_first_and_serves_there() {
    let (child, line) = run(&["--port", "0", "--ttl-s", "60"]);
    let base = line.trim_end().to_owned();
    let port = base
        .strip_prefix("http://127.0.0.1:")
        .unwrap_or_else(|| panic!("first line was {line:?}"));
    assert!(port.parse::<u16>().unwrap() > 0);
    let created =
        body_of(reqwest::Client::new().post(format!("{base}/api/auth/create-session"))).await;
    stop(child);
    assert!(
        created.contains(&format!("\"loginUrl\":\"{base}/login?session=")),
        "{created}"
    );
}

#[tokio::test]
async fn binary_passes_its_options_to_the_server() {
    let (child, line) = run(&[
        "--public-url",
        "https://nova-ai.work",
        "--auto-approve-ms",
        "0",
    ]);
    let client = reqwest::Client::new();
    let base = line.trim_end();
    let created: serde_json::Value = serde_json::from_str(
        &body_of(client.post(format!("{base}/api/auth/create-session"))).await,
    )
    .unwrap();
    let id = created["sessionId"].as_str().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let polled = body_of(client.get(format!("{base}/api/auth/get-session?session={id}"))).await;
    stop(child);
    assert_eq!(
        created["loginUrl"],
        format!("https://nova-ai.work/login?session={id}")
    );
    assert!(polled.contains("\"status\":\"completed\""), "{polled}");
}

#[test]
fn binary_refuses_bad_arguments_with_a_message() {
    for args in [
        &["--port", "http"][..],
        &["--port"],
        &["--host", "localhost:80"],
        &["--ttl-s", "-1"],
        &["--public-url", "nova-ai.work"],
        &["--verbose"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_nova-devserver"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "for {args:?}");
        assert!(output.stdout.is_empty(), "for {args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("usage: nova-devserver"),
            "for {args:?}: {stderr}"
        );
    }
}

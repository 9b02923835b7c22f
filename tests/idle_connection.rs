//! A kept-alive connection that the server closed while no login was pending (its keep-alive
//! timeout passed) must not fail the next login.

mod common;

use common::completed;
use nova_auth::{Login, Options};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// Answers create-session and a completed get-session on kept-alive connections, and keeps
/// a handle on each connection so the test can close them all, as a server's keep-alive
/// timeout would.
struct KeepAliveServer {
    base_url: String,
    connections: Arc<Mutex<Vec<TcpStream>>>,
}

impl KeepAliveServer {
    fn start() -> KeepAliveServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(Mutex::new(Vec::new()));
        let (kept, url) = (Arc::clone(&connections), base_url.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                kept.lock().unwrap().push(stream.try_clone().unwrap());
                let url = url.clone();
                std::thread::spawn(move || serve(stream, &url));
            }
        });
        KeepAliveServer {
            base_url,
            connections,
        }
    }

    fn close_idle_connections(&self) {
        for stream in self.connections.lock().unwrap().drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

fn serve(mut stream: TcpStream, base_url: &str) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
            continue;
        };
        let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
        buffer.drain(..end + 4);
        let body = if head.starts_with("POST /api/auth/create-session") {
            format!(
                r#"{{"sessionId":"session_1_idle","loginUrl":"{base_url}/login?session=session_1_idle"}}"#
            )
        } else {
            r#"{"status":"completed","user":{"uid":"u-idle"}}"#.to_owned()
        };
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        if stream.write_all(answer.as_bytes()).is_err() {
            return;
        }
    }
}

#[test]
fn a_connection_closed_by_the_server_while_idle_does_not_fail_the_next_login() {
    let server = KeepAliveServer::start();
    let mut options = Options::new();
    options.set_base_url(&server.base_url).unwrap();
    options.set_poll_interval_ms(100).unwrap();
    options.set_open_browser(false);

    let first = Login::start(&options).unwrap();
    assert_eq!(completed(&first).uid, "u-idle");
    drop(first);
    // With no login pending, the background thread stops and nothing watches the pool.
    std::thread::sleep(std::time::Duration::from_millis(300));
    server.close_idle_connections();
    std::thread::sleep(std::time::Duration::from_millis(200));

    let second = Login::start(&options).unwrap();
    assert_eq!(completed(&second).uid, "u-idle");
}

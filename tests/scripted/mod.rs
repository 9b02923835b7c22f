//! A raw TCP test server for the answers the dev server cannot give. Each request gets exactly
//! the bytes a script says: broken HTTP, stalls, byte-by-byte drips and endless bodies.
//! One request per connection; the connection is closed after its script.
#![allow(dead_code)] // each test binary uses its own subset

use crate::common::{Background, loopback_listener};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// The session id of the default create-session answer.
pub const SESSION_ID: &str = "session_1732570000000_hostile0x";
/// The uid of the default completed answer.
pub const UID: &str = "uid-hostile-1";

/// An endless body is cut off here if the client never stops reading, so a broken client
/// fails its test instead of filling the disk or memory.
const ENDLESS_CAP: u64 = 256 << 20;

/// One step of an answer.
#[derive(Clone, Debug)]
pub enum Step {
    /// Write these bytes at once.
    Send(Vec<u8>),
    /// Write these bytes one at a time, waiting between them.
    Drip(Vec<u8>, Duration),
    /// Write nothing for a while.
    Pause(Duration),
    /// Write this chunk again and again until the client stops reading.
    Endless(Vec<u8>),
}

pub type Reply = Vec<Step>;

/// Which queue of replies a request takes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Create,
    Get,
}

/// A request as it arrived.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The request line without its CRLF, such as `GET /api/auth/get-session?session=x HTTP/1.1`.
    pub line: String,
    pub at: Instant,
}

#[derive(Default)]
struct State {
    base_url: String,
    create: Mutex<VecDeque<Reply>>,
    get: Mutex<VecDeque<Reply>>,
    seen: Mutex<Vec<Seen>>,
    endless_written: Mutex<Option<u64>>,
}

/// A running scripted server; dropping it stops it.
pub struct ScriptedServer {
    state: Arc<State>,
    _background: Background,
}

impl ScriptedServer {
    /// Plain HTTP on 127.0.0.1.
    pub fn start() -> ScriptedServer {
        ScriptedServer::spawn(None)
    }

    /// HTTPS on 127.0.0.1, reached as `https://localhost:PORT`.
    pub fn start_tls(acceptor: TlsAcceptor) -> ScriptedServer {
        ScriptedServer::spawn(Some(acceptor))
    }

    fn spawn(tls: Option<TlsAcceptor>) -> ScriptedServer {
        let listener = loopback_listener();
        let port = listener.local_addr().unwrap().port();
        let base_url = match tls {
            Some(_) => format!("https://localhost:{port}"),
            None => format!("http://127.0.0.1:{port}"),
        };
        let state = Arc::new(State {
            base_url,
            ..State::default()
        });
        let background = Background::spawn(listener, {
            let state = Arc::clone(&state);
            move |listener| accept_loop(listener, tls, state)
        });
        ScriptedServer {
            state,
            _background: background,
        }
    }

    pub fn base_url(&self) -> String {
        self.state.base_url.clone()
    }

    /// The login URL of the default create-session answer.
    pub fn login_url(&self) -> String {
        format!("{}/login?session={SESSION_ID}", self.state.base_url)
    }

    /// Queues `reply` for the next request to `route`. With its queue empty, create-session
    /// answers a good session and get-session a completed user.
    pub fn push(&self, route: Route, reply: Reply) {
        let queue = match route {
            Route::Create => &self.state.create,
            Route::Get => &self.state.get,
        };
        lock(queue).push_back(reply);
    }

    /// Every request so far, in order of arrival.
    pub fn seen(&self) -> Vec<Seen> {
        lock(&self.state.seen).clone()
    }

    /// The requests whose line contains `text`.
    pub fn seen_with(&self, text: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.line.contains(text))
            .collect()
    }

    /// How many bytes an endless body had written when the client stopped reading it.
    pub fn endless_written(&self) -> Option<u64> {
        *lock(&self.state.endless_written)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn accept_loop(listener: TcpListener, tls: Option<TlsAcceptor>, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let state = Arc::clone(&state);
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                // A failed handshake (an untrusting client) simply ends the connection.
                Some(acceptor) => {
                    if let Ok(stream) = acceptor.accept(stream).await {
                        serve(stream, &state).await;
                    }
                }
                None => serve(stream, &state).await,
            }
        });
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S, state: &State) {
    let Some(line) = read_request_line(&mut stream).await else {
        return;
    };
    let route = if line.contains("/api/auth/get-session") {
        Route::Get
    } else {
        Route::Create
    };
    lock(&state.seen).push(Seen {
        line,
        at: Instant::now(),
    });
    let queued = match route {
        Route::Create => lock(&state.create).pop_front(),
        Route::Get => lock(&state.get).pop_front(),
    };
    let reply = queued.unwrap_or_else(|| match route {
        Route::Create => json(
            200,
            &format!(
                r#"{{"sessionId":"{SESSION_ID}","loginUrl":"{}/login?session={SESSION_ID}"}}"#,
                state.base_url
            ),
        ),
        Route::Get => json(200, &completed_body()),
    });
    // The client may hang up at any point; that is what many scripts are about.
    let _ = play(&mut stream, reply, state).await;
}

/// Reads the request head (the client sends no body) and returns its first line.
async fn read_request_line<S: AsyncRead + Unpin>(stream: &mut S) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 64 * 1024 || stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head);
    text.lines().next().map(str::to_owned)
}

async fn play<S: AsyncWrite + Unpin>(
    stream: &mut S,
    reply: Reply,
    state: &State,
) -> std::io::Result<()> {
    for step in reply {
        match step {
            Step::Send(bytes) => {
                stream.write_all(&bytes).await?;
                stream.flush().await?;
            }
            Step::Drip(bytes, gap) => {
                for byte in bytes {
                    stream.write_all(&[byte]).await?;
                    stream.flush().await?;
                    tokio::time::sleep(gap).await;
                }
            }
            Step::Pause(pause) => tokio::time::sleep(pause).await,
            Step::Endless(chunk) => {
                let mut written = 0u64;
                while written < ENDLESS_CAP {
                    if stream.write_all(&chunk).await.is_err() {
                        break;
                    }
                    written += chunk.len() as u64;
                }
                *lock(&state.endless_written) = Some(written);
                return Ok(());
            }
        }
    }
    stream.shutdown().await
}

/// A well-formed answer that closes the connection after it.
pub fn answer(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut bytes = format!(
        "HTTP/1.1 {status} Scripted\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        bytes.push_str(&format!("{name}: {value}\r\n"));
    }
    bytes.push_str("\r\n");
    let mut bytes = bytes.into_bytes();
    bytes.extend_from_slice(body);
    vec![Step::Send(bytes)]
}

/// A JSON answer with this status.
pub fn json(status: u16, body: &str) -> Reply {
    answer(
        status,
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
}

/// The head of a chunked answer; chunks follow with [`chunk`].
pub fn chunked_head(status: u16) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} Scripted\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
    )
    .into_bytes()
}

/// One chunk of a chunked body.
pub fn chunk(data: &[u8]) -> Vec<u8> {
    let mut bytes = format!("{:x}\r\n", data.len()).into_bytes();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"\r\n");
    bytes
}

/// A chunked answer whose body is `body` in chunks of 64 KiB, without a content-length, so
/// the client learns its size only by reading it.
pub fn chunked(status: u16, body: &[u8]) -> Reply {
    let mut bytes = chunked_head(status);
    for part in body.chunks(64 * 1024) {
        bytes.extend(chunk(part));
    }
    bytes.extend_from_slice(b"0\r\n\r\n");
    vec![Step::Send(bytes)]
}

/// The default completed answer's body.
pub fn completed_body() -> String {
    format!(
        r#"{{"status":"completed","user":{{"uid":"{UID}","email":"ada@example.com","name":"Ada","photoUrl":null,"tier":"pro","plan":"pro"}}}}"#
    )
}

/// A JSON object of exactly `size` bytes: `prefix` (fields, ending in a comma) and padding.
pub fn padded_object(prefix: &str, size: usize) -> Vec<u8> {
    let frame = format!(r#"{{{prefix}"pad":""}}"#);
    assert!(size >= frame.len(), "{size} is too small for {prefix}");
    let body = format!(r#"{{{prefix}"pad":"{}"}}"#, "x".repeat(size - frame.len()));
    assert_eq!(body.len(), size);
    body.into_bytes()
}

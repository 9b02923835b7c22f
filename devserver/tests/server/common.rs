use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use nova_devserver::{Config, DevServer, Identity};
use serde_json::{Value, json};

/// The content type of every HTML page the server answers.
pub const HTML: &str = "text/html; charset=utf-8";

pub struct Harness {
    pub server: DevServer,
    pub client: reqwest::Client,
    pub base: String,
}

pub fn start() -> Harness {
    start_with(Config::default())
}

pub fn start_with(config: Config) -> Harness {
    let server = DevServer::spawn(config).expect("the dev server starts");
    let base = server.base_url();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a client");
    Harness {
        server,
        client,
        base,
    }
}

/// Status and body text of an answer.
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Answer {
    /// Sends `request` and reads its whole answer.
    async fn of(request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("an answer");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.expect("a body");
        Answer {
            status,
            headers,
            body,
        }
    }
}

impl Answer {
    /// The status and the body, to compare both at once.
    pub fn status_and_body(&self) -> (u16, &str) {
        (self.status, self.body.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("expected JSON, got {:?}: {e}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl Harness {
    pub async fn send(&self, method: &str, path: &str, body: Option<&str>) -> Answer {
        self.send_bytes(method, path, body.map(|body| body.as_bytes().to_vec()))
            .await
    }

    /// A `GET` as a browser holding `cookie` (a `name=value` pair) sends it.
    pub async fn browse(&self, path: &str, cookie: Option<&str>) -> Answer {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        Answer::of(request).await
    }

    /// [`Harness::send`] with a body that need not be UTF-8.
    pub async fn send_bytes(&self, method: &str, path: &str, body: Option<Vec<u8>>) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        Answer::of(request).await
    }

    pub async fn create_answer(&self) -> Answer {
        self.send("POST", "/api/auth/create-session", None).await
    }

    /// Creates a session and returns its id.
    pub async fn create(&self) -> String {
        let answer = self.create_answer().await;
        assert_eq!(
            answer.status, 200,
            "create-session answered {}",
            answer.body
        );
        answer.json()["sessionId"].as_str().unwrap().to_owned()
    }

    /// `GET /api/auth/get-session?{query}`
    pub async fn get(&self, query: &str) -> Answer {
        self.send("GET", &format!("/api/auth/get-session?{query}"), None)
            .await
    }

    pub async fn poll(&self, id: &str) -> Answer {
        self.get(&format!("session={id}")).await
    }

    /// Polls a completed session and returns the user it delivered.
    pub async fn user(&self, id: &str) -> Value {
        self.poll(id).await.json()["user"].clone()
    }

    pub async fn complete_over_http(&self, body: &str) -> Answer {
        self.send("POST", "/api/auth/complete-session", Some(body))
            .await
    }
}

/// The user get-session delivers for a session completed as `identity`.
pub fn user_json(identity: &Identity) -> Value {
    json!({
        "uid": identity.uid, "email": identity.email, "name": identity.name,
        "photoUrl": identity.photo_url, "tier": identity.plan, "plan": identity.plan,
    })
}

/// Sends `request` as is on a fresh connection and returns everything the server sent
/// before it closed the connection (or stopped sending for two seconds).
pub fn raw_exchange(base: &str, request: &str) -> Vec<u8> {
    let addr = base.strip_prefix("http://").unwrap();
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut received = Vec::new();
    // A timeout ends the read as well as a close does; the caller checks what came.
    let _ = stream.read_to_end(&mut received);
    received
}

/// Percent-encodes a query value as a browser submitting a form would.
pub fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                char::from(b).to_string()
            }
            b' ' => "+".to_owned(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

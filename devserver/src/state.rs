//! What every request shares: the sessions, the fault plan, the counters and the request
//! log.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::fault::FaultPlan;
use crate::store::Store;

/// Counters of what the server has been asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Stats {
    /// Requests to `create-session` with its method, faulted ones included.
    pub create_requests: u64,
    /// `GET` and `HEAD` requests to `get-session`, faulted ones included.
    pub get_requests: u64,
    /// TCP connections accepted, to any route.
    pub connections: u64,
}

/// One request as it arrived, for tests that check what a client sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRecord {
    /// When the request's head arrived.
    pub at: std::time::Instant,
    pub method: String,
    /// The path and query exactly as sent.
    pub target: String,
    pub user_agent: Option<String>,
    pub accept: Option<String>,
}

/// The request log keeps the first this many requests, so a long load run stays bounded.
const MAX_RECORDS: usize = 100_000;

pub(crate) struct Shared {
    pub store: Store,
    pub faults: FaultPlan,
    pub auto_approve: Option<Duration>,
    /// Where `loginUrl` points, without a trailing slash.
    pub public_url: String,
    create_requests: AtomicU64,
    get_requests: AtomicU64,
    connections: AtomicU64,
    requests: Mutex<Vec<RequestRecord>>,
}

impl Shared {
    pub fn new(ttl: Duration, auto_approve: Option<Duration>, public_url: String) -> Self {
        Shared {
            store: Store::new(ttl),
            faults: FaultPlan::default(),
            auto_approve,
            public_url,
            create_requests: AtomicU64::new(0),
            get_requests: AtomicU64::new(0),
            connections: AtomicU64::new(0),
            requests: Mutex::new(Vec::new()),
        }
    }

    pub fn record(&self, request: &hyper::Request<hyper::body::Incoming>) {
        let header = |name: hyper::header::HeaderName| {
            let value = request.headers().get(name)?;
            Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
        };
        let record = RequestRecord {
            at: std::time::Instant::now(),
            method: request.method().to_string(),
            target: request
                .uri()
                .path_and_query()
                .map_or_else(String::new, |p| p.to_string()),
            user_agent: header(hyper::header::USER_AGENT),
            accept: header(hyper::header::ACCEPT),
        };
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        if requests.len() < MAX_RECORDS {
            requests.push(record);
        }
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn count_create(&self) {
        self.create_requests.fetch_add(1, Ordering::Relaxed);
    }

    pub fn count_get(&self) {
        self.get_requests.fetch_add(1, Ordering::Relaxed);
    }

    pub fn count_connection(&self) {
        self.connections.fetch_add(1, Ordering::Relaxed);
    }

    pub fn stats(&self) -> Stats {
        Stats {
            create_requests: self.create_requests.load(Ordering::Relaxed),
            get_requests: self.get_requests.load(Ordering::Relaxed),
            connections: self.connections.load(Ordering::Relaxed),
        }
    }
}

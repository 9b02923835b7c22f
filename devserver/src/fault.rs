//! The fault plan: answers that tests queue in place of the normal ones.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use crate::http::{self, Response};

/// A route whose requests can be faulted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `POST /api/auth/create-session`
    CreateSession,
    /// `GET /api/auth/get-session` (and `HEAD`, which runs the same handler)
    GetSession,
}

impl Route {
    /// The name used by the `/_dev/faults` control endpoint.
    pub fn name(self) -> &'static str {
        match self {
            Route::CreateSession => "create-session",
            Route::GetSession => "get-session",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Route> {
        [Route::CreateSession, Route::GetSession]
            .into_iter()
            .find(|route| route.name() == name)
    }
}

/// What one faulted request gets instead of the normal answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// Answer with this status, these headers and this body, after waiting `delay` if set.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        delay: Option<Duration>,
    },
    /// Wait, then answer normally.
    Delay(Duration),
    /// Close the connection without answering.
    CloseConnection,
}

impl Fault {
    /// An answer at once with `status` and `body` and no headers beyond HTTP's own.
    pub fn status(status: u16, body: impl Into<Vec<u8>>) -> Fault {
        Fault::Respond {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: None,
        }
    }

    /// A `429 Too Many Requests` at once with this `Retry-After` value (seconds or an HTTP
    /// date).
    pub fn too_many_requests(retry_after: &str) -> Fault {
        Fault::Respond {
            status: 429,
            headers: vec![("Retry-After".into(), retry_after.into())],
            body: Vec::new(),
            delay: None,
        }
    }
}

/// A fault made ready to serve, its answer already checked and built.
pub(crate) enum Planned {
    Respond {
        delay: Option<Duration>,
        response: Response,
    },
    Delay(Duration),
    Close,
}

impl TryFrom<Fault> for Planned {
    type Error = String;

    fn try_from(fault: Fault) -> Result<Self, String> {
        Ok(match fault {
            Fault::Respond {
                status,
                headers,
                body,
                delay,
            } => Planned::Respond {
                delay,
                response: http::raw(status, &headers, body)?,
            },
            Fault::Delay(delay) => Planned::Delay(delay),
            Fault::CloseConnection => Planned::Close,
        })
    }
}

/// A FIFO queue of faults per route.
#[derive(Default)]
pub(crate) struct FaultPlan {
    queues: Mutex<[VecDeque<Planned>; 2]>,
}

impl FaultPlan {
    /// Queues the faults in order, or none of them if HTTP cannot send one's answer.
    pub fn push_all(&self, faults: Vec<(Route, Fault)>) -> Result<(), String> {
        let planned = faults
            .into_iter()
            .map(|(route, fault)| Ok((route, Planned::try_from(fault)?)))
            .collect::<Result<Vec<_>, String>>()?;
        let mut queues = self.lock();
        for (route, fault) in planned {
            queues[route as usize].push_back(fault);
        }
        Ok(())
    }

    /// The fault for the request to `route` that is being answered now, if any.
    pub fn next(&self, route: Route) -> Option<Planned> {
        self.lock()[route as usize].pop_front()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, [VecDeque<Planned>; 2]> {
        // Each change is a single push or pop, so a poisoned queue is still consistent.
        self.queues
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

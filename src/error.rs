use std::fmt;

/// Why a call or a login failed. Each variant is one status of the C API; the text is the
/// one-line English message that `nova_login_error` hands out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    InvalidArgument(String),
    InsecureUrl(String),
    Network(String),
    Server(String),
    Expired(String),
    Timeout(String),
    Cancelled,
    Internal(String),
}

impl Error {
    pub fn message(&self) -> &str {
        match self {
            Error::InvalidArgument(m)
            | Error::InsecureUrl(m)
            | Error::Network(m)
            | Error::Server(m)
            | Error::Expired(m)
            | Error::Timeout(m)
            | Error::Internal(m) => m,
            Error::Cancelled => "the login was cancelled",
        }
    }
}

impl Error {
    /// The same error, its message prefixed with where the refused value came from.
    pub(crate) fn within(self, source: &str) -> Error {
        let prefix = |m: String| format!("{source}: {m}");
        match self {
            Error::InvalidArgument(m) => Error::InvalidArgument(prefix(m)),
            Error::InsecureUrl(m) => Error::InsecureUrl(prefix(m)),
            Error::Network(m) => Error::Network(prefix(m)),
            Error::Server(m) => Error::Server(prefix(m)),
            Error::Expired(m) => Error::Expired(prefix(m)),
            Error::Timeout(m) => Error::Timeout(prefix(m)),
            Error::Internal(m) => Error::Internal(prefix(m)),
            Error::Cancelled => Error::Cancelled,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Error {}

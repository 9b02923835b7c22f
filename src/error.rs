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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Error {}

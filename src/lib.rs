//! nova_auth: sign a program's user in to Nova AI through the system browser.
//!
//! The crate is a safe core (options and URL rules, the protocol parser, the login state
//! machine, one shared runtime and HTTP client, the browser opener) and a thin C ABI in
//! [`ffi`] that only checks arguments, converts and catches panics.

#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]

mod browser;
mod error;
mod http;
mod login;
mod options;
mod protocol;
mod retry_after;
mod runtime;
mod urls;

#[allow(unsafe_code)]
pub mod ffi;

pub use error::Error;
pub use login::{Login, Outcome};
pub use options::{BASE_URL_ENV, DEFAULT_BASE_URL, Options};
pub use protocol::{PollAnswer, Session, User, parse_create_session, parse_get_session};
pub use urls::{check_login_url, parse_base_url};

/// The crate version, as `nova_version` reports it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

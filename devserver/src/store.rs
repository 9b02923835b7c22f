//! Sessions in memory, with the production server's rules for ids, expiry and completion.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

/// A signed-in user as the production server stores it: the fields other than the plan are
/// kept as whatever JSON the completion carried, since nothing checks their types there.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct User {
    pub uid: Value,
    pub email: Value,
    pub name: Value,
    pub photo_url: Value,
    pub plan: &'static str,
}

impl User {
    /// The `user` object of a completed `get-session` answer, keys in production's order.
    pub fn to_json(&self) -> Value {
        json!({
            "uid": self.uid,
            "email": self.email,
            "name": self.name,
            "photoUrl": self.photo_url,
            "tier": self.plan,
            "plan": self.plan,
        })
    }

    /// Whether Firestore takes the user's fields: none nested deeper than it allows, and no
    /// map with an empty key.
    fn storable(&self) -> bool {
        [&self.uid, &self.email, &self.name, &self.photo_url]
            .into_iter()
            .all(|field| storable(field, 1))
    }
}

/// Firestore's limit on nesting: a document's field is at level 1, and each array or map
/// adds one.
const MAX_FIELD_LEVEL: usize = 20;

fn storable(value: &Value, level: usize) -> bool {
    level <= MAX_FIELD_LEVEL
        && match value {
            Value::Array(items) => items.iter().all(|item| storable(item, level + 1)),
            Value::Object(fields) => fields
                .iter()
                .all(|(key, item)| !key.is_empty() && storable(item, level + 1)),
            _ => true,
        }
}

/// What `get-session` finds.
#[derive(Debug)]
pub(crate) enum Lookup {
    Pending,
    Completed(Box<User>),
    NotFound,
    Expired,
    /// The id is not a valid storage path, which production reports as a storage failure.
    InvalidId,
}

/// How a completion went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Completion {
    Done,
    NotFound,
    Expired,
    InvalidId,
    /// Firestore refused the user's fields; nothing was stored.
    Unstorable,
}

struct Session {
    expires_at: Instant,
    user: Option<User>,
}

pub(crate) struct Store {
    ttl: Duration,
    sessions: Mutex<BTreeMap<String, Session>>,
}

impl Store {
    pub fn new(ttl: Duration) -> Self {
        Store {
            ttl,
            sessions: Mutex::new(BTreeMap::new()),
        }
    }

    /// Stores a new pending session and returns its id, or `None` if the system has no
    /// randomness to give, since a guessable id would hand the sign-in to anyone.
    pub fn create(&self) -> Option<String> {
        let id = new_session_id()?;
        let session = Session {
            expires_at: Instant::now() + self.ttl,
            user: None,
        };
        self.lock().insert(id.clone(), session);
        Some(id)
    }

    /// Answers a poll: an expired session is deleted, a completed one is handed out once.
    pub fn take(&self, id: &str) -> Lookup {
        let Some(key) = storage_key(id) else {
            return Lookup::InvalidId;
        };
        let mut sessions = self.lock();
        let Entry::Occupied(entry) = sessions.entry(key.to_owned()) else {
            return Lookup::NotFound;
        };
        if Instant::now() > entry.get().expires_at {
            entry.remove();
            return Lookup::Expired;
        }
        match entry.get().user.clone() {
            None => Lookup::Pending,
            Some(user) => {
                entry.remove();
                Lookup::Completed(Box::new(user))
            }
        }
    }

    /// Reports what a poll would find, without deleting anything.
    pub fn peek(&self, id: &str) -> Lookup {
        let Some(key) = storage_key(id) else {
            return Lookup::InvalidId;
        };
        match self.lock().get(key) {
            None => Lookup::NotFound,
            Some(session) if Instant::now() > session.expires_at => Lookup::Expired,
            Some(Session { user: None, .. }) => Lookup::Pending,
            Some(Session {
                user: Some(user), ..
            }) => Lookup::Completed(Box::new(user.clone())),
        }
    }

    /// Completes a session whatever its state, as production does: the last completion
    /// before a poll wins, and the session's life is not extended.
    pub fn complete(&self, id: &str, user: User) -> Completion {
        let Some(key) = storage_key(id) else {
            return Completion::InvalidId;
        };
        let mut sessions = self.lock();
        let Some(session) = sessions.get_mut(key) else {
            return Completion::NotFound;
        };
        if Instant::now() > session.expires_at {
            sessions.remove(key);
            return Completion::Expired;
        }
        if !user.storable() {
            return Completion::Unstorable;
        }
        session.user = Some(user);
        Completion::Done
    }

    pub fn ids(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Session>> {
        // The map stays consistent even if a holder panicked: every change is one call.
        self.sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The key of session `id` in the store, as production's storage reads `oauth_sessions/<id>`:
/// outer slashes are ignored, and a path with an empty segment or an even number of segments
/// (which names a collection) is no document path at all. An id that still holds slashes
/// names a document in a subcollection, which no session ever is.
fn storage_key(id: &str) -> Option<&str> {
    let key = id.trim_matches('/');
    let document = !id.contains("//") && !key.is_empty() && key.split('/').count() % 2 == 1;
    document.then_some(key)
}

/// `session_<unix ms>_<13 base-36 characters>`, the shape production hands out.
fn new_session_id() -> Option<String> {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    let mut id = format!("session_{millis}_");
    let mut suffix = 0;
    while suffix < 13 {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).ok()?;
        // Bytes of 252 and up are skipped so that every digit is equally likely.
        for byte in bytes.into_iter().filter(|&b| b < 252).take(13 - suffix) {
            id.push(char::from(DIGITS[usize::from(byte % 36)]));
            suffix += 1;
        }
    }
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_id_has_production_shape() {
        let id = new_session_id().unwrap();
        let rest = id.strip_prefix("session_").unwrap();
        let (millis, suffix) = rest.split_once('_').unwrap();
        assert!(millis.parse::<u64>().unwrap() > 1_700_000_000_000, "{id}");
        assert_eq!(suffix.len(), 13, "{id}");
        assert!(
            suffix
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()),
            "{id}"
        );
    }

    #[test]
    fn storage_key_follows_firestore_document_paths() {
        assert_eq!(storage_key("abc"), Some("abc"));
        assert_eq!(storage_key("/abc/"), Some("abc"));
        assert_eq!(storage_key("a/b/c"), Some("a/b/c"));
        for invalid in [
            "a/b", "/a/b/", "a//b", "//abc", "abc//", "/", "//", "a/b/c/d",
        ] {
            assert_eq!(storage_key(invalid), None, "for {invalid:?}");
        }
    }

    #[test]
    fn firestore_takes_twenty_levels_and_no_empty_key() {
        let nested = |levels: usize| {
            (1..levels).fold(json!("leaf"), |inner, i| {
                if i % 2 == 0 {
                    json!([inner])
                } else {
                    json!({ "k": inner })
                }
            })
        };
        assert!(storable(&nested(20), 1));
        assert!(!storable(&nested(21), 1));
        assert!(!storable(&json!({ "": null }), 1));
        assert!(!storable(&json!([{ "a": { "": 1 } }]), 1));
        assert!(storable(&json!({ " ": 1 }), 1));
    }
}

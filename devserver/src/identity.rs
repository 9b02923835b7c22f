//! The fixed test identities that the login page signs in.

use serde_json::Value;

use crate::completion::normalise_plan;
use crate::store::User;

/// A person to complete a session with, as the web app would send it to `complete-session`.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    pub uid: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub photo_url: Option<String>,
    /// Normalised like production: `standard` becomes `plus`, `ultra` becomes `pro`, and
    /// anything it does not know becomes `free`.
    pub plan: String,
}

impl Identity {
    /// Signed in with Google: every field set, on the `pro` plan.
    pub fn google() -> Self {
        Identity {
            uid: "dev-google-4f1c9a".into(),
            email: Some("ada.lovelace@example.com".into()),
            name: Some("Ada Lovelace".into()),
            photo_url: Some("https://example.com/avatars/ada.png".into()),
            plan: "pro".into(),
        }
    }

    /// Signed in with Naver: a Korean name and no photo, on the `plus` plan.
    pub fn naver() -> Self {
        Identity {
            uid: "dev-naver-7b2e10".into(),
            email: Some("minji.kim@example.com".into()),
            name: Some("김민지".into()),
            photo_url: None,
            plan: "plus".into(),
        }
    }

    /// Signed in with Kakao: a Korean name and a photo but no e-mail, on the `free` plan.
    pub fn kakao() -> Self {
        Identity {
            uid: "dev-kakao-3d8e55".into(),
            email: None,
            name: Some("이서준".into()),
            photo_url: Some("https://example.com/avatars/seojun.jpg".into()),
            plan: "free".into(),
        }
    }

    pub(crate) fn to_user(&self) -> User {
        // Production turns every falsy field, the empty string included, into null.
        let text = |field: &Option<String>| match field.as_deref() {
            None | Some("") => Value::Null,
            Some(value) => Value::from(value),
        };
        User {
            uid: Value::from(self.uid.as_str()),
            email: text(&self.email),
            name: text(&self.name),
            photo_url: text(&self.photo_url),
            plan: normalise_plan(&self.plan),
        }
    }
}

//! Typed ids: an id of one kind cannot be passed where another kind is expected.

use std::borrow::Borrow;
use std::fmt;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Wraps a string already checked by the loader (or by [`is_valid_id`]).
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

typed_id!(
    /// One of the 14 curriculum areas, e.g. `building-blocks`.
    AreaId
);
typed_id!(
    /// A topic page, e.g. `token-bucket`; equal to its file name.
    TopicId
);
typed_id!(
    /// A flashcard; stable forever, since review history is keyed by it.
    CardId
);
typed_id!(
    /// A concept of the ontology, e.g. `consistent-hashing`.
    ConceptId
);
typed_id!(
    /// A design problem of the bank, e.g. `url-shortener`; equal to its file name.
    ProblemId
);

/// Ids are lowercase ASCII letters and digits in words joined by single `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::is_valid_id;

    #[test]
    fn id_rules_accept_kebab_case_only() {
        for ok in ["cap-theorem", "l4", "http-2", "a"] {
            assert!(is_valid_id(ok), "{ok} should be valid");
        }
        for bad in ["", "-x", "x-", "a--b", "Cap", "a_b", "a b", "é"] {
            assert!(!is_valid_id(bad), "{bad:?} should be invalid");
        }
    }
}

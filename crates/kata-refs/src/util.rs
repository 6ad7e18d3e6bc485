//! What every protocol parser needs: words, numbers and the standard error replies.

/// The command's words.
pub(crate) fn words(command: &str) -> Vec<&str> {
    command.split_whitespace().collect()
}

/// A non-negative whole number, or `None`.
pub(crate) fn count(word: &str) -> Option<u64> {
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok()
}

pub(crate) fn error(code: &str) -> String {
    format!("error {code}")
}

/// The reply to a command whose first word the protocol does not have.
pub(crate) fn unknown_command() -> String {
    error("unknown-command")
}

/// The reply to a known command whose arguments do not fit its usage.
pub(crate) fn bad_arguments() -> String {
    error("bad-arguments")
}

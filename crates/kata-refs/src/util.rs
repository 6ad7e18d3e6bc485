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

/// A non-negative amount with at most two decimals (`12`, `12.5`, `12.50`) as whole cents.
pub(crate) fn cents(text: &str) -> Option<i64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || frac.len() > 2 || !digits(frac) || text.ends_with('.') {
        return None;
    }
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(frac)
}

/// Cents as `D.DD`, with a minus sign when negative.
pub(crate) fn money(cents: impl Into<i128>) -> String {
    let cents = cents.into();
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// The argument of a cache's `new CAPACITY`: a whole number of at least 1, or the reply that
/// refuses it.
pub(crate) fn capacity(args: &[&str]) -> Result<usize, String> {
    let [capacity] = args else { return Err(bad_arguments()) };
    match count(capacity) {
        Some(c) if c >= 1 => Ok(usize::try_from(c).unwrap_or(usize::MAX)),
        _ => Err(error("bad-capacity")),
    }
}

/// Puts `item` in a slot freed earlier, or in a new one at the end, and says where.
pub(crate) fn place<T>(slots: &mut Vec<T>, free: &mut Vec<usize>, item: T) -> usize {
    match free.pop() {
        Some(i) => {
            slots[i] = item;
            i
        }
        None => {
            slots.push(item);
            slots.len() - 1
        }
    }
}

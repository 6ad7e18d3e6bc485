//! Kata-specific invariants for replies no fixed line can pin down, used as `<? check NAME ARGS`.
//! A check returns why the reply fails, in words a learner can act on.

/// A check: the reply and the script's arguments; `Err` says why the reply is wrong.
pub type Check = fn(&str, &[String]) -> Result<(), String>;

const CHECKS: &[(&str, Check)] = &[("settles", settles), ("distinct", distinct), ("codes", codes)];

pub fn find(name: &str) -> Option<Check> {
    CHECKS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

pub fn names() -> Vec<&'static str> {
    CHECKS.iter().map(|(n, _)| *n).collect()
}

/// Money as whole cents, read from `12`, `12.5` or `-12.50`; more than two decimals is an error.
fn cents(text: &str) -> Option<i64> {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac_cents = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse::<i64>().ok()?,
    };
    let value = whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(frac_cents)?;
    Some(if neg { -value } else { value })
}

/// `settles NAME=BALANCE...`: the reply lists transfers `FROM>TO:AMOUNT` (or `none`) that bring
/// every balance to zero, to the cent, in at most n − 1 transfers for the n people with a
/// non-zero balance. A positive balance is owed money; a negative one owes.
fn settles(reply: &str, args: &[String]) -> Result<(), String> {
    let mut balances: Vec<(String, i64)> = Vec::new();
    for arg in args {
        let parsed = arg.split_once('=').and_then(|(name, amount)| Some((name.to_owned(), cents(amount)?)));
        let Some(entry) = parsed else {
            return Err(format!("the script's argument `{arg}` is not NAME=AMOUNT"));
        };
        balances.push(entry);
    }
    let owed: i64 = balances.iter().map(|(_, b)| b).sum();
    if owed != 0 {
        return Err(format!("the script's balances add up to {owed} cents, not zero"));
    }
    let people = balances.iter().filter(|(_, b)| *b != 0).count();
    let transfers: Vec<&str> =
        // `empty` is the protocol's word for an empty list; `none` reads naturally too.
        if matches!(reply.trim(), "none" | "empty") { Vec::new() } else { reply.split_whitespace().collect() };
    for t in &transfers {
        let parsed = t.split_once('>').and_then(|(from, rest)| {
            let (to, amount) = rest.split_once(':')?;
            Some((from, to, cents(amount)?))
        });
        let Some((from, to, amount)) = parsed else {
            return Err(format!("`{t}` is not a transfer FROM>TO:AMOUNT"));
        };
        if amount <= 0 {
            return Err(format!("`{t}` moves a non-positive amount"));
        }
        if from == to {
            return Err(format!("`{t}` pays oneself"));
        }
        for (who, delta) in [(from, amount), (to, -amount)] {
            match balances.iter_mut().find(|(n, _)| n == who) {
                Some((_, b)) => *b += delta,
                None => return Err(format!("`{t}` names `{who}`, who has no balance in this group")),
            }
        }
    }
    if let Some((who, left)) = balances.iter().find(|(_, b)| *b != 0) {
        return Err(format!("after these transfers {who} is still off by {:.2}", *left as f64 / 100.0));
    }
    let limit = people.saturating_sub(1);
    if transfers.len() > limit {
        return Err(format!(
            "{} transfers settle it, but {limit} are enough for {people} people",
            transfers.len()
        ));
    }
    Ok(())
}

/// `distinct [N]`: the reply's words are all different (and there are N of them when given).
fn distinct(reply: &str, args: &[String]) -> Result<(), String> {
    let mut words: Vec<&str> = reply.split_whitespace().collect();
    if let Some(n) = args.first().and_then(|a| a.parse::<usize>().ok())
        && words.len() != n
    {
        return Err(format!("expected {n} words, got {}", words.len()));
    }
    words.sort_unstable();
    match words.windows(2).find(|w| w[0] == w[1]) {
        Some(w) => Err(format!("`{}` appears twice", w[0])),
        None => Ok(()),
    }
}

/// `codes ALPHABET MIN MAX`: one word of MIN..=MAX characters, all from the named alphabet
/// (`base62`: 0-9 a-z A-Z, `base58`, `hex`, `digits`).
fn codes(reply: &str, args: &[String]) -> Result<(), String> {
    let [alphabet, min, max] = args else {
        return Err("the script must give `codes ALPHABET MIN MAX`".into());
    };
    let allowed: fn(char) -> bool = match alphabet.as_str() {
        "base62" => |c| c.is_ascii_alphanumeric(),
        "base58" => |c| c.is_ascii_alphanumeric() && !"0OIl".contains(c),
        "hex" => |c| c.is_ascii_hexdigit(),
        "digits" => |c| c.is_ascii_digit(),
        other => return Err(format!("the script names an unknown alphabet `{other}`")),
    };
    let (Ok(min), Ok(max)) = (min.parse::<usize>(), max.parse::<usize>()) else {
        return Err("the script's MIN and MAX must be whole numbers".into());
    };
    let code = reply.trim();
    let len = code.chars().count();
    if code.contains(char::is_whitespace) || !(min..=max).contains(&len) {
        return Err(format!("expected one code of {min} to {max} characters, got {len} characters"));
    }
    match code.chars().find(|c| !allowed(*c)) {
        Some(c) => Err(format!("`{c}` is not a {alphabet} character")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn cents_are_exact_and_refuse_sub_cent_amounts() {
        assert_eq!(cents("12"), Some(1200));
        assert_eq!(cents("12.5"), Some(1250));
        assert_eq!(cents("-0.07"), Some(-7));
        assert_eq!(cents("1.005"), None);
        assert_eq!(cents("abc"), None);
        assert_eq!(cents("."), None);
    }

    #[test]
    fn settles_accepts_a_minimal_exact_settlement() {
        let balances = args("alice=50 bob=-20 carol=-30");
        assert_eq!(settles("bob>alice:20 carol>alice:30", &balances), Ok(()));
        assert_eq!(settles("carol>alice:30.00 bob>alice:20", &balances), Ok(()));
        assert_eq!(settles("none", &args("a=0 b=0")), Ok(()));
        assert_eq!(settles("empty", &args("a=0 b=0")), Ok(()));
        assert!(settles("empty", &args("a=1 b=-1")).unwrap_err().contains("still off by"));
    }

    #[test]
    fn settles_rejects_wrong_sums_too_many_transfers_and_strangers() {
        let balances = args("alice=50 bob=-20 carol=-30");
        assert!(settles("bob>alice:20 carol>alice:29.99", &balances).unwrap_err().contains("still off by"));
        let roundabout = "bob>carol:20 carol>alice:50";
        assert_eq!(settles(roundabout, &balances), Ok(()), "two transfers for three people is allowed");
        let too_many = "bob>carol:10 bob>carol:10 carol>alice:50";
        assert!(settles(too_many, &balances).unwrap_err().contains("2 are enough"));
        assert!(settles("bob>dave:20", &balances).unwrap_err().contains("dave"));
        assert!(settles("bob>alice:-20", &balances).unwrap_err().contains("non-positive"));
        assert!(settles("bob->alice:20", &balances).is_err());
        assert!(settles("x", &args("a=1 b=2")).unwrap_err().contains("not zero"));
    }

    #[test]
    fn distinct_and_codes() {
        assert_eq!(distinct("a b c", &args("3")), Ok(()));
        assert!(distinct("a b a", &[]).unwrap_err().contains("twice"));
        assert!(distinct("a b", &args("3")).is_err());
        assert_eq!(codes("aZ09xY7", &args("base62 6 8")), Ok(()));
        assert!(codes("aZ-9xY7", &args("base62 6 8")).unwrap_err().contains("`-`"));
        assert!(codes("abc", &args("base62 6 8")).is_err());
        assert!(codes("0abc", &args("base58 1 8")).is_err());
    }
}

//! Base62 codec and short-code generator: ids as 64-bit unsigned numbers written in the digits
//! 0-9, a-z, A-Z (in that order), and a counter whose values go through a bijective scramble,
//! `(n × M + S) mod 62^W`, before being written in exactly W digits.

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "base62-codec",
    new: || Box::new(Codec::new(Zero::Digit)),
    broken: || Box::new(Codec::new(Zero::Empty)),
    bug: "encodes 0 as an empty code: the digit loop runs only while the id is above zero",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Zero {
    Digit,
    /// The bug of the broken variant: `while (id > 0) { … }` and nothing for zero.
    Empty,
}

const ALPHABET: &[u8; 62] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const MAX_WIDTH: u64 = 10;

fn digit_value(c: u8) -> Option<u64> {
    Some(u64::from(match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'z' => c - b'a' + 10,
        b'A'..=b'Z' => c - b'A' + 36,
        _ => return None,
    }))
}

/// The id in base62, in the fewest digits (at least one).
fn encode(mut id: u64, zero: Zero) -> String {
    let mut digits = Vec::new();
    while id > 0 {
        digits.push(ALPHABET[(id % 62) as usize]);
        id /= 62;
    }
    if digits.is_empty() && zero == Zero::Digit {
        digits.push(b'0');
    }
    digits.reverse();
    String::from_utf8(digits).expect("the alphabet is ASCII")
}

enum DecodeError {
    BadCharacter,
    OutOfRange,
}

/// The number a code's digits spell, leading zeros allowed.
fn digits_value(code: &str) -> Result<u64, DecodeError> {
    let values: Vec<u64> =
        code.bytes().map(digit_value).collect::<Option<_>>().ok_or(DecodeError::BadCharacter)?;
    values.into_iter().try_fold(0u64, |acc, d| {
        acc.checked_mul(62).and_then(|a| a.checked_add(d)).ok_or(DecodeError::OutOfRange)
    })
}

fn decode(code: &str) -> String {
    if code.bytes().any(|c| digit_value(c).is_none()) {
        return error("bad-character");
    }
    if code.len() > 1 && code.starts_with('0') {
        return error("not-canonical");
    }
    match digits_value(code) {
        Ok(id) => id.to_string(),
        Err(DecodeError::BadCharacter) => error("bad-character"),
        Err(DecodeError::OutOfRange) => error("out-of-range"),
    }
}

/// The inverse of `m` modulo `n`, for `m` coprime with `n`.
fn inverse(m: u64, n: u64) -> u64 {
    let (mut r0, mut r1) = (i128::from(n), i128::from(m));
    let (mut t0, mut t1) = (0i128, 1i128);
    while r1 != 0 {
        let q = r0 / r1;
        (r0, r1) = (r1, r0 - q * r1);
        (t0, t1) = (t1, t0 - q * t1);
    }
    debug_assert_eq!(r0, 1, "m and n are coprime");
    t0.rem_euclid(i128::from(n)) as u64
}

struct Generator {
    width: usize,
    /// 62^width: how many codes there are.
    space: u64,
    multiplier: u64,
    offset: u64,
    /// `multiplier`'s inverse modulo `space`.
    unscramble: u64,
    next: u64,
}

impl Generator {
    fn scramble(&self, n: u64) -> u64 {
        ((u128::from(n) * u128::from(self.multiplier) + u128::from(self.offset)) % u128::from(self.space))
            as u64
    }

    fn code(&self, value: u64) -> String {
        format!("{:0>width$}", encode(value, Zero::Digit), width = self.width)
    }

    fn reveal(&self, code: &str) -> String {
        let value = match digits_value(code) {
            Ok(v) => v,
            Err(DecodeError::BadCharacter) => return error("bad-character"),
            Err(DecodeError::OutOfRange) => return error("bad-length"),
        };
        if code.len() != self.width {
            return error("bad-length");
        }
        let shifted =
            (u128::from(value) + u128::from(self.space) - u128::from(self.offset)) % u128::from(self.space);
        ((shifted * u128::from(self.unscramble)) % u128::from(self.space)).to_string()
    }
}

struct Codec {
    zero: Zero,
    generator: Option<Generator>,
}

impl Codec {
    fn new(zero: Zero) -> Self {
        Codec { zero, generator: None }
    }

    fn create(&mut self, args: &[&str]) -> String {
        let [width, multiplier, offset] = args else { return bad_arguments() };
        let Some(width) = count(width).filter(|w| (1..=MAX_WIDTH).contains(w)) else {
            return error("bad-width");
        };
        let space = 62u64.pow(width as u32);
        let Some(multiplier) =
            count(multiplier).filter(|m| (1..space).contains(m) && m % 2 == 1 && m % 31 != 0)
        else {
            return error("bad-multiplier");
        };
        let Some(offset) = count(offset).filter(|s| *s < space) else { return error("bad-offset") };
        self.generator = Some(Generator {
            width: width as usize,
            space,
            multiplier,
            offset,
            unscramble: inverse(multiplier, space),
            next: 0,
        });
        "ok".into()
    }
}

impl Machine for Codec {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("encode", [id]) => {
                if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
                    return error("bad-number");
                }
                match count(id) {
                    Some(id) => encode(id, self.zero),
                    None => error("out-of-range"),
                }
            }
            ("decode", [code]) => decode(code),
            ("new", _) => self.create(args),
            ("next" | "reveal", _) if self.generator.is_none() => error("no-generator"),
            ("next", []) => {
                let g = self.generator.as_mut().expect("checked above");
                if g.next == g.space {
                    return error("exhausted");
                }
                let code = g.code(g.scramble(g.next));
                g.next += 1;
                code
            }
            ("reveal", [code]) => self.generator.as_ref().expect("checked above").reveal(code),
            ("encode" | "decode" | "next" | "reveal", _) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_inverts_encode_at_the_edges() {
        for id in [0, 1, 61, 62, 3843, 3844, u64::MAX / 62, u64::MAX - 1, u64::MAX] {
            assert_eq!(decode(&encode(id, Zero::Digit)), id.to_string());
        }
    }

    #[test]
    fn the_scramble_is_a_bijection_that_reveal_inverts() {
        let mut codec = Codec::new(Zero::Digit);
        assert_eq!(codec.reply("new 2 1001 77"), "ok");
        let mut seen = std::collections::HashSet::new();
        for n in 0..62 * 62 {
            let code = codec.reply("next");
            assert_eq!(code.len(), 2);
            assert_eq!(codec.reply(&format!("reveal {code}")), n.to_string());
            assert!(seen.insert(code));
        }
        assert_eq!(codec.reply("next"), "error exhausted");
    }
}

//! Splitting an expression into tokens.
//!
//! The one subtle rule: letters written against a number are a magnitude (`250M`, `1.5B`, `3k`),
//! or a unit when they spell one (`100ms`, `5GB`); letters after a space are a unit or a name
//! (`500 B` is bytes, `500B` is 500 billion).

use crate::problem::Problem;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A number with its magnitude applied: `250M` is 250e6.
    Num(f64),
    /// A word: a unit, a variable, a function, or the keyword `to`.
    Word(String),
    /// A word written against the number before it, like `ms` in `100ms`.
    AttachedWord(String),
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    Percent,
    Dollar,
    LParen,
    RParen,
    Comma,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    /// Byte range in the source.
    pub start: usize,
    pub end: usize,
}

/// Letters that could be a magnitude or a unit when written against a number: `3b` is bits or
/// billion, `5m` million or minutes. Refused, with advice.
const AMBIGUOUS: &[&str] = &["b", "m", "t", "g", "G"];

/// Magnitude suffixes written against a number.
fn magnitude(suffix: &str) -> Option<f64> {
    Some(match suffix {
        "K" | "k" => 1e3,
        "M" => 1e6,
        "B" | "bn" => 1e9,
        "T" => 1e12,
        "x" => 1.0,
        _ => return None,
    })
}

pub fn lex(src: &str, warnings: &mut Vec<Problem>) -> Result<Vec<Token>, Problem> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(src.len(), |c| c.0);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let single = match c {
            '+' => Some(Tok::Plus),
            '-' | '−' => Some(Tok::Minus),
            '*' | '×' | '·' => Some(Tok::Star),
            '/' | '÷' => Some(Tok::Slash),
            '^' => Some(Tok::Caret),
            '%' => Some(Tok::Percent),
            '$' => Some(Tok::Dollar),
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            ',' => Some(Tok::Comma),
            _ => None,
        };
        if let Some(tok) = single {
            tokens.push(Token { tok, start, end: end_of(i + 1) });
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(|n| n.1.is_ascii_digit())) {
            let mut j = i;
            let mut text = String::new();
            while j < chars.len() && (chars[j].1.is_ascii_digit() || chars[j].1 == '.' || chars[j].1 == '_') {
                if chars[j].1 != '_' {
                    text.push(chars[j].1);
                }
                j += 1;
            }
            // Scientific notation: 1e9, 2.5e-3.
            if j < chars.len() && (chars[j].1 == 'e' || chars[j].1 == 'E') {
                let mut k = j + 1;
                if k < chars.len() && (chars[k].1 == '-' || chars[k].1 == '+') {
                    k += 1;
                }
                if k < chars.len() && chars[k].1.is_ascii_digit() {
                    text.push('e');
                    text.extend(chars[j + 1..k].iter().map(|c| c.1));
                    j = k;
                    while j < chars.len() && chars[j].1.is_ascii_digit() {
                        text.push(chars[j].1);
                        j += 1;
                    }
                }
            }
            let value: f64 = text.parse().map_err(|_| {
                Problem::new(format!("`{}` is not a number", &src[start..end_of(j)]), start, end_of(j))
                    .with_help("write numbers like 250, 1.5 or 2e9")
            })?;
            // Letters against the number.
            let mut k = j;
            while k < chars.len() && is_word_char(chars[k].1) {
                k += 1;
            }
            let suffix = &src[end_of(j)..end_of(k)];
            let (number_end, attached) = if suffix.is_empty() {
                (end_of(j), None)
            } else if AMBIGUOUS.contains(&suffix) {
                return Err(ambiguous_suffix(src, start, end_of(j), end_of(k), suffix));
            } else if let Some(m) = magnitude(suffix) {
                if suffix == "B" {
                    warnings.push(
                        Problem::new(
                            format!(
                                "`{}` is read as {} billion",
                                &src[start..end_of(k)],
                                &src[start..end_of(j)]
                            ),
                            start,
                            end_of(k),
                        )
                        .with_help(format!(
                            "for bytes, put a space before the unit: `{} B`",
                            &src[start..end_of(j)]
                        )),
                    );
                }
                tokens.push(Token { tok: Tok::Num(value * m), start, end: end_of(k) });
                i = k;
                continue;
            } else if crate::units::is_unit(suffix) || crate::units::lenient(suffix).is_some() {
                (end_of(j), Some(suffix.to_owned()))
            } else {
                return Err(ambiguous_suffix(src, start, end_of(j), end_of(k), suffix));
            };
            tokens.push(Token { tok: Tok::Num(value), start, end: number_end });
            if let Some(word) = attached {
                tokens.push(Token { tok: Tok::AttachedWord(word), start: number_end, end: end_of(k) });
            }
            i = k;
            continue;
        }
        if is_word_start(c) {
            let mut j = i;
            while j < chars.len() && is_word_char(chars[j].1) {
                j += 1;
            }
            tokens.push(Token { tok: Tok::Word(src[start..end_of(j)].to_owned()), start, end: end_of(j) });
            i = j;
            continue;
        }
        return Err(Problem::new(format!("unexpected character `{c}`"), start, end_of(i + 1))
            .with_help("expressions use numbers, units, names, + - * / ^ % ( ) and `to`"));
    }
    Ok(tokens)
}

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == 'µ' || c == 'μ'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == 'µ' || c == 'μ'
}

/// Letters against a number that are neither a magnitude nor a unit.
fn ambiguous_suffix(src: &str, start: usize, number_end: usize, end: usize, suffix: &str) -> Problem {
    let number = &src[start..number_end];
    let help = match suffix {
        "m" => format!(
            "`m` could be million, minutes or milli-: write `{number}M` for million or `{number} min` for minutes"
        ),
        "b" => {
            format!("`b` could be billion or bits: write `{number}B` for billion or `{number} b` for bits")
        }
        "t" => format!("write `{number}T` for trillion"),
        "g" | "G" => format!("write `{number}B` for billion, or a unit such as `{number} GB`"),
        _ => match suggest::closest(suffix, crate::units::UNITS.iter().map(|u| u.name)).first() {
            Some(unit) => format!("did you mean `{number} {unit}`?"),
            None => "magnitudes are K, M, B (billion) and T; units go after a space".to_owned(),
        },
    };
    Problem::new(format!("`{}` has an unknown suffix `{suffix}`", &src[start..end]), number_end, end)
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        lex(src, &mut Vec::new()).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn magnitudes_bind_to_the_number() {
        assert_eq!(toks("250M"), [Tok::Num(250e6)]);
        assert_eq!(toks("1.5B"), [Tok::Num(1.5e9)]);
        assert_eq!(toks("3k + 3K"), [Tok::Num(3e3), Tok::Plus, Tok::Num(3e3)]);
        assert_eq!(toks("2e9"), [Tok::Num(2e9)]);
        assert_eq!(toks("1_000"), [Tok::Num(1000.0)]);
    }

    #[test]
    fn units_after_a_space_or_spelled_against_the_number() {
        assert_eq!(toks("500 B"), [Tok::Num(500.0), Tok::Word("B".into())]);
        assert_eq!(toks("100ms"), [Tok::Num(100.0), Tok::AttachedWord("ms".into())]);
        assert_eq!(
            toks("5GB/s"),
            [Tok::Num(5.0), Tok::AttachedWord("GB".into()), Tok::Slash, Tok::Word("s".into())]
        );
    }

    #[test]
    fn attached_b_is_billion_with_a_warning() {
        let mut warnings = Vec::new();
        lex("500B", &mut warnings).unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].help.as_deref().unwrap().contains("`500 B`"));
    }

    #[test]
    fn ambiguous_suffixes_are_errors_with_advice() {
        let err = lex("5m", &mut Vec::new()).unwrap_err();
        assert!(err.help.unwrap().contains("`5M`"));
        let err = lex("3b", &mut Vec::new()).unwrap_err();
        assert!(err.help.unwrap().contains("bits"));
        assert_eq!(lex("2 # 3", &mut Vec::new()).unwrap_err().start, 2);
    }
}

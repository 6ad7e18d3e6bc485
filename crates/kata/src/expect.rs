//! What a reply must be. Most replies are exact lines; replies that may legitimately vary (a
//! generated id, an order the statement leaves open, a float) are judged by a rule.

use crate::checks;

/// An expectation: a rule, and optionally a name under which the reply is saved.
#[derive(Clone, Debug, PartialEq)]
pub struct Expect {
    pub rule: Rule,
    pub save: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// Exactly this line (after `$name` substitution); trailing spaces are ignored.
    Exact(String),
    /// Any single line.
    Any,
    /// One of the alternatives, written `a | b | c`.
    OneOf(Vec<String>),
    /// The same space-separated words in any order (a multiset).
    Set(Vec<String>),
    /// Contains every one of these words, in any order, maybe among others.
    Has(Vec<String>),
    /// Starts with this text.
    Prefix(String),
    /// A number between the two bounds, inclusive.
    Range(f64, f64),
    /// Equal to a reply saved earlier.
    Same(String),
    /// Different from a reply saved earlier (two generated ids must not collide).
    Differs(String),
    /// A kata-specific invariant (see [`checks`]), with its arguments.
    Check(String, Vec<String>),
}

impl Rule {
    /// Reads the text after `<?`. A trailing `as NAME` saves the reply.
    pub(crate) fn parse(text: &str) -> Result<Expect, (String, &'static str)> {
        let (text, save) = match text.rsplit_once(" as ") {
            Some((rule, name)) if is_name(name.trim()) => (rule.trim_end(), Some(name.trim().to_owned())),
            _ => (text, None),
        };
        let (word, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        let rest = rest.trim();
        let words = || rest.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        let name = |what: &'static str| {
            if is_name(rest) {
                Ok(rest.to_owned())
            } else {
                Err((format!("`{word}` needs one name (letters, digits, `_`), got `{rest}`"), what))
            }
        };
        let rule = match word {
            "any" if rest.is_empty() => Rule::Any,
            "save" => {
                let n = name("write `<? save NAME`; later steps use it as `$NAME`")?;
                return Ok(Expect { rule: Rule::Any, save: Some(n) });
            }
            "one-of" => {
                let alts: Vec<String> = rest.split('|').map(|a| a.trim().to_owned()).collect();
                if alts.len() < 2 || alts.iter().any(String::is_empty) {
                    return Err((
                        "`one-of` needs two or more alternatives".into(),
                        "write `<? one-of A | B`",
                    ));
                }
                Rule::OneOf(alts)
            }
            "set" | "has" if rest.is_empty() => {
                return Err((format!("`{word}` needs the words to look for"), "write `<? set a b c`"));
            }
            "set" => Rule::Set(words()),
            "has" => Rule::Has(words()),
            "prefix" if !rest.is_empty() => Rule::Prefix(rest.to_owned()),
            "range" => {
                let bounds: Vec<f64> = rest.split_whitespace().filter_map(|w| w.parse().ok()).collect();
                match bounds[..] {
                    [lo, hi] if lo <= hi && rest.split_whitespace().count() == 2 => Rule::Range(lo, hi),
                    _ => {
                        return Err((
                            format!("`range {rest}` needs two numbers, low then high"),
                            "write `<? range 9.5 10.5`",
                        ));
                    }
                }
            }
            "same" => Rule::Same(name("write `<? same NAME` for a reply saved earlier")?),
            "differs" => Rule::Differs(name("write `<? differs NAME` for a reply saved earlier")?),
            "check" => {
                let mut w = words();
                if w.is_empty() {
                    return Err((
                        "`check` needs the name of a check".into(),
                        "write `<? check NAME ARGS...`",
                    ));
                }
                let check = w.remove(0);
                if checks::find(&check).is_none() {
                    return Err((
                        format!("no check called `{check}`; there are: {}", checks::names().join(", ")),
                        "use one of the checks listed",
                    ));
                }
                Rule::Check(check, w)
            }
            _ => {
                return Err((
                    format!("`{}` is not a rule", text.trim()),
                    "rules: any, save NAME, one-of A | B, set W..., has W..., prefix TEXT, range LO HI, same NAME, differs NAME, check NAME ARGS... (and `as NAME` to save)",
                ));
            }
        };
        Ok(Expect { rule, save })
    }

    /// Whether `reply` passes; `saved` gives replies saved earlier. On failure, why.
    pub fn judge(&self, reply: &str, saved: &dyn Fn(&str) -> Option<String>) -> Result<(), String> {
        let reply = reply.trim_end();
        let ok = match self {
            Rule::Exact(line) => reply == line.trim_end(),
            Rule::Any => true,
            Rule::OneOf(alts) => alts.iter().any(|a| a == reply),
            Rule::Set(words) => {
                let mut want: Vec<&str> = words.iter().map(String::as_str).collect();
                let mut got: Vec<&str> = reply.split_whitespace().collect();
                want.sort_unstable();
                got.sort_unstable();
                want == got
            }
            Rule::Has(words) => {
                let got: Vec<&str> = reply.split_whitespace().collect();
                words.iter().all(|w| got.contains(&w.as_str()))
            }
            Rule::Prefix(p) => reply.starts_with(p.as_str()),
            Rule::Range(lo, hi) => match reply.trim().parse::<f64>() {
                Ok(n) => (*lo..=*hi).contains(&n),
                Err(_) => return Err("not a number".into()),
            },
            Rule::Same(name) => saved(name).is_some_and(|s| s == reply),
            Rule::Differs(name) => saved(name).is_some_and(|s| s != reply),
            Rule::Check(name, args) => {
                let check = checks::find(name).expect("checks are resolved when the script is read");
                return check(reply, args);
            }
        };
        if ok { Ok(()) } else { Err(String::new()) }
    }

    /// The expectation in words, for a failure report.
    pub fn describe(&self, saved: &dyn Fn(&str) -> Option<String>) -> String {
        let shown = |name: &str| saved(name).unwrap_or_else(|| "(nothing saved)".into());
        match self {
            Rule::Exact(line) => line.clone(),
            Rule::Any => "any line".into(),
            Rule::OneOf(alts) => format!("one of: {}", alts.join(" | ")),
            Rule::Set(words) => format!("these words in any order: {}", words.join(" ")),
            Rule::Has(words) => format!("a line containing: {}", words.join(" ")),
            Rule::Prefix(p) => format!("a line starting with `{p}`"),
            Rule::Range(lo, hi) => format!("a number from {lo} to {hi}"),
            Rule::Same(name) => format!("the same as ${name} ({})", shown(name)),
            Rule::Differs(name) => format!("anything but ${name} ({})", shown(name)),
            Rule::Check(name, args) => {
                format!("a reply passing check `{name}` {}", args.join(" ")).trim_end().to_owned()
            }
        }
    }
}

fn is_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(text: &str) -> Expect {
        Rule::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    fn passes(text: &str, reply: &str) -> bool {
        let saved = |n: &str| (n == "prev").then(|| "abc".to_owned());
        rule(text).rule.judge(reply, &saved).is_ok()
    }

    #[test]
    fn each_rule_accepts_what_it_should_and_nothing_else() {
        assert!(passes("any", "whatever"));
        assert!(
            passes("one-of a b | c", "c")
                && passes("one-of a b | c", "a b")
                && !passes("one-of a b | c", "a")
        );
        assert!(passes("set x y y", "y x y") && !passes("set x y y", "x y") && !passes("set x y", "x y z"));
        assert!(passes("has ok 3", "3 items ok") && !passes("has ok 3", "ok"));
        assert!(passes("prefix error", "error not-found") && !passes("prefix error", "ok"));
        assert!(
            passes("range 9.5 10.5", "10")
                && passes("range 9.5 10.5", "10.5")
                && !passes("range 9.5 10.5", "11")
        );
        assert!(!passes("range 1 2", "one"));
        assert!(passes("same prev", "abc") && !passes("same prev", "abd"));
        assert!(passes("differs prev", "abd") && !passes("differs prev", "abc"));
    }

    #[test]
    fn trailing_spaces_in_replies_do_not_matter() {
        assert!(Rule::Exact("ok".into()).judge("ok  ", &|_| None).is_ok());
        assert!(Rule::Exact("ok".into()).judge(" ok", &|_| None).is_err());
    }

    #[test]
    fn as_name_saves_and_save_is_any() {
        assert_eq!(rule("one-of 1 | 2 as first").save.as_deref(), Some("first"));
        let e = rule("save code");
        assert_eq!((e.rule, e.save.as_deref()), (Rule::Any, Some("code")));
        // `as` inside an alternative with spaces after it is text, not a save.
        assert_eq!(rule("one-of ask as you go | no").save, None);
    }

    #[test]
    fn malformed_rules_say_how_to_write_them() {
        for (text, needle) in [
            ("one-of a", "two or more"),
            ("range 5 1", "low then high"),
            ("range 1", "two numbers"),
            ("same", "one name"),
            ("set", "words"),
            ("check", "name of a check"),
            ("check nonsense", "no check called"),
            ("equals 3", "not a rule"),
        ] {
            let (message, _) = Rule::parse(text).expect_err(text);
            assert!(message.contains(needle), "{text}: {message}");
        }
    }

    #[test]
    fn descriptions_name_the_saved_value() {
        let saved = |n: &str| (n == "prev").then(|| "abc".to_owned());
        assert_eq!(rule("same prev").rule.describe(&saved), "the same as $prev (abc)");
        assert_eq!(rule("range 1 2").rule.describe(&saved), "a number from 1 to 2");
    }
}

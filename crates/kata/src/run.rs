//! Drives a program through a script and judges every reply. The program sits behind a
//! [`Transport`]: an in-process machine in tests, a child process in the CLI.

use std::collections::HashMap;

use crate::script::{Script, substitute};

/// Sends one command line and returns the reply line.
pub trait Transport {
    fn exchange(&mut self, command: &str) -> Result<String, TransportError>;
}

/// Why no reply came.
#[derive(Clone, Debug, PartialEq)]
pub enum TransportError {
    /// The program did not answer within the scenario's time.
    Timeout { seconds: f64 },
    /// The program ended (or closed its output) before answering.
    Exited { status: String },
    /// The program wrote more than the harness reads.
    Flood { bytes: usize },
    /// The reply was not text.
    NotUtf8,
    /// The program could not be written to or read from.
    Io(String),
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::Timeout { seconds } => write!(f, "no reply within {seconds:.1} s"),
            TransportError::Exited { status } => write!(f, "the program exited ({status}) before replying"),
            TransportError::Flood { bytes } => {
                write!(f, "the program wrote more than {bytes} bytes; the harness stopped reading")
            }
            TransportError::NotUtf8 => write!(f, "the reply is not UTF-8 text"),
            TransportError::Io(e) => write!(f, "could not talk to the program: {e}"),
        }
    }
}

/// How a scenario went.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Passed { steps: usize },
    Failed(Failure),
}

impl Outcome {
    pub fn ok(&self) -> bool {
        matches!(self, Outcome::Passed { .. })
    }
}

/// The first step that went wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// Index of the step, 0-based, and the script line of its command.
    pub step: usize,
    pub line: u32,
    /// The command as sent (saved values substituted).
    pub command: String,
    pub expected: String,
    /// The reply, when one came.
    pub got: Option<String>,
    /// Why it failed, in words.
    pub message: String,
    /// The exchanges before the failing one, most recent last (at most a few), for context.
    pub before: Vec<StepReport>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StepReport {
    pub command: String,
    pub reply: String,
}

/// How many earlier exchanges a failure shows.
const CONTEXT: usize = 3;

/// Runs `script` against `program` and stops at the first failing step.
pub fn run(script: &Script, program: &mut dyn Transport) -> Outcome {
    let mut saved: HashMap<String, String> = HashMap::new();
    let mut history: Vec<StepReport> = Vec::new();
    for (i, step) in script.steps.iter().enumerate() {
        let lookup = |name: &str| saved.get(name).cloned();
        // Scripts are checked when read, so every name is known by now.
        let command = substitute(&step.command, &lookup).unwrap_or_else(|_| step.command.clone());
        let rule = match &step.expect.rule {
            crate::Rule::Exact(text) => {
                crate::Rule::Exact(substitute(text, &lookup).unwrap_or_else(|_| text.clone()))
            }
            other => other.clone(),
        };
        let fail = |got: Option<String>, message: String, history: &[StepReport]| {
            Outcome::Failed(Failure {
                step: i,
                line: step.line,
                command: command.clone(),
                expected: rule.describe(&lookup),
                got,
                message,
                before: history[history.len().saturating_sub(CONTEXT)..].to_vec(),
            })
        };
        let reply = match program.exchange(&command) {
            Ok(reply) => reply,
            Err(e) => return fail(None, e.to_string(), &history),
        };
        if let Err(why) = rule.judge(&reply, &lookup) {
            let message = if why.is_empty() { "the reply differs".to_owned() } else { why };
            return fail(Some(reply), message, &history);
        }
        if let Some(name) = &step.expect.save {
            saved.insert(name.clone(), reply.trim_end().to_owned());
        }
        history.push(StepReport { command, reply });
    }
    Outcome::Passed { steps: script.steps.len() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Machine, parse};

    /// A key-value store that answers `put K V` and `get K`, counting ids from 1.
    #[derive(Default)]
    struct Store {
        map: HashMap<String, String>,
        next: u32,
    }

    impl Machine for Store {
        fn reply(&mut self, command: &str) -> String {
            let words: Vec<&str> = command.split_whitespace().collect();
            match words[..] {
                ["put", k, v] => {
                    self.map.insert(k.into(), v.into());
                    "ok".into()
                }
                ["get", k] => self.map.get(k).cloned().unwrap_or_else(|| "missing".into()),
                ["new"] => {
                    self.next += 1;
                    format!("id{}", self.next)
                }
                _ => "error bad-command".into(),
            }
        }
    }

    #[test]
    fn a_correct_program_passes_every_step() {
        let script = parse("> put a 1\n< ok\n> get a\n< 1\n> new\n<? save x\n> new\n<? differs x as y\n> put k $y\n< ok\n> get k\n< $y\n").unwrap();
        assert_eq!(crate::run_machine(&script, &mut Store::default()), Outcome::Passed { steps: 6 });
    }

    #[test]
    fn the_first_wrong_reply_is_reported_with_expected_got_and_context() {
        let script = parse("> put a 1\n< ok\n> get a\n< 2\n> get a\n< 1\n").unwrap();
        let Outcome::Failed(f) = crate::run_machine(&script, &mut Store::default()) else {
            panic!("should fail")
        };
        assert_eq!((f.step, f.line), (1, 3));
        assert_eq!(f.command, "get a");
        assert_eq!(f.expected, "2");
        assert_eq!(f.got.as_deref(), Some("1"));
        assert_eq!(f.before, vec![StepReport { command: "put a 1".into(), reply: "ok".into() }]);
    }

    #[test]
    fn transport_errors_become_failures_without_a_reply() {
        struct Dead;
        impl Transport for Dead {
            fn exchange(&mut self, _: &str) -> Result<String, TransportError> {
                Err(TransportError::Exited { status: "exit status: 3".into() })
            }
        }
        let script = parse("> get a\n< 1\n").unwrap();
        let Outcome::Failed(f) = run(&script, &mut Dead) else { panic!("should fail") };
        assert_eq!(f.got, None);
        assert!(f.message.contains("exit status: 3"), "{}", f.message);
    }

    #[test]
    fn saved_values_fill_commands_and_exact_expectations() {
        let script = parse("> new\n<? save a\n> put $a v\n< ok\n> get $a\n< v\n> get id1\n< v\n").unwrap();
        assert!(crate::run_machine(&script, &mut Store::default()).ok());
    }
}

//! LLD katas, the part that needs no process: scenario scripts (what to send, what to expect),
//! the rules that judge a reply, and a runner that drives anything answering one line per
//! command. The CLI wraps a real process in [`Transport`]; tests wrap an in-process machine.
//!
//! ```text
//! # a comment
//! > put a 1          send a command
//! < ok               expect exactly this reply
//! > shorten https://example.com/x
//! <? save code       any reply, remembered as $code
//! > resolve $code    saved replies can be used in later commands and expectations
//! < https://example.com/x
//! ```

pub mod checks;
mod expect;
mod run;
mod script;
pub mod starter;

pub use expect::{Expect, Rule};
pub use run::{Failure, Outcome, StepReport, Transport, TransportError, run};
pub use script::{Script, ScriptError, Step, parse};

/// The replies a machine gives, one line per command.
pub trait Machine {
    /// Handles one command line (without its newline) and returns the reply line.
    fn reply(&mut self, command: &str) -> String;
}

/// An in-process machine is a transport that never fails.
struct InProcess<'a>(&'a mut dyn Machine);

impl Transport for InProcess<'_> {
    fn exchange(&mut self, command: &str) -> Result<String, TransportError> {
        Ok(self.0.reply(command))
    }
}

/// Runs a script against a machine in this process.
pub fn run_machine(script: &Script, machine: &mut dyn Machine) -> Outcome {
    run(script, &mut InProcess(machine))
}

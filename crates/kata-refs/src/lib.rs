//! Reference implementations of the LLD katas. Each module implements one kata's line protocol
//! as a [`Machine`]: a correct reference that passes the kata's scenarios, and a broken variant
//! with one realistic bug that the scenarios must catch (so a suite that cannot fail is found).
//!
//! `sdcoach kata run ID --reference` runs the binary itself as the program under test, through a
//! hidden subcommand that calls [`serve`].

use std::io::{BufRead, Write};

use kata::Machine;

mod lru_cache;
mod util;

/// A kata's implementations.
#[derive(Clone, Copy)]
pub struct Reference {
    pub id: &'static str,
    /// A fresh correct machine.
    pub new: fn() -> Box<dyn Machine>,
    /// A fresh machine with [`Reference::bug`].
    pub broken: fn() -> Box<dyn Machine>,
    /// The broken variant's bug, in words.
    pub bug: &'static str,
}

impl std::fmt::Debug for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reference").field("id", &self.id).field("bug", &self.bug).finish()
    }
}

/// Every reference, one per kata. Add a kata's entry here after its module compiles.
pub const REFERENCES: &[Reference] = &[lru_cache::REFERENCE];

pub fn find(id: &str) -> Option<&'static Reference> {
    REFERENCES.iter().find(|r| r.id == id)
}

/// Answers commands from `input` until it ends, one flushed reply line per command line.
/// Blank lines are skipped, as the starters do.
pub fn serve(machine: &mut dyn Machine, input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let reply = machine.reply(line.trim_end_matches('\r'));
        writeln!(output, "{reply}")?;
        output.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = REFERENCES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn serve_answers_each_line_and_skips_blank_ones() {
        let mut lru = (find("lru-cache").unwrap().new)();
        let mut out = Vec::new();
        serve(lru.as_mut(), "new 1\n\nput a 1\r\nget a\n".as_bytes(), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "ok\nok\n1\n");
    }
}

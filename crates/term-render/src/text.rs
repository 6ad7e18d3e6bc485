//! Styled inline text: words with their ANSI attributes, word wrapping, and painting to escapes.

use std::mem::take;

/// The ANSI attributes of a run of text. Tracked even without colour so wrapping is the same
/// either way; only [`paint`] decides whether escapes are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Ink {
    pub bold: bool,
    pub dim: bool,
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
    pub fg: Option<u8>,
}

pub(crate) const PLAIN: Ink =
    Ink { bold: false, dim: false, italic: false, underline: false, strike: false, fg: None };
pub(crate) const BOLD: Ink = Ink { bold: true, ..PLAIN };
pub(crate) const DIM: Ink = Ink { dim: true, ..PLAIN };
pub(crate) const ITALIC: Ink = Ink { italic: true, ..PLAIN };
pub(crate) const UNDERLINE: Ink = Ink { underline: true, ..PLAIN };
pub(crate) const STRIKE: Ink = Ink { strike: true, ..PLAIN };
pub(crate) const CODE: Ink = Ink { fg: Some(32), ..PLAIN };

const RESET: &str = "\x1b[0m";

impl Ink {
    pub(crate) fn fg(code: u8) -> Ink {
        Ink { fg: Some(code), ..PLAIN }
    }

    /// Both sets of attributes; the inner (later) colour wins.
    pub(crate) fn with(self, inner: Ink) -> Ink {
        Ink {
            bold: self.bold || inner.bold,
            dim: self.dim || inner.dim,
            italic: self.italic || inner.italic,
            underline: self.underline || inner.underline,
            strike: self.strike || inner.strike,
            fg: inner.fg.or(self.fg),
        }
    }

    fn sgr(self) -> String {
        let flags = [(self.bold, 1), (self.dim, 2), (self.italic, 3), (self.underline, 4), (self.strike, 9)];
        let codes: Vec<String> = flags
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, code)| code.to_string())
            .chain(self.fg.map(|c| c.to_string()))
            .collect();
        format!("\x1b[{}m", codes.join(";"))
    }
}

/// Runs of text, each with one ink; a word or a laid-out line.
pub(crate) type Runs = Vec<(String, Ink)>;

/// What inline content is made of before it is wrapped.
#[derive(Debug)]
pub(crate) enum Atom {
    Word(Runs),
    Space(Ink),
    Break,
}

/// Inline content collected from Markdown events until its block ends.
#[derive(Debug, Default)]
pub(crate) struct Inline {
    pub atoms: Vec<Atom>,
}

impl Inline {
    pub(crate) fn is_empty(&self) -> bool {
        self.atoms.is_empty()
    }

    /// Adds text; whitespace separates words and runs of it collapse to one space. Control
    /// characters are dropped: they would break the width count and could smuggle escapes in.
    pub(crate) fn push_str(&mut self, text: &str, ink: Ink) {
        for ch in text.chars() {
            if matches!(ch, ' ' | '\t' | '\n' | '\r') {
                if !matches!(self.atoms.last(), Some(Atom::Space(_))) {
                    self.atoms.push(Atom::Space(ink));
                }
            } else if !ch.is_control() {
                match self.atoms.last_mut() {
                    Some(Atom::Word(runs)) => push_char(runs, ch, ink),
                    _ => self.atoms.push(Atom::Word(vec![(ch.to_string(), ink)])),
                }
            }
        }
    }

    pub(crate) fn push_break(&mut self) {
        self.atoms.push(Atom::Break);
    }
}

fn push_char(runs: &mut Runs, ch: char, ink: Ink) {
    match runs.last_mut() {
        Some((text, last)) if *last == ink => text.push(ch),
        _ => runs.push((ch.to_string(), ink)),
    }
}

pub(crate) fn runs_width(runs: &Runs) -> usize {
    runs.iter().map(|(text, _)| text.chars().count()).sum()
}

/// Fills lines of at most `width` columns, breaking between words; a word longer than a whole
/// line is cut, since nothing else would fit it.
pub(crate) fn wrap(atoms: &[Atom], width: usize) -> Vec<Runs> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = Runs::new();
    let mut used = 0;
    let mut space = None;
    for atom in atoms {
        match atom {
            Atom::Space(ink) => space = (used > 0).then_some(*ink),
            Atom::Break => {
                if used > 0 || !lines.is_empty() {
                    lines.push(take(&mut line));
                }
                used = 0;
                space = None;
            }
            Atom::Word(runs) => {
                let gap = usize::from(space.is_some());
                if used > 0 && used + gap + runs_width(runs) > width {
                    lines.push(take(&mut line));
                    used = 0;
                } else if let Some(ink) = space {
                    push_char(&mut line, ' ', ink);
                    used += 1;
                }
                space = None;
                for (text, ink) in runs {
                    for ch in text.chars() {
                        if used == width {
                            lines.push(take(&mut line));
                            used = 0;
                        }
                        push_char(&mut line, ch, *ink);
                        used += 1;
                    }
                }
            }
        }
    }
    if used > 0 {
        lines.push(line);
    }
    lines
}

/// The runs as a string, with escapes only where the ink changes and a reset at the end.
pub(crate) fn paint(runs: &Runs, color: bool) -> String {
    let mut out = String::new();
    let mut open = PLAIN;
    for (text, ink) in runs {
        if color && *ink != open {
            if open != PLAIN {
                out.push_str(RESET);
            }
            if *ink != PLAIN {
                out.push_str(&ink.sgr());
            }
            open = *ink;
        }
        out.push_str(text);
    }
    if open != PLAIN {
        out.push_str(RESET);
    }
    out
}

/// Columns a string takes on screen: its chars, minus ANSI escape sequences.
pub fn visible_width(s: &str) -> usize {
    let mut width = 0;
    let mut chars = s.chars();
    while let Some(ch) = chars.next() {
        if ch == '\x1b' {
            // CSI sequences run to a final byte in '@'..='~'; other escapes are two chars.
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            width += 1;
        }
    }
    width
}

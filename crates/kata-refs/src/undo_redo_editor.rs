//! Undo and redo: every edit is a command that records absolute positions and the text it
//! inserted or removed, so it can be reverted and re-applied exactly. Steps (one edit, or a group
//! of them) live on an undo deque, bounded by dropping the oldest, and a redo stack that any new
//! edit clears. Each step has an id; the saved state is the id of the step it followed.

use std::collections::VecDeque;

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "undo-redo-editor",
    new: || Box::new(Editor::new(Redo::AtRecordedPosition)),
    broken: || Box::new(Editor::new(Redo::AtCursor)),
    bug: "redo re-runs an insert at the current cursor instead of the position it recorded",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Redo {
    AtRecordedPosition,
    /// The bug of the broken variant: an insert re-reads the cursor when it is redone.
    AtCursor,
}

const DEFAULT_LIMIT: usize = 1000;

#[derive(Clone)]
enum Edit {
    Insert { pos: usize, text: Vec<char> },
    Delete { pos: usize, removed: Vec<char> },
}

impl Edit {
    fn apply(&self, doc: &mut Vec<char>) {
        match self {
            Edit::Insert { pos, text } => {
                doc.splice(*pos..*pos, text.iter().copied());
            }
            Edit::Delete { pos, removed } => {
                doc.drain(*pos..*pos + removed.len());
            }
        }
    }

    fn revert(&self, doc: &mut Vec<char>) {
        match self {
            Edit::Insert { pos, text } => {
                doc.drain(*pos..*pos + text.len());
            }
            Edit::Delete { pos, removed } => {
                doc.splice(*pos..*pos, removed.iter().copied());
            }
        }
    }
}

/// One undoable step: a composite of edits, applied in order and reverted in reverse.
struct Step {
    id: u64,
    edits: Vec<Edit>,
    cursor_before: usize,
    cursor_after: usize,
}

/// A group being collected between `begin` and `end`.
struct Group {
    edits: Vec<Edit>,
    cursor_before: usize,
}

struct Editor {
    redo_mode: Redo,
    text: Vec<char>,
    cursor: usize,
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    limit: usize,
    group: Option<Group>,
    next_id: u64,
    /// The id of the state below the oldest undo step (0 for the new document).
    base: u64,
    /// The id of the saved state.
    saved: u64,
}

impl Editor {
    fn new(redo_mode: Redo) -> Self {
        Editor {
            redo_mode,
            text: Vec::new(),
            cursor: 0,
            undo: VecDeque::new(),
            redo: Vec::new(),
            limit: DEFAULT_LIMIT,
            group: None,
            next_id: 1,
            base: 0,
            saved: 0,
        }
    }

    fn view(&self) -> String {
        let (before, after) = self.text.split_at(self.cursor);
        before.iter().chain(std::iter::once(&'|')).chain(after).collect()
    }

    /// The id of the state the document is in, as the history sees it.
    fn state(&self) -> u64 {
        self.undo.back().map_or(self.base, |s| s.id)
    }

    fn trim(&mut self) {
        while self.undo.len() > self.limit {
            let oldest = self.undo.pop_front().expect("longer than the limit");
            self.base = oldest.id;
        }
    }

    fn push_step(&mut self, edits: Vec<Edit>, cursor_before: usize) {
        let step = Step { id: self.next_id, edits, cursor_before, cursor_after: self.cursor };
        self.next_id += 1;
        self.undo.push_back(step);
        self.trim();
    }

    /// Applies a new edit and records it, in the open group or as a step of its own.
    fn edit(&mut self, edit: Edit, cursor_after: usize) -> String {
        let before = self.cursor;
        edit.apply(&mut self.text);
        self.cursor = cursor_after;
        self.redo.clear();
        match &mut self.group {
            Some(group) => {
                if group.edits.is_empty() {
                    group.cursor_before = before;
                }
                group.edits.push(edit);
            }
            None => self.push_step(vec![edit], before),
        }
        self.view()
    }

    fn undo(&mut self) -> String {
        let Some(step) = self.undo.pop_back() else { return error("nothing-to-undo") };
        for edit in step.edits.iter().rev() {
            edit.revert(&mut self.text);
        }
        self.cursor = step.cursor_before;
        self.redo.push(step);
        self.view()
    }

    fn redo(&mut self) -> String {
        let Some(mut step) = self.redo.pop() else { return error("nothing-to-redo") };
        for edit in &mut step.edits {
            if let (Redo::AtCursor, Edit::Insert { pos, .. }) = (self.redo_mode, &mut *edit) {
                *pos = self.cursor.min(self.text.len());
            }
            edit.apply(&mut self.text);
        }
        self.cursor = step.cursor_after.min(self.text.len());
        self.undo.push_back(step);
        self.trim();
        self.view()
    }
}

impl Machine for Editor {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        let positive = |n: &str| count(n).and_then(|n| usize::try_from(n).ok()).filter(|n| *n >= 1);
        let grouping = self.group.is_some();
        match (name, args) {
            ("type", [text]) if !text.contains('|') => {
                let text: Vec<char> = text.chars().collect();
                let after = self.cursor + text.len();
                self.edit(Edit::Insert { pos: self.cursor, text }, after)
            }
            ("backspace", [n]) => match positive(n) {
                Some(n) if n <= self.cursor => {
                    let pos = self.cursor - n;
                    let removed = self.text[pos..self.cursor].to_vec();
                    self.edit(Edit::Delete { pos, removed }, pos)
                }
                Some(_) => error("out-of-range"),
                None => bad_arguments(),
            },
            ("delete", [n]) => match positive(n) {
                Some(n) if self.cursor + n <= self.text.len() => {
                    let removed = self.text[self.cursor..self.cursor + n].to_vec();
                    self.edit(Edit::Delete { pos: self.cursor, removed }, self.cursor)
                }
                Some(_) => error("out-of-range"),
                None => bad_arguments(),
            },
            ("move", [pos]) => match count(pos).and_then(|p| usize::try_from(p).ok()) {
                Some(p) if p <= self.text.len() => {
                    self.cursor = p;
                    self.view()
                }
                Some(_) => error("out-of-range"),
                None => bad_arguments(),
            },
            ("undo" | "redo" | "begin" | "save", []) if grouping => error("group-open"),
            ("undo", []) => self.undo(),
            ("redo", []) => self.redo(),
            ("begin", []) => {
                self.group = Some(Group { edits: Vec::new(), cursor_before: self.cursor });
                "ok".into()
            }
            ("end", []) => match self.group.take() {
                Some(group) if !group.edits.is_empty() => {
                    self.push_step(group.edits, group.cursor_before);
                    "ok".into()
                }
                Some(_) => "ok".into(),
                None => error("no-group"),
            },
            ("limit", [n]) => match positive(n) {
                Some(n) => {
                    self.limit = n;
                    self.trim();
                    "ok".into()
                }
                None => bad_arguments(),
            },
            ("save", []) => {
                self.saved = self.state();
                "ok".into()
            }
            ("modified", []) => {
                let pending = self.group.as_ref().is_some_and(|g| !g.edits.is_empty());
                if pending || self.state() != self.saved { "yes".into() } else { "no".into() }
            }
            ("show", []) => self.view(),
            (
                "type" | "backspace" | "delete" | "move" | "undo" | "redo" | "begin" | "end" | "limit"
                | "save" | "modified" | "show",
                _,
            ) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}

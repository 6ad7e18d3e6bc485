//! Collaborative text: a server that orders operations. Each send is transformed against the
//! logged operations after its base revision (moving each logged operation past the batch's
//! earlier operations in turn), applied atomically and acknowledged. The transform is a pure
//! function of two operation values and satisfies TP1.

use std::collections::HashMap;

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "collaborative-text-ot",
    new: || Box::new(Server::new(Transform::Correct)),
    broken: || Box::new(Server::new(Transform::DeleteKeepsPosition)),
    bug: "a delete against a concurrent delete of the same character stays unchanged instead of \
          becoming noop, so it removes the next character",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Transform {
    Correct,
    /// The bug of the broken variant.
    DeleteKeepsPosition,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    Insert { pos: usize, ch: u8, site: usize },
    Delete { pos: usize },
    Noop,
}

impl Op {
    /// An operation as the protocol writes it; an insert's site is filled in by the server.
    fn parse(word: &str) -> Option<Op> {
        let mut parts = word.split(':');
        let op = match (parts.next()?, parts.next(), parts.next()) {
            ("ins", Some(pos), Some(ch))
                if ch.len() == 1 && ch.bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                Op::Insert { pos: position(pos)?, ch: ch.as_bytes()[0], site: 0 }
            }
            ("del", Some(pos), None) => Op::Delete { pos: position(pos)? },
            _ => return None,
        };
        parts.next().is_none().then_some(op)
    }

    fn show(self) -> String {
        match self {
            Op::Insert { pos, ch, .. } => format!("ins:{pos}:{}", ch as char),
            Op::Delete { pos } => format!("del:{pos}"),
            Op::Noop => "noop".into(),
        }
    }
}

fn position(word: &str) -> Option<usize> {
    count(word).and_then(|n| usize::try_from(n).ok())
}

/// `a` rewritten to apply after `b`, both made on the same text.
fn transform(a: Op, b: Op, rule: Transform) -> Op {
    match (a, b) {
        (Op::Noop, _) | (_, Op::Noop) => a,
        (Op::Insert { pos: p, ch, site }, Op::Insert { pos: q, site: other, .. }) => {
            if p < q || (p == q && site < other) { a } else { Op::Insert { pos: p + 1, ch, site } }
        }
        (Op::Insert { pos: p, ch, site }, Op::Delete { pos: q }) => {
            if p <= q {
                a
            } else {
                Op::Insert { pos: p - 1, ch, site }
            }
        }
        (Op::Delete { pos: p }, Op::Insert { pos: q, .. }) => {
            if p < q {
                a
            } else {
                Op::Delete { pos: p + 1 }
            }
        }
        (Op::Delete { pos: p }, Op::Delete { pos: q }) => {
            if p < q {
                a
            } else if p > q {
                Op::Delete { pos: p - 1 }
            } else if rule == Transform::DeleteKeepsPosition {
                a
            } else {
                Op::Noop
            }
        }
    }
}

/// Applies one operation, or says it is out of range.
fn apply(text: &mut Vec<u8>, op: Op) -> Result<(), ()> {
    match op {
        Op::Insert { pos, ch, .. } if pos <= text.len() => text.insert(pos, ch),
        Op::Delete { pos } if pos < text.len() => {
            text.remove(pos);
        }
        Op::Noop => {}
        _ => return Err(()),
    }
    Ok(())
}

struct Client {
    site: usize,
    /// The revision acknowledged for each applied sequence number (index = seq - 1).
    acks: Vec<u64>,
}

struct Document {
    text: Vec<u8>,
    /// Revisions up to this one are folded into the snapshot.
    snapshot: u64,
    /// Operations after the snapshot: `log[i]` is revision `snapshot + i + 1`.
    log: Vec<Op>,
    clients: HashMap<String, Client>,
}

impl Document {
    fn revision(&self) -> u64 {
        self.snapshot + self.log.len() as u64
    }

    /// The logged operations after `from`, or the error reply.
    fn since(&self, from: u64) -> Result<&[Op], String> {
        if from > self.revision() {
            return Err(error("bad-revision"));
        }
        if from < self.snapshot {
            return Err(error("resync"));
        }
        Ok(&self.log[usize::try_from(from - self.snapshot).unwrap_or(usize::MAX)..])
    }

    fn send(&mut self, client: &str, base: u64, seq: u64, mut batch: Vec<Op>, rule: Transform) -> String {
        let Some(c) = self.clients.get(client) else { return error("unknown-client") };
        for op in &mut batch {
            if let Op::Insert { site, .. } = op {
                *site = c.site;
            }
        }
        let used = c.acks.len() as u64;
        if seq <= used {
            return format!("ack {}", c.acks[usize::try_from(seq - 1).unwrap_or(0)]);
        }
        if seq != used + 1 {
            return error("bad-sequence");
        }
        let logged = match self.since(base) {
            Ok(ops) => ops,
            Err(e) => return e,
        };
        for &s in logged {
            let mut s = s;
            for c in &mut batch {
                let moved = transform(*c, s, rule);
                s = transform(s, *c, rule);
                *c = moved;
            }
        }
        let mut text = self.text.clone();
        if batch.iter().any(|&op| apply(&mut text, op).is_err()) {
            return error("out-of-range");
        }
        self.text = text;
        self.log.extend_from_slice(&batch);
        let revision = self.revision();
        if let Some(c) = self.clients.get_mut(client) {
            c.acks.push(revision);
        }
        format!("ack {revision}")
    }

    fn compact(&mut self, upto: u64) -> String {
        if upto > self.revision() {
            return error("bad-revision");
        }
        if upto > self.snapshot {
            let n = usize::try_from(upto - self.snapshot).unwrap_or(usize::MAX);
            self.log.drain(..n);
            self.snapshot = upto;
        }
        "ok".into()
    }
}

struct Server {
    rule: Transform,
    doc: Option<Document>,
}

impl Server {
    fn new(rule: Transform) -> Self {
        Server { rule, doc: None }
    }
}

impl Machine for Server {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        if name == "new" {
            let text = match args {
                [] => "",
                [text] if text.bytes().all(|b| b.is_ascii_alphanumeric()) => text,
                _ => return bad_arguments(),
            };
            let text = text.as_bytes().to_vec();
            self.doc = Some(Document { text, snapshot: 0, log: Vec::new(), clients: HashMap::new() });
            return "ok".into();
        }
        if !["join", "send", "text", "rev", "log", "compact"].contains(&name) {
            return unknown_command();
        }
        let Some(doc) = self.doc.as_mut() else { return error("no-document") };
        match (name, args) {
            ("join", [client]) => {
                if doc.clients.contains_key(*client) {
                    return error("duplicate-client");
                }
                let site = doc.clients.len() + 1;
                doc.clients.insert((*client).to_owned(), Client { site, acks: Vec::new() });
                format!("site {site}")
            }
            ("send", [client, base, seq, ops @ ..]) if !ops.is_empty() => {
                let batch: Option<Vec<Op>> = ops.iter().map(|w| Op::parse(w)).collect();
                match (count(base), count(seq), batch) {
                    (Some(base), Some(seq), Some(batch)) if seq >= 1 => {
                        doc.send(client, base, seq, batch, self.rule)
                    }
                    _ => bad_arguments(),
                }
            }
            ("text", []) => {
                if doc.text.is_empty() {
                    "empty".into()
                } else {
                    String::from_utf8_lossy(&doc.text).into_owned()
                }
            }
            ("rev", []) => doc.revision().to_string(),
            ("log", [from]) => {
                let Some(from) = count(from) else { return bad_arguments() };
                match doc.since(from) {
                    Ok([]) => "empty".into(),
                    Ok(ops) => ops.iter().map(|op| op.show()).collect::<Vec<_>>().join(" "),
                    Err(e) => e,
                }
            }
            ("compact", [upto]) => match count(upto) {
                Some(upto) => doc.compact(upto),
                None => bad_arguments(),
            },
            _ => bad_arguments(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// TP1 on every pair of single operations over a short text, for both sites orders: the
    /// scenarios check chosen cases, this checks them all.
    #[test]
    fn transform_satisfies_tp1_on_every_pair() {
        let text = b"abc".to_vec();
        let mut ops = vec![Op::Noop];
        for pos in 0..=3 {
            for site in 1..=2 {
                ops.push(Op::Insert { pos, ch: b'X' + site as u8, site });
            }
            if pos < 3 {
                ops.push(Op::Delete { pos });
            }
        }
        for &a in &ops {
            for &b in &ops {
                if let (Op::Insert { site: s, .. }, Op::Insert { site: t, .. }) = (a, b)
                    && s == t
                {
                    continue;
                }
                let run = |first: Op, second: Op| {
                    let mut t = text.clone();
                    apply(&mut t, first).unwrap();
                    apply(&mut t, transform(second, first, Transform::Correct)).unwrap();
                    t
                };
                assert_eq!(run(a, b), run(b, a), "{a:?} and {b:?}");
            }
        }
    }
}

//! Gmail labels: message content is stored once, without BCC; each mailbox keeps one copy per
//! message with a set of labels, plus a per-label index, per-label counters and a per-mailbox
//! inverted index for search, all changed together. Delivery goes to a set of recipients, and a
//! mailbox that already holds the message is skipped.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "gmail-labels",
    new: || Box::new(Mail::new(Delivery::OncePerMailbox)),
    broken: || Box::new(Mail::new(Delivery::PerListedAddress)),
    bug: "delivers by looping over To, CC and BCC as written, so a recipient listed twice is \
          delivered twice and the mailbox's counters count the message twice",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Delivery {
    OncePerMailbox,
    /// The bug of the broken variant.
    PerListedAddress,
}

const INBOX: &str = "INBOX";
const SENT: &str = "SENT";
const TRASH: &str = "TRASH";
const SPAM: &str = "SPAM";
const UNREAD: &str = "UNREAD";
const SYSTEM: &[&str] = &[INBOX, SENT, TRASH, SPAM, "STARRED", UNREAD];
/// Adding one of these removes the others.
const EXCLUSIVE: &[&str] = &[INBOX, TRASH, SPAM];

fn is_address(word: &str) -> bool {
    let part = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    matches!(word.split_once('@'), Some((local, domain)) if part(local) && part(domain))
}

fn is_label_name(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric() || b"/_-".contains(&b))
}

/// `-` or comma-separated addresses, lowercased, as written.
fn address_list(word: &str) -> Option<Vec<String>> {
    if word == "-" {
        return Some(Vec::new());
    }
    word.split(',').map(|a| is_address(a).then(|| a.to_ascii_lowercase())).collect()
}

fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_ascii_lowercase)
}

fn joined(list: &[String]) -> String {
    if list.is_empty() { "-".into() } else { list.join(",") }
}

/// What every mailbox holding a message shares. There is no BCC here, on purpose.
struct Content {
    from: String,
    to: Vec<String>,
    cc: Vec<String>,
    subject: String,
    body: String,
}

impl Content {
    fn terms(&self) -> BTreeSet<String> {
        let headers = [&self.from, &self.subject, &self.body].into_iter().chain(&self.to).chain(&self.cc);
        headers.flat_map(|text| tokens(text)).collect()
    }
}

/// One mailbox's record of one message.
struct Copy {
    labels: BTreeSet<String>,
    /// Only on the sender's copy.
    bcc: Option<Vec<String>>,
}

#[derive(Default)]
struct Counter {
    total: usize,
    unread: usize,
}

#[derive(Default)]
struct Mailbox {
    copies: BTreeMap<u64, Copy>,
    /// Lowercased name → the name as created.
    user_labels: HashMap<String, String>,
    /// Label → messages carrying it.
    by_label: HashMap<String, BTreeSet<u64>>,
    counters: HashMap<String, Counter>,
    /// Search term → messages containing it.
    terms: HashMap<String, BTreeSet<u64>>,
}

impl Mailbox {
    /// The label's canonical name, matched ignoring case.
    fn resolve(&self, name: &str) -> Option<String> {
        let upper = name.to_ascii_uppercase();
        if SYSTEM.contains(&upper.as_str()) {
            return Some(upper);
        }
        self.user_labels.get(&name.to_ascii_lowercase()).cloned()
    }

    fn add(&mut self, msg: u64, label: &str) {
        if EXCLUSIVE.contains(&label) {
            for other in EXCLUSIVE.iter().filter(|o| **o != label) {
                self.remove(msg, other);
            }
        }
        let Some(copy) = self.copies.get_mut(&msg) else { return };
        if !copy.labels.insert(label.to_owned()) {
            return;
        }
        self.by_label.entry(label.to_owned()).or_default().insert(msg);
        self.counters.entry(label.to_owned()).or_default().total += 1;
        if label == UNREAD {
            for l in &copy.labels {
                self.counters.entry(l.clone()).or_default().unread += 1;
            }
        } else if copy.labels.contains(UNREAD) {
            self.counters.entry(label.to_owned()).or_default().unread += 1;
        }
    }

    fn remove(&mut self, msg: u64, label: &str) {
        let Some(copy) = self.copies.get_mut(&msg) else { return };
        if !copy.labels.contains(label) {
            return;
        }
        if label == UNREAD {
            for l in &copy.labels {
                self.counters.entry(l.clone()).or_default().unread -= 1;
            }
        } else if copy.labels.contains(UNREAD) {
            self.counters.entry(label.to_owned()).or_default().unread -= 1;
        }
        copy.labels.remove(label);
        self.counters.entry(label.to_owned()).or_default().total -= 1;
        if let Some(set) = self.by_label.get_mut(label) {
            set.remove(&msg);
        }
    }

    fn hold(&mut self, msg: u64, content: &Content, labels: &[&str], bcc: Option<Vec<String>>) {
        self.copies.insert(msg, Copy { labels: BTreeSet::new(), bcc });
        for label in labels {
            self.add(msg, label);
        }
        for term in content.terms() {
            self.terms.entry(term).or_default().insert(msg);
        }
    }

    fn search(&self, query: &[&str]) -> String {
        let mut wanted: Vec<String> = query.iter().flat_map(|w| tokens(w)).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut lists: Vec<&BTreeSet<u64>> = Vec::new();
        for term in &wanted {
            match self.terms.get(term) {
                Some(list) => lists.push(list),
                None => return "empty".into(),
            }
        }
        lists.sort_unstable_by_key(|l| l.len());
        let Some((first, rest)) = lists.split_first() else { return "empty".into() };
        let hits: Vec<String> = first
            .iter()
            .rev()
            .filter(|m| rest.iter().all(|l| l.contains(*m)))
            .filter(|m| self.copies[*m].labels.iter().all(|l| l != TRASH && l != SPAM))
            .map(|m| format!("m{m}"))
            .collect();
        if hits.is_empty() { "empty".into() } else { hits.join(" ") }
    }
}

struct Mail {
    delivery: Delivery,
    mailboxes: HashMap<String, Mailbox>,
    contents: Vec<Content>,
}

impl Mail {
    fn new(delivery: Delivery) -> Self {
        Mail { delivery, mailboxes: HashMap::new(), contents: Vec::new() }
    }

    fn send(&mut self, args: &[&str]) -> String {
        let [from, to, cc, bcc, subject, body @ ..] = args else { return bad_arguments() };
        let (Some(to), Some(cc), Some(bcc)) = (address_list(to), address_list(cc), address_list(bcc)) else {
            return bad_arguments();
        };
        let from = from.to_ascii_lowercase();
        if !self.mailboxes.contains_key(&from) {
            return error("unknown-user");
        }
        let listed: Vec<String> = to.iter().chain(&cc).chain(&bcc).cloned().collect();
        if listed.is_empty() {
            return error("no-recipients");
        }
        let recipients: Vec<String> = match self.delivery {
            Delivery::OncePerMailbox => {
                let mut set: Vec<String> = listed.clone();
                set.sort_unstable();
                set.dedup();
                set
            }
            Delivery::PerListedAddress => listed,
        };
        let content =
            Content { from: from.clone(), to, cc, subject: (*subject).to_owned(), body: body.join(" ") };
        self.contents.push(content);
        let msg = self.contents.len() as u64;
        let content = &self.contents[self.contents.len() - 1];
        let to_self = recipients.contains(&from);
        let sender_labels: &[&str] = if to_self { &[SENT, INBOX] } else { &[SENT] };
        if let Some(mailbox) = self.mailboxes.get_mut(&from) {
            mailbox.hold(msg, content, sender_labels, Some(bcc));
        }
        let (mut local, mut external) = (usize::from(to_self), BTreeSet::new());
        for address in recipients.iter().filter(|a| **a != from) {
            match self.mailboxes.get_mut(address) {
                Some(mailbox) => {
                    let delivered = mailbox.copies.contains_key(&msg);
                    if self.delivery == Delivery::PerListedAddress || !delivered {
                        mailbox.hold(msg, content, &[INBOX, UNREAD], None);
                        local += 1;
                    }
                }
                None => {
                    external.insert(address.clone());
                }
            }
        }
        format!("sent m{msg} local {local} external {}", external.len())
    }

    fn copy(&self, user: &str, msg: &str) -> Result<(&Mailbox, u64), String> {
        let mailbox = self.mailboxes.get(&user.to_ascii_lowercase()).ok_or_else(|| error("unknown-user"))?;
        let id = msg.strip_prefix('m').and_then(|n| n.parse::<u64>().ok());
        match id {
            Some(id) if mailbox.copies.contains_key(&id) => Ok((mailbox, id)),
            _ => Err(error("not-found")),
        }
    }

    fn show(&self, user: &str, msg: &str) -> String {
        let (mailbox, id) = match self.copy(user, msg) {
            Ok(found) => found,
            Err(e) => return e,
        };
        let c = &self.contents[usize::try_from(id - 1).unwrap_or(0)];
        let mut line =
            format!("from={} to={} cc={} subject={}", c.from, joined(&c.to), joined(&c.cc), c.subject);
        if let Some(bcc) = &mailbox.copies[&id].bcc {
            line.push_str(&format!(" bcc={}", joined(bcc)));
        }
        line
    }

    fn modify(&mut self, user: &str, msg: &str, changes: &[&str]) -> String {
        let id = match self.copy(user, msg) {
            Ok((_, id)) => id,
            Err(e) => return e,
        };
        let Some(mailbox) = self.mailboxes.get_mut(&user.to_ascii_lowercase()) else {
            return error("unknown-user");
        };
        let mut plan = Vec::with_capacity(changes.len());
        for change in changes {
            let (add, name) = match (change.strip_prefix('+'), change.strip_prefix('-')) {
                (Some(name), _) => (true, name),
                (_, Some(name)) => (false, name),
                _ => return bad_arguments(),
            };
            let Some(label) = mailbox.resolve(name) else { return error("unknown-label") };
            if label == SENT {
                return error("forbidden-label");
            }
            plan.push((add, label));
        }
        for (add, label) in plan {
            if add { mailbox.add(id, &label) } else { mailbox.remove(id, &label) }
        }
        "ok".into()
    }

    fn mailbox(&self, user: &str) -> Result<&Mailbox, String> {
        self.mailboxes.get(&user.to_ascii_lowercase()).ok_or_else(|| error("unknown-user"))
    }

    fn labelled(&self, user: &str, name: &str) -> Result<(&Mailbox, String), String> {
        let mailbox = self.mailbox(user)?;
        let label = mailbox.resolve(name).ok_or_else(|| error("unknown-label"))?;
        Ok((mailbox, label))
    }
}

impl Machine for Mail {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("user", [address]) if is_address(address) => {
                let address = address.to_ascii_lowercase();
                if self.mailboxes.contains_key(&address) {
                    return error("duplicate-user");
                }
                self.mailboxes.insert(address, Mailbox::default());
                "ok".into()
            }
            ("send", _) => self.send(args),
            ("show", [user, msg]) => self.show(user, msg),
            ("labels", [user, msg]) => match self.copy(user, msg) {
                Ok((mailbox, id)) => {
                    let labels = &mailbox.copies[&id].labels;
                    if labels.is_empty() {
                        "empty".into()
                    } else {
                        labels.iter().cloned().collect::<Vec<_>>().join(" ")
                    }
                }
                Err(e) => e,
            },
            ("modify", [user, msg, changes @ ..]) if !changes.is_empty() => self.modify(user, msg, changes),
            ("label", [user, label]) if is_label_name(label) => {
                let Some(mailbox) = self.mailboxes.get_mut(&user.to_ascii_lowercase()) else {
                    return error("unknown-user");
                };
                if mailbox.resolve(label).is_some() {
                    return error("duplicate-label");
                }
                mailbox.user_labels.insert(label.to_ascii_lowercase(), (*label).to_owned());
                "ok".into()
            }
            ("list", [user, label]) => match self.labelled(user, label) {
                Ok((mailbox, label)) => {
                    let ids: Vec<String> = mailbox
                        .by_label
                        .get(&label)
                        .into_iter()
                        .flat_map(|set| set.iter().rev())
                        .map(|m| format!("m{m}"))
                        .collect();
                    if ids.is_empty() { "empty".into() } else { ids.join(" ") }
                }
                Err(e) => e,
            },
            ("count", [user, label]) => match self.labelled(user, label) {
                Ok((mailbox, label)) => {
                    let c = mailbox.counters.get(&label);
                    format!("{} {}", c.map_or(0, |c| c.total), c.map_or(0, |c| c.unread))
                }
                Err(e) => e,
            },
            ("search", [user, query @ ..]) if !query.is_empty() => match self.mailbox(user) {
                Ok(mailbox) => mailbox.search(query),
                Err(e) => e,
            },
            ("user" | "show" | "labels" | "modify" | "label" | "list" | "count" | "search", _) => {
                bad_arguments()
            }
            _ => unknown_command(),
        }
    }
}

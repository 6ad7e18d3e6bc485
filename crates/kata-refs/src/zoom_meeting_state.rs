//! Zoom meeting state: one aggregate per meeting that applies commands one at a time, so the
//! invariants (exactly one host while live, capacity, who may do what to whom) are checked and
//! changed in a single step. Each command returns the events it causes, and the events go only
//! to the people allowed to see them; `events` drains one person's queue.

use std::collections::{HashMap, HashSet};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "zoom-meeting-state",
    new: || Box::new(Service::new(Rejoin::Resume)),
    broken: || Box::new(Service::new(Rejoin::Fresh)),
    bug: "a second join by someone already in the meeting creates a fresh attendee, so a host who reconnects loses the role",
};

/// What a join by someone already in the meeting does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rejoin {
    Resume,
    /// The bug of the broken variant: the old record is replaced by a new attendee.
    Fresh,
}

const MAX_CAPACITY: u64 = 300;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Host,
    CoHost,
    Attendee,
}

struct Participant {
    user: String,
    role: Role,
    audio: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Admit,
    Deny,
    Mute,
    Unmute,
    Remove,
    CoHost,
    Transfer,
}

struct Meeting {
    owner: String,
    capacity: usize,
    waiting_room: bool,
    started: bool,
    ended: bool,
    /// Everyone in the meeting, in the order they entered.
    inside: Vec<Participant>,
    /// Everyone waiting (for the host, or in the waiting room), in arrival order.
    line: Vec<String>,
    removed: HashSet<String>,
    events: HashMap<String, Vec<String>>,
}

impl Meeting {
    fn position(&self, user: &str) -> Option<usize> {
        self.inside.iter().position(|p| p.user == user)
    }

    fn tell(&mut self, user: &str, event: String) {
        self.events.entry(user.to_owned()).or_default().push(event);
    }

    /// Tells everyone in the meeting but `except`.
    fn tell_inside(&mut self, except: &str, event: &str) {
        let users: Vec<String> =
            self.inside.iter().filter(|p| p.user != except).map(|p| p.user.clone()).collect();
        for u in users {
            self.tell(&u, event.to_owned());
        }
    }

    /// Tells the host and co-hosts.
    fn tell_staff(&mut self, event: &str) {
        let staff: Vec<String> =
            self.inside.iter().filter(|p| p.role != Role::Attendee).map(|p| p.user.clone()).collect();
        for u in staff {
            self.tell(&u, event.to_owned());
        }
    }

    fn enter(&mut self, user: &str, role: Role) {
        self.inside.push(Participant { user: user.to_owned(), role, audio: true });
        self.tell_inside(user, &format!("joined:{user}"));
    }

    fn wait(&mut self, user: &str) {
        self.line.push(user.to_owned());
        if self.started {
            self.tell_staff(&format!("waiting:{user}"));
        }
    }

    fn make_host(&mut self, i: usize) {
        self.inside[i].role = Role::Host;
        let event = format!("host:{}", self.inside[i].user);
        self.tell_inside("", &event);
    }

    fn end(&mut self, except: &str) {
        self.ended = true;
        let everyone: Vec<String> = self
            .inside
            .iter()
            .map(|p| p.user.clone())
            .chain(self.line.iter().cloned())
            .filter(|u| u != except)
            .collect();
        for u in everyone {
            self.tell(&u, "ended".into());
        }
        self.inside.clear();
        self.line.clear();
    }

    /// Takes `i` out of the meeting; a departing host hands the role on, and an empty meeting ends.
    fn depart(&mut self, i: usize, event: &str) {
        let gone = self.inside.remove(i);
        self.tell_inside("", event);
        if self.inside.is_empty() {
            self.end("");
        } else if gone.role == Role::Host {
            let next = self.inside.iter().position(|p| p.role == Role::CoHost).unwrap_or(0);
            self.make_host(next);
        }
    }

    fn join(&mut self, user: &str, rejoin: Rejoin) -> String {
        if self.ended {
            return error("ended");
        }
        if self.removed.contains(user) {
            return error("removed");
        }
        if let Some(i) = self.position(user) {
            if rejoin == Rejoin::Resume {
                return "in".into();
            }
            self.inside.remove(i);
            self.enter(user, Role::Attendee);
            return "in".into();
        }
        if self.line.iter().any(|u| u == user) {
            return "waiting".into();
        }
        if !self.started {
            if user != self.owner {
                self.wait(user);
                return "waiting".into();
            }
            self.started = true;
            self.enter(user, Role::Host);
            for u in std::mem::take(&mut self.line) {
                if !self.waiting_room && self.inside.len() < self.capacity {
                    self.enter(&u, Role::Attendee);
                } else {
                    self.wait(&u);
                }
            }
            return "in".into();
        }
        if self.waiting_room && user != self.owner {
            self.wait(user);
            return "waiting".into();
        }
        if self.inside.len() >= self.capacity {
            return error("full");
        }
        if user == self.owner {
            // The owner enters directly and takes the host role back.
            self.enter(user, Role::Attendee);
            if let Some(h) = self.inside.iter().position(|p| p.role == Role::Host) {
                self.inside[h].role = Role::CoHost;
            }
            self.make_host(self.inside.len() - 1);
            return "in".into();
        }
        self.enter(user, Role::Attendee);
        "in".into()
    }

    fn leave(&mut self, user: &str) -> String {
        if let Some(i) = self.position(user) {
            self.depart(i, &format!("left:{user}"));
            return "ok".into();
        }
        match self.line.iter().position(|u| u == user) {
            Some(i) => {
                self.line.remove(i);
                "ok".into()
            }
            None => error("not-in-meeting"),
        }
    }

    fn act(&mut self, action: Action, actor: &str, target: &str) -> String {
        if !self.started || self.ended {
            return error("not-live");
        }
        let Some(a) = self.position(actor) else { return error("not-in-meeting") };
        let t = self.position(target);
        let waiting = self.line.iter().position(|u| u == target);
        let target_ok = match action {
            Action::Admit | Action::Deny => waiting.is_some(),
            Action::Mute | Action::Unmute => t.is_some(),
            Action::Remove => (t.is_some() || waiting.is_some()) && actor != target,
            Action::CoHost => t.is_some_and(|t| self.inside[t].role == Role::Attendee),
            Action::Transfer => t.is_some() && actor != target,
        };
        if !target_ok {
            return error("bad-target");
        }
        let role = self.inside[a].role;
        // A person waiting has no role yet; co-hosts may act on them as on attendees.
        let on_attendee = t.is_none_or(|t| self.inside[t].role == Role::Attendee);
        let allowed = match action {
            Action::Admit | Action::Deny => role != Role::Attendee,
            Action::Mute => actor == target || role == Role::Host || (role == Role::CoHost && on_attendee),
            Action::Unmute => actor == target,
            Action::Remove => role == Role::Host || (role == Role::CoHost && on_attendee),
            Action::CoHost | Action::Transfer => role == Role::Host,
        };
        if !allowed {
            return error("forbidden");
        }
        match action {
            Action::Admit => {
                if self.inside.len() >= self.capacity {
                    return error("full");
                }
                self.line.retain(|u| u != target);
                self.enter(target, Role::Attendee);
            }
            Action::Deny => {
                self.line.retain(|u| u != target);
                self.tell(target, "denied".into());
            }
            Action::Mute | Action::Unmute => {
                let t = t.expect("checked");
                self.inside[t].audio = action == Action::Unmute;
            }
            Action::Remove => {
                self.removed.insert(target.to_owned());
                self.tell(target, "removed".into());
                match t {
                    Some(t) => self.depart(t, &format!("removed:{target}")),
                    None => self.line.retain(|u| u != target),
                }
            }
            Action::CoHost => self.inside[t.expect("checked")].role = Role::CoHost,
            Action::Transfer => {
                self.inside[a].role = Role::Attendee;
                self.make_host(t.expect("checked"));
            }
        }
        "ok".into()
    }

    fn end_by(&mut self, actor: &str) -> String {
        if !self.started || self.ended {
            return error("not-live");
        }
        match self.position(actor) {
            None => error("not-in-meeting"),
            Some(a) if self.inside[a].role != Role::Host => error("forbidden"),
            Some(_) => {
                self.end(actor);
                "ok".into()
            }
        }
    }

    fn state(&self) -> &'static str {
        match (self.ended, self.started, self.line.is_empty()) {
            (true, _, _) => "ended",
            (false, true, _) => "live",
            (false, false, true) => "scheduled",
            (false, false, false) => "waiting-for-host",
        }
    }

    fn roster(&self) -> String {
        let parts: Vec<String> = self
            .inside
            .iter()
            .map(|p| {
                let role = match p.role {
                    Role::Host => "host",
                    Role::CoHost => "cohost",
                    Role::Attendee => "attendee",
                };
                format!("{}:{role}:{}", p.user, if p.audio { "on" } else { "muted" })
            })
            .collect();
        if parts.is_empty() { "empty".into() } else { parts.join(" ") }
    }
}

struct Service {
    rejoin: Rejoin,
    meetings: HashMap<String, Meeting>,
}

impl Service {
    fn new(rejoin: Rejoin) -> Self {
        Service { rejoin, meetings: HashMap::new() }
    }

    fn create(&mut self, id: &str, owner: &str, capacity: &str, options: &[&str]) -> String {
        let waiting_room = match options {
            [] => false,
            ["waiting-room"] => true,
            _ => return bad_arguments(),
        };
        let capacity = match count(capacity) {
            Some(c) if (1..=MAX_CAPACITY).contains(&c) => c as usize,
            _ => return error("bad-capacity"),
        };
        if self.meetings.contains_key(id) {
            return error("meeting-exists");
        }
        let meeting = Meeting {
            owner: owner.to_owned(),
            capacity,
            waiting_room,
            started: false,
            ended: false,
            inside: Vec::new(),
            line: Vec::new(),
            removed: HashSet::new(),
            events: HashMap::new(),
        };
        self.meetings.insert(id.to_owned(), meeting);
        "ok".into()
    }
}

impl Machine for Service {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        let action = match name {
            "admit" => Some(Action::Admit),
            "deny" => Some(Action::Deny),
            "mute" => Some(Action::Mute),
            "unmute" => Some(Action::Unmute),
            "remove" => Some(Action::Remove),
            "cohost" => Some(Action::CoHost),
            "transfer" => Some(Action::Transfer),
            _ => None,
        };
        if name == "create" {
            return match args {
                [id, owner, capacity, options @ ..] => self.create(id, owner, capacity, options),
                _ => bad_arguments(),
            };
        }
        let known = ["join", "leave", "end", "state", "roster", "waiting", "events"];
        if action.is_none() && !known.contains(&name) {
            return unknown_command();
        }
        let arity = match name {
            "state" | "roster" | "waiting" => 1,
            "join" | "leave" | "end" | "events" => 2,
            _ => 3,
        };
        if args.len() != arity {
            return bad_arguments();
        }
        let rejoin = self.rejoin;
        let Some(m) = self.meetings.get_mut(args[0]) else { return error("no-meeting") };
        if let Some(action) = action {
            return m.act(action, args[1], args[2]);
        }
        match name {
            "join" => m.join(args[1], rejoin),
            "leave" => m.leave(args[1]),
            "end" => m.end_by(args[1]),
            "state" => m.state().into(),
            "roster" => m.roster(),
            "waiting" => {
                if m.line.is_empty() {
                    "empty".into()
                } else {
                    m.line.join(" ")
                }
            }
            _ => {
                let queued = m.events.remove(args[1]).unwrap_or_default();
                if queued.is_empty() { "empty".into() } else { queued.join(" ") }
            }
        }
    }
}

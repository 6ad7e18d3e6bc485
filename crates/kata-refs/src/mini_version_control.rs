//! Mini version control: contents are stored once as blobs, commits are immutable snapshots
//! (path to blob) naming their parents, branches are names of commits and HEAD names a branch or
//! a commit. A merge finds the newest common ancestor, merges each path three ways and records a
//! commit with both parents, at once or after the user resolves the conflicts.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kata::Machine;

use crate::Reference;
use crate::util::{bad_arguments, count, error, unknown_command, words};

pub(crate) const REFERENCE: Reference = Reference {
    id: "mini-version-control",
    new: || Box::new(Repo::new(MergeCommits::BothParents)),
    broken: || Box::new(Repo::new(MergeCommits::OursOnly)),
    bug: "records a merge commit with only the current commit as parent, a squash that drops the other branch from the history",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum MergeCommits {
    BothParents,
    /// The bug of the broken variant: the merged branch is not a parent.
    OursOnly,
}

/// Path to blob index: a whole snapshot.
type Tree = BTreeMap<String, usize>;

struct Commit {
    parents: Vec<usize>,
    tree: Tree,
}

enum Head {
    Branch(String),
    Detached(usize),
}

struct Repo {
    merges: MergeCommits,
    blobs: Vec<String>,
    blob_index: HashMap<String, usize>,
    commits: Vec<Commit>,
    branches: HashMap<String, usize>,
    head: Head,
    staging: Tree,
    /// The other side of a merge stopped by conflicts.
    merging: Option<usize>,
}

fn commit_name(c: usize) -> String {
    format!("C{}", c + 1)
}

fn list(items: Vec<String>) -> String {
    if items.is_empty() { "empty".into() } else { items.join(" ") }
}

impl Repo {
    fn new(merges: MergeCommits) -> Self {
        Repo {
            merges,
            blobs: Vec::new(),
            blob_index: HashMap::new(),
            commits: Vec::new(),
            branches: HashMap::new(),
            head: Head::Branch("main".into()),
            staging: Tree::new(),
            merging: None,
        }
    }

    fn commit_id(&self, name: &str) -> Option<usize> {
        let n = name.strip_prefix('C').and_then(count)?;
        let i = usize::try_from(n).ok()?.checked_sub(1)?;
        (i < self.commits.len()).then_some(i)
    }

    fn head_commit(&self) -> Option<usize> {
        match &self.head {
            Head::Branch(b) => self.branches.get(b).copied(),
            Head::Detached(c) => Some(*c),
        }
    }

    fn head_tree(&self) -> Tree {
        self.head_commit().map(|c| self.commits[c].tree.clone()).unwrap_or_default()
    }

    fn set_head_commit(&mut self, c: usize) {
        match &self.head {
            Head::Branch(b) => {
                self.branches.insert(b.clone(), c);
            }
            Head::Detached(_) => self.head = Head::Detached(c),
        }
    }

    fn blob(&mut self, content: &str) -> usize {
        if let Some(&b) = self.blob_index.get(content) {
            return b;
        }
        self.blobs.push(content.to_owned());
        self.blob_index.insert(content.to_owned(), self.blobs.len() - 1);
        self.blobs.len() - 1
    }

    /// Every commit reachable from `c` through all parents, `c` included.
    fn ancestors(&self, c: usize) -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![c];
        while let Some(c) = stack.pop() {
            if seen.insert(c) {
                stack.extend(&self.commits[c].parents);
            }
        }
        seen
    }

    fn record(&mut self, mut parents: Vec<usize>, tree: Tree) -> usize {
        if self.merges == MergeCommits::OursOnly {
            parents.truncate(1);
        }
        self.commits.push(Commit { parents, tree });
        let c = self.commits.len() - 1;
        self.set_head_commit(c);
        c
    }

    fn commit(&mut self) -> String {
        let theirs = self.merging.take();
        if theirs.is_none() && self.staging == self.head_tree() {
            return error("nothing-to-commit");
        }
        let parents: Vec<usize> = self.head_commit().into_iter().chain(theirs).collect();
        let c = self.record(parents, self.staging.clone());
        commit_name(c)
    }

    fn checkout(&mut self, target: &str) -> String {
        if self.merging.is_some() {
            return error("merge-in-progress");
        }
        let head = if self.branches.contains_key(target) || (target == "main" && self.commits.is_empty()) {
            Head::Branch(target.to_owned())
        } else if let Some(c) = self.commit_id(target) {
            Head::Detached(c)
        } else {
            return error("not-found");
        };
        if self.staging != self.head_tree() {
            return error("uncommitted-changes");
        }
        self.head = head;
        self.staging = self.head_tree();
        "ok".into()
    }

    fn merge(&mut self, branch: &str) -> String {
        if self.merging.is_some() {
            return error("merge-in-progress");
        }
        let Some(ours) = self.head_commit() else { return error("no-commits") };
        let Some(&theirs) = self.branches.get(branch) else { return error("not-found") };
        if self.staging != self.head_tree() {
            return error("uncommitted-changes");
        }
        let our_history = self.ancestors(ours);
        if our_history.contains(&theirs) {
            return "up-to-date".into();
        }
        let their_history = self.ancestors(theirs);
        if their_history.contains(&ours) {
            self.set_head_commit(theirs);
            self.staging = self.commits[theirs].tree.clone();
            return format!("fast-forward {}", commit_name(theirs));
        }
        let base = our_history.intersection(&their_history).max().copied();
        let empty = Tree::new();
        let base_tree = base.map_or(&empty, |b| &self.commits[b].tree);
        let (our_tree, their_tree) = (&self.commits[ours].tree, &self.commits[theirs].tree);
        let paths: BTreeSet<&String> =
            base_tree.keys().chain(our_tree.keys()).chain(their_tree.keys()).collect();
        let mut merged = Tree::new();
        let mut conflicts = Vec::new();
        for path in paths {
            let (b, o, t) = (base_tree.get(path), our_tree.get(path), their_tree.get(path));
            let take = if o == t || b == t {
                o
            } else if b == o {
                t
            } else {
                conflicts.push(path.clone());
                o
            };
            if let Some(&blob) = take {
                merged.insert(path.clone(), blob);
            }
        }
        self.staging = merged;
        if !conflicts.is_empty() {
            self.merging = Some(theirs);
            return format!("conflict {}", conflicts.join(" "));
        }
        let c = self.record(vec![ours, theirs], self.staging.clone());
        format!("merged {}", commit_name(c))
    }

    fn status(&self) -> String {
        let head = self.head_tree();
        let paths: BTreeSet<&String> = head.keys().chain(self.staging.keys()).collect();
        let changes = paths
            .into_iter()
            .filter_map(|p| match (head.get(p), self.staging.get(p)) {
                (None, Some(_)) => Some(format!("+{p}")),
                (Some(_), None) => Some(format!("-{p}")),
                (Some(a), Some(b)) if a != b => Some(format!("~{p}")),
                _ => None,
            })
            .collect();
        list(changes)
    }

    fn ls(&self, tree: &Tree) -> String {
        list(tree.iter().map(|(p, b)| format!("{p}:{}", self.blobs[*b])).collect())
    }
}

impl Machine for Repo {
    fn reply(&mut self, command: &str) -> String {
        let w = words(command);
        let Some((&name, args)) = w.split_first() else { return unknown_command() };
        match (name, args) {
            ("add", [path, content]) => {
                let blob = self.blob(content);
                self.staging.insert((*path).to_owned(), blob);
                "ok".into()
            }
            ("rm", [path]) => match self.staging.remove(*path) {
                Some(_) => "ok".into(),
                None => error("not-found"),
            },
            ("commit", []) => self.commit(),
            ("status", []) => self.status(),
            ("ls", []) => self.ls(&self.staging),
            ("ls", [c]) => match self.commit_id(c) {
                Some(c) => self.ls(&self.commits[c].tree),
                None => error("not-found"),
            },
            ("log", []) => match self.head_commit() {
                Some(c) => list(self.ancestors(c).into_iter().rev().map(commit_name).collect()),
                None => "empty".into(),
            },
            ("parents", [c]) => match self.commit_id(c) {
                Some(c) => list(self.commits[c].parents.iter().map(|p| commit_name(*p)).collect()),
                None => error("not-found"),
            },
            ("branch", [branch]) => match self.head_commit() {
                None => error("no-commits"),
                Some(_) if self.branches.contains_key(*branch) => error("branch-exists"),
                Some(c) => {
                    self.branches.insert((*branch).to_owned(), c);
                    "ok".into()
                }
            },
            ("checkout", [target]) => self.checkout(target),
            ("head", []) => match &self.head {
                Head::Branch(b) => match self.branches.get(b) {
                    Some(c) => format!("{b} {}", commit_name(*c)),
                    None => format!("{b} none"),
                },
                Head::Detached(c) => format!("detached {}", commit_name(*c)),
            },
            ("merge", [branch]) => self.merge(branch),
            ("blobs", []) => self.blobs.len().to_string(),
            (
                "add" | "rm" | "commit" | "status" | "ls" | "log" | "parents" | "branch" | "checkout"
                | "head" | "merge" | "blobs",
                _,
            ) => bad_arguments(),
            _ => unknown_command(),
        }
    }
}

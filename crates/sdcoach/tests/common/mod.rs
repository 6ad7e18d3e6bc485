//! Helpers shared by the CLI test binaries: run the real `sdcoach` and assert on what it did.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// One run of the binary, with helpers to assert on what it did.
pub struct Run {
    pub output: Output,
    pub args: String,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8(self.output.stdout.clone()).expect("stdout is UTF-8")
    }

    pub fn stderr(&self) -> String {
        String::from_utf8(self.output.stderr.clone()).expect("stderr is UTF-8")
    }

    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.output.status.code(),
            Some(expected),
            "sdcoach {}\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout())
            .unwrap_or_else(|e| panic!("sdcoach {}: not JSON ({e}):\n{}", self.args, self.stdout()))
    }
}

pub fn sdcoach(args: &[&str]) -> Run {
    sdcoach_in(args, &std::env::temp_dir())
}

/// Runs from `dir`, with no colour or pager settings inherited from the developer's shell.
pub fn sdcoach_in(args: &[&str], dir: &Path) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_sdcoach"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("PAGER")
        .env("COLUMNS", "100")
        .output()
        .expect("the sdcoach binary runs");
    Run { output, args: args.join(" ") }
}

pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

pub fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdcoach-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

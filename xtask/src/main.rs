//! Project chores, run as `cargo xtask <command>`:
//! - `tidy`: the house rules (also run as tests by `cargo test`);
//! - `dist`: the man page and shell completions, written to `target/dist/`.

mod tidy;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    let root = workspace_root();
    match task.as_deref() {
        Some("tidy") => {
            let problems = tidy::check_all(&root);
            for p in &problems {
                eprintln!("tidy: {p}");
            }
            if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Some("dist") => match dist(&root) {
            Ok(dir) => {
                println!("wrote the man page and completions to {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("dist: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: cargo xtask <tidy|dist>");
            ExitCode::from(2)
        }
    }
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_owned()
}

/// Generates the man page and completions with the release binary, from its own definitions.
fn dist(root: &Path) -> Result<PathBuf, String> {
    let status = Command::new("cargo")
        .args(["build", "--release", "-p", "sdcoach"])
        .current_dir(root)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo build --release failed".into());
    }
    let bin = root.join("target/release/sdcoach");
    let dir = root.join("target/dist");
    std::fs::create_dir_all(dir.join("completions")).map_err(|e| e.to_string())?;
    let run = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out = Command::new(&bin).args(args).output().map_err(|e| e.to_string())?;
        if out.status.success() { Ok(out.stdout) } else { Err(format!("sdcoach {} failed", args.join(" "))) }
    };
    std::fs::write(dir.join("sdcoach.1"), run(&["man"])?).map_err(|e| e.to_string())?;
    for (shell, file) in [("bash", "sdcoach.bash"), ("zsh", "_sdcoach"), ("fish", "sdcoach.fish")] {
        std::fs::write(dir.join("completions").join(file), run(&["completions", shell])?)
            .map_err(|e| e.to_string())?;
    }
    Ok(dir)
}

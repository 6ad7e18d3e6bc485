//! House rules, checked on the source tree. `cargo test` runs each as a test, so a change that
//! breaks one fails CI with the file and the rule.

use std::path::{Path, PathBuf};

/// Crates that must do no I/O: no runtime, web, database or CLI crates, no clock, environment,
/// file system, network or processes. They take their inputs as values.
pub const CORE_CRATES: &[&str] = &[
    "content",
    "design",
    "diagram",
    "drill",
    "estimate",
    "kata",
    "kata-refs",
    "search",
    "sim",
    "suggest",
    "term-render",
];

/// Dependencies a core crate may not have: they exist to do I/O.
const IO_DEPENDENCIES: &[&str] = &[
    "tokio",
    "async-std",
    "mio",
    "axum",
    "hyper",
    "tower",
    "tower-http",
    "reqwest",
    "ureq",
    "sqlx",
    "rusqlite",
    "clap",
    "indicatif",
    "terminal_size",
    "walkdir",
    "notify",
    "content-source",
    "web",
    "sdcoach",
];

/// Source text that means I/O, the clock or the environment.
const IO_PATTERNS: &[&str] = &[
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "std::io::stdin",
    "std::io::stdout",
    "std::io::stderr",
    "SystemTime",
    "Instant::now",
    "thread::sleep",
    "println!",
    "eprintln!",
    "print!(",
    "eprint!(",
    "dbg!(",
];

pub fn check_all(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    problems.extend(core_crates_do_no_io(root));
    problems.extend(files_start_with_a_doc_line(root));
    problems.extend(crate_folders_match_package_names(root));
    problems.extend(architecture_names_every_crate(root));
    problems.extend(ci_runs_the_readme_test_command(root));
    problems
}

fn core_crates_do_no_io(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for name in CORE_CRATES {
        let dir = root.join("crates").join(name);
        let manifest = read(&dir.join("Cargo.toml"));
        let parsed: toml::Table = match toml::from_str(&manifest) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("crates/{name}/Cargo.toml does not parse: {e}"));
                continue;
            }
        };
        // Only normal dependencies: tests and benches of a core crate may read embedded content.
        if let Some(deps) = parsed.get("dependencies").and_then(|d| d.as_table()) {
            for dep in deps.keys() {
                if IO_DEPENDENCIES.contains(&dep.as_str()) {
                    problems.push(format!(
                        "crates/{name}/Cargo.toml: core crate depends on `{dep}`, which does I/O; move that code to an edge crate"
                    ));
                }
            }
        }
        for file in rust_files(&dir.join("src")) {
            let text = read(&file);
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                if let Some(p) = IO_PATTERNS.iter().find(|p| code.contains(*p)) {
                    problems.push(format!(
                        "{}:{}: core crate uses `{p}`; core crates take inputs as values and do no I/O",
                        rel(root, &file),
                        n + 1
                    ));
                }
            }
        }
    }
    problems
}

fn files_start_with_a_doc_line(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for dir in dirs(&root.join("crates")) {
        files.extend(rust_files(&dir));
    }
    files.extend(rust_files(&root.join("xtask")));
    files
        .into_iter()
        .filter(|f| !f.components().any(|c| c.as_os_str() == "target"))
        .filter(|f| !read(f).starts_with("//!"))
        .map(|f| format!("{}: the file must start with a `//!` line saying what it is for", rel(root, &f)))
        .collect()
}

fn crate_folders_match_package_names(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for dir in dirs(&root.join("crates")) {
        let folder = dir.file_name().unwrap().to_string_lossy().into_owned();
        let manifest: toml::Table = toml::from_str(&read(&dir.join("Cargo.toml"))).unwrap_or_default();
        let package =
            manifest.get("package").and_then(|p| p.get("name")).and_then(|n| n.as_str()).unwrap_or("");
        if package != folder {
            problems.push(format!(
                "crates/{folder}: package is named `{package}`; a crate's folder and package share one name"
            ));
        }
    }
    problems
}

fn architecture_names_every_crate(root: &Path) -> Vec<String> {
    let architecture = read(&root.join("ARCHITECTURE.md"));
    dirs(&root.join("crates"))
        .into_iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|name| !architecture.contains(&format!("`crates/{name}`")))
        .map(|name| format!("ARCHITECTURE.md does not describe `crates/{name}`; add it to the code map"))
        .collect()
}

fn ci_runs_the_readme_test_command(root: &Path) -> Vec<String> {
    let readme = read(&root.join("README.md"));
    let ci = read(&root.join(".ci/run"));
    let command = readme.lines().map(str::trim).find(|l| l.starts_with("./") && l.contains("test"));
    match command {
        None => vec!["README.md has no test command (a line starting with `./` that runs the tests)".into()],
        Some(c) if !ci.contains(c) => vec![format!(".ci/run does not call README's test command `{c}`")],
        Some(_) => Vec::new(),
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

fn dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() && path.file_name().is_some_and(|n| n != "target") {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace_root;

    #[track_caller]
    fn check(problems: Vec<String>) {
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn tidy_core_crates_do_no_io() {
        check(core_crates_do_no_io(&workspace_root()));
    }

    #[test]
    fn tidy_files_start_with_a_doc_line() {
        check(files_start_with_a_doc_line(&workspace_root()));
    }

    #[test]
    fn tidy_crate_folders_match_package_names() {
        check(crate_folders_match_package_names(&workspace_root()));
    }

    #[test]
    fn tidy_architecture_names_every_crate() {
        check(architecture_names_every_crate(&workspace_root()));
    }

    #[test]
    fn tidy_ci_runs_the_readme_test_command() {
        check(ci_runs_the_readme_test_command(&workspace_root()));
    }

    /// The checker itself must catch a violation, or the tests above prove nothing.
    #[test]
    fn tidy_catches_io_in_a_fake_core_crate() {
        let root = std::env::temp_dir().join(format!("sdcoach-tidy-{}", std::process::id()));
        let dir = root.join("crates/content/src");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            root.join("crates/content/Cargo.toml"),
            "[package]\nname = \"content\"\n[dependencies]\ntokio = \"1\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("lib.rs"),
            "//! x\nfn f() { let _ = std::fs::read(\"a\"); } // std::env in a comment is fine\n",
        )
        .unwrap();
        let problems = core_crates_do_no_io(&root);
        let _ = std::fs::remove_dir_all(&root);
        assert!(problems.iter().any(|p| p.contains("depends on `tokio`")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("lib.rs:2") && p.contains("std::fs")), "{problems:?}");
        assert!(!problems.iter().any(|p| p.contains("std::env")), "comments are ignored: {problems:?}");
    }
}

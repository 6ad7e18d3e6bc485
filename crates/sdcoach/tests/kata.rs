//! `sdcoach kata` through the real binary: every reference passes its suite as a real process,
//! broken programs (wrong, crashing, hanging, flooding, printing garbage) get clear verdicts
//! and are cleaned up, and the starters speak the protocol.

mod common;

use std::path::Path;
use std::process::Command;

use common::{sdcoach, sdcoach_in, tempdir};

/// A program under test written as a shell script.
fn script(name: &str, body: &str) -> String {
    let dir = tempdir(&format!("kata-{name}"));
    let path = dir.join("program.sh");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    path.display().to_string()
}

#[test]
fn kata_list_json_has_the_contract_fields() {
    let list = sdcoach(&["kata", "list", "--json"]).code(0).json();
    let katas = list.as_array().unwrap();
    assert!(!katas.is_empty());
    for k in katas {
        for key in ["id", "title", "problem", "difficulty", "summary", "scenarios"] {
            assert!(k.get(key).is_some(), "{key} missing in {k}");
        }
    }
    let lru = katas.iter().find(|k| k["id"] == "lru-cache").expect("the LRU kata is listed");
    assert_eq!(lru["problem"], "lru-cache");
    // Every kata's problem exists in the bank and is an LLD problem.
    let problems = sdcoach(&["problems", "--kind", "lld", "--json"]).code(0).json();
    for k in katas {
        assert!(problems.as_array().unwrap().iter().any(|p| p["id"] == k["problem"]), "{}", k["id"]);
    }
}

#[test]
fn kata_show_prints_statement_protocol_and_examples_only() {
    let out = sdcoach(&["kata", "show", "lru-cache", "--no-pager"]).code(0).stdout();
    assert!(out.contains("LRU cache"), "{out}");
    assert!(out.contains("put KEY VALUE"), "the protocol is listed: {out}");
    assert!(out.contains("eviction removes the least recently used key"), "examples are shown");
    assert!(!out.contains("a long run evicts in insertion order"), "hidden scenarios stay hidden");
    let json = sdcoach(&["kata", "show", "lru-cache", "--json"]).code(0).json();
    assert!(json["statement"].as_str().unwrap().contains("O(1)"));
    assert!(
        json["examples"].as_array().unwrap().iter().all(|e| e["script"].as_str().unwrap().contains("> "))
    );
}

#[test]
fn every_reference_passes_its_suite_as_a_real_process() {
    let list = sdcoach(&["kata", "list", "--json"]).code(0).json();
    for k in list.as_array().unwrap() {
        let id = k["id"].as_str().unwrap();
        let run = sdcoach(&["kata", "run", id, "--reference", "--json"]);
        let report = run.code(0).json();
        assert_eq!(report["failed"], 0, "{id}: {report}");
        assert_eq!(report["passed"], k["scenarios"], "{id}: every scenario ran");
        for s in report["scenarios"].as_array().unwrap() {
            assert_eq!(s["ok"], true, "{id}: {s}");
            assert!(s["name"].is_string());
        }
    }
}

#[test]
fn a_broken_implementation_fails_with_expected_and_got() {
    let run = sdcoach(&["kata", "run", "lru-cache", "--broken"]);
    let out = run.code(1).stdout();
    assert!(out.contains("FAIL  eviction removes the least recently used key"), "{out}");
    assert!(out.contains("expected: ok evicted b"), "{out}");
    assert!(out.contains("got:      ok evicted a"), "{out}");
    assert!(out.contains("katas/lru-cache.toml:"), "the failure names the script line: {out}");
    let json = sdcoach(&["kata", "run", "lru-cache", "--broken", "--json"]).code(1).json();
    let failed = json["failed"].as_u64().unwrap();
    assert!(failed >= 1);
    assert_eq!(json["passed"].as_u64().unwrap() + failed, json["scenarios"].as_array().unwrap().len() as u64);
    let first = json["scenarios"].as_array().unwrap().iter().find(|s| s["ok"] == false).unwrap();
    assert_eq!(first["failure"]["got"], "ok evicted a");
}

#[test]
fn usage_errors_exit_2_with_a_hint() {
    let run = sdcoach(&["kata", "run", "lru-cahce", "--reference"]);
    assert!(run.code(2).stderr().contains("`lru-cache`"), "{}", run.stderr());
    let run = sdcoach(&["kata", "run", "lru-cache"]);
    assert!(run.code(2).stderr().contains("-- python3 main.py"), "{}", run.stderr());
    let run = sdcoach(&["kata", "run", "lru-cache", "--", "/nonexistent/program"]);
    assert!(run.code(2).stderr().contains("cannot start `/nonexistent/program`"), "{}", run.stderr());
    let run = sdcoach(&["kata", "run", "lru-cache", "--timeout=-1", "--reference"]);
    assert!(run.code(2).stderr().contains("--timeout"), "{}", run.stderr());
    let run = sdcoach(&["kata", "run", "lru-cache", "--only", "no such scenario", "--reference"]);
    run.code(2);
    sdcoach(&["kata", "show", "nope"]).code(2);
}

/// Runs the first scenario of the LRU kata against a shell program; returns the JSON report.
fn run_program(name: &str, body: &str, timeout: &str) -> serde_json::Value {
    let program = script(name, body);
    let only = "eviction removes";
    let run = sdcoach(&[
        "kata",
        "run",
        "lru-cache",
        "--json",
        "--only",
        only,
        "--timeout",
        timeout,
        "--",
        "sh",
        &program,
    ]);
    let report = run.code(1).json();
    assert_eq!(report["failed"], 1, "{report}");
    report["scenarios"][0]["failure"].clone()
}

#[test]
fn a_crash_is_reported_with_its_exit_status_and_stderr() {
    let failure = run_program(
        "crash",
        "read line; echo ok; read line; echo 'boom: index out of range' >&2; exit 3",
        "5",
    );
    assert_eq!(failure["got"], serde_json::Value::Null, "{failure}");
    assert!(failure["message"].as_str().unwrap().contains("exit status 3"), "{failure}");
    assert!(failure["stderr"].as_str().unwrap().contains("boom: index out of range"), "{failure}");
}

#[test]
fn a_hang_times_out_and_the_run_goes_on() {
    let failure = run_program("hang", "read line; sleep 30", "0.5");
    assert!(failure["message"].as_str().unwrap().contains("no reply within 0.5 s"), "{failure}");
}

#[test]
fn garbage_and_floods_get_their_own_verdicts() {
    let failure = run_program("garbage", "read line; printf '\\377\\376\\n'; sleep 5", "5");
    assert!(failure["message"].as_str().unwrap().contains("not UTF-8"), "{failure}");
    // Endless output is read only up to the cap, judged, and the program is stopped.
    let failure = run_program("flood", "read line; yes ok-ok-ok-ok-ok-ok-ok-ok", "5");
    assert_eq!(failure["got"], "ok-ok-ok-ok-ok-ok-ok-ok", "{failure}");
    // A reply line longer than the harness reads is a flood, not a very long answer.
    let failure = run_program("longline", "read line; head -c 200000 /dev/zero | tr '\\0' x; echo", "5");
    assert!(failure["message"].as_str().unwrap().contains("more than"), "{failure}");
}

#[test]
fn output_after_the_last_reply_is_a_failure() {
    // Answers one scenario exactly, then says goodbye on its way out.
    let body = "for r in ok ok ok 1 'ok evicted b' miss 'c a'; do read line; echo \"$r\"; done; echo bye";
    let program = script("chatty", body);
    let run =
        sdcoach(&["kata", "run", "lru-cache", "--json", "--only", "eviction removes", "--", "sh", &program]);
    let report = run.code(1).json();
    let failure = &report["scenarios"][0]["failure"];
    assert_eq!(failure["got"], "bye", "{report}");
    assert!(failure["message"].as_str().unwrap().contains("after its last reply"), "{report}");
}

fn alive(pid: u32) -> bool {
    // A zombie is dead for our purpose: it no longer runs.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| stat.rsplit(')').next().is_some_and(|rest| !rest.trim_start().starts_with('Z')))
}

#[test]
fn nothing_the_program_started_is_left_running() {
    let dir = tempdir("kata-orphans");
    let pids = dir.join("pids");
    // A program that starts a long-lived child of its own, then hangs.
    let body =
        format!("sleep 300 & echo $! >> {p}; echo $$ >> {p}; read line; sleep 300", p = pids.display());
    let program = script("orphans", &body);
    let run = sdcoach(&[
        "kata",
        "run",
        "lru-cache",
        "--only",
        "eviction removes",
        "--timeout",
        "0.5",
        "--",
        "sh",
        &program,
    ]);
    run.code(1);
    let text = std::fs::read_to_string(&pids).unwrap();
    let started: Vec<u32> = text.lines().map(|l| l.trim().parse().unwrap()).collect();
    assert_eq!(started.len(), 2);
    for pid in started {
        assert!(!alive(pid), "process {pid} outlived the run");
    }
}

fn have(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn init_writes_a_starter_and_refuses_to_overwrite() {
    let dir = tempdir("kata-init");
    let target = dir.join("lru");
    let out = sdcoach_in(&["kata", "init", "lru-cache", "--lang", "python", "lru"], &dir).code(0).stdout();
    assert!(out.contains("sdcoach kata run lru-cache -- python3 main.py"), "{out}");
    assert!(target.join("main.py").exists() && target.join("README.md").exists());
    let again = sdcoach_in(&["kata", "init", "lru-cache", "--lang", "python", "lru"], &dir);
    assert!(again.code(1).stderr().contains("--force"), "{}", again.stderr());
    sdcoach_in(&["kata", "init", "lru-cache", "--lang", "python", "lru", "--force"], &dir).code(0);
    let bad = sdcoach_in(&["kata", "init", "lru-cache", "--lang", "cobol", "x"], &dir);
    assert!(bad.code(2).stderr().contains("python, rust, java, go, js"), "{}", bad.stderr());
}

/// The starter's first reply reaches the harness: the protocol plumbing works before any design.
fn assert_starter_speaks(dir: &Path, argv: &[&str]) {
    let mut args = vec!["kata", "run", "lru-cache", "--json", "--only", "eviction removes", "--"];
    args.extend_from_slice(argv);
    let report = sdcoach_in(&args, dir).code(1).json();
    assert_eq!(report["scenarios"][0]["failure"]["got"], "error not-implemented", "{report}");
}

#[test]
fn python_and_rust_starters_speak_the_protocol() {
    let require = std::env::var("SDCOACH_REQUIRE_TOOLS").is_ok();
    let dir = tempdir("kata-starters");
    if have("python3") {
        sdcoach_in(&["kata", "init", "lru-cache", "--lang", "python", "py"], &dir).code(0);
        assert_starter_speaks(&dir.join("py"), &["python3", "main.py"]);
    } else {
        assert!(!require, "SDCOACH_REQUIRE_TOOLS is set but python3 is missing");
    }
    sdcoach_in(&["kata", "init", "lru-cache", "--lang", "rust", "rs"], &dir).code(0);
    let build = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--offline"])
        .current_dir(dir.join("rs"))
        .env("CARGO_TARGET_DIR", dir.join("rs").join("target"))
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    assert_starter_speaks(&dir.join("rs"), &["./target/release/lru-cache"]);
}

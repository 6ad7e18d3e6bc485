//! CLI tests on the real binary: each runs `sdcoach` as a user would and checks its output and
//! exit status.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{content_dir, sdcoach, sdcoach_in, tempdir};

#[test]
fn topics_json_lists_every_topic_with_required_fields() {
    let json = sdcoach(&["topics", "--json"]).code(0).json();
    let topics = json.as_array().expect("an array");
    assert!(topics.len() >= 30, "{} topics", topics.len());
    for t in topics {
        for field in ["id", "title", "area", "summary"] {
            assert!(t[field].is_string(), "{field} missing in {t}");
        }
        assert!(t["cards"].as_u64().unwrap() >= 5, "{t}");
    }
    let ids: Vec<&str> = topics.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"cap-theorem") && ids.contains(&"token-bucket"));
}

#[test]
fn topics_area_filter_keeps_only_that_area() {
    let json = sdcoach(&["topics", "--area", "quality-attributes", "--json"]).code(0).json();
    let topics = json.as_array().unwrap();
    assert!(!topics.is_empty());
    assert!(topics.iter().all(|t| t["area"] == "quality-attributes"));
    // The area's outline decides the order.
    assert_eq!(topics[0]["id"], "scalability");
}

#[test]
fn topics_unknown_area_suggests_and_exits_1() {
    let run = sdcoach(&["topics", "--area", "bulding-blocks"]);
    run.code(1);
    assert!(
        run.stderr().contains("unknown area `bulding-blocks`; did you mean `building-blocks`?"),
        "{}",
        run.stderr()
    );
}

#[test]
fn topics_text_groups_by_area_without_colour_when_piped() {
    let run = sdcoach(&["topics"]);
    let out = run.code(0).stdout();
    assert!(out.starts_with("Interview method (interview-method)\n  what-is-system-design "), "{out}");
    assert!(out.contains("Building blocks (building-blocks)"));
    assert!(!out.contains('\x1b'), "no colour when stdout is not a terminal");
}

#[test]
fn learn_renders_a_topic_from_any_directory() {
    let dir = std::env::temp_dir();
    let run = sdcoach_in(&["learn", "token-bucket"], &dir);
    let out = run.code(0).stdout();
    assert!(out.starts_with("Token bucket\n"), "{}", &out[..200.min(out.len())]);
    assert!(out.contains("How it works"));
    assert!(out.contains("Flashcards ("));
    assert!(out.contains("sdcoach learn "), "related topics or links point at commands");
    assert!(!out.contains("](topic:"), "links are rendered, not raw Markdown");
}

#[test]
fn learn_forced_colour_uses_ansi_sequences() {
    let out = sdcoach(&["learn", "cdn", "--color", "always"]).code(0).stdout();
    assert!(out.contains("\x1b["), "colour was asked for");
}

#[test]
fn learn_a_concept_alias_opens_the_topic_that_teaches_it() {
    let run = sdcoach(&["learn", "write behind"]);
    run.code(0);
    assert!(run.stderr().contains("showing the topic that teaches it"), "{}", run.stderr());
    assert!(run.stdout().starts_with("Cache strategies\n"), "{}", &run.stdout()[..80]);
}

#[test]
fn learn_unknown_topic_suggests_closest_and_exits_1() {
    let run = sdcoach(&["learn", "cachng"]);
    run.code(1);
    let err = run.stderr();
    assert!(err.contains("unknown topic `cachng`; did you mean `caching`?"), "{err}");
    assert!(err.contains("sdcoach topics"), "says how to find topics: {err}");
    assert!(run.stdout().is_empty());
}

#[test]
fn search_json_ranks_a_typo_to_its_concept() {
    let json = sdcoach(&["search", "consistant", "hashing", "--json"]).code(0).json();
    let hits = json.as_array().unwrap();
    for h in hits {
        for field in ["kind", "id", "title"] {
            assert!(h[field].is_string(), "{h}");
        }
        assert!(h["score"].is_number());
    }
    let top: Vec<&str> = hits.iter().take(3).map(|h| h["id"].as_str().unwrap()).collect();
    assert!(top.contains(&"consistent-hashing"), "{top:?}");
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
}

#[test]
fn search_alias_finds_the_teaching_topic() {
    let json = sdcoach(&["search", "write behind", "--kind", "topic", "--json"]).code(0).json();
    assert_eq!(json[0]["id"], "cache-strategies", "{json}");
    assert!(json.as_array().unwrap().iter().all(|h| h["kind"] == "topic"));
}

#[test]
fn search_without_matches_exits_1_with_empty_json() {
    let run = sdcoach(&["search", "qqqxxyzzy", "--json"]);
    run.code(1);
    assert_eq!(run.json(), serde_json::json!([]));
    assert!(run.stderr().contains("no results"));
}

#[test]
fn search_text_output_names_the_command_to_open_each_hit() {
    let out = sdcoach(&["search", "token bucket", "--limit", "3"]).code(0).stdout();
    assert!(out.contains("sdcoach learn token-bucket"), "{out}");
}

#[test]
fn glossary_json_has_the_contract_fields() {
    let json = sdcoach(&["glossary", "--json"]).code(0).json();
    let all = json.as_array().unwrap();
    assert!(all.len() >= 150, "{} concepts", all.len());
    for c in all {
        for field in ["id", "name", "area", "definition"] {
            assert!(c[field].is_string(), "{c}");
        }
        assert!(c["aliases"].is_array());
    }
}

#[test]
fn glossary_term_matches_by_alias() {
    let json = sdcoach(&["glossary", "hash ring", "--json"]).code(0).json();
    assert_eq!(json[0]["id"], "consistent-hashing");
    let text = sdcoach(&["glossary", "write behind"]).code(0).stdout();
    assert!(text.contains("taught in: sdcoach learn cache-strategies"), "{text}");
}

#[test]
fn glossary_unknown_term_exits_1() {
    let run = sdcoach(&["glossary", "qqqxxyzzy"]);
    run.code(1);
    assert!(run.stderr().contains("unknown concept `qqqxxyzzy`"), "{}", run.stderr());
}

#[test]
fn usage_errors_exit_2() {
    sdcoach(&["no-such-command"]).code(2);
    sdcoach(&["topics", "--no-such-flag"]).code(2);
    sdcoach(&["learn"]).code(2);
    sdcoach(&["search"]).code(2);
    sdcoach(&["search", "x", "--limit", "many"]).code(2);
}

#[test]
fn every_command_help_teaches_with_an_example() {
    let top = sdcoach(&["--help"]).code(0).stdout();
    assert!(top.contains("Examples:") && top.contains("Exit status:"), "{top}");
    for cmd in ["serve", "topics", "learn", "search", "glossary", "calc", "completions", "man"] {
        let help = sdcoach(&[cmd, "--help"]).code(0).stdout();
        assert!(help.contains("Example"), "`sdcoach {cmd} --help` has no example:\n{help}");
        assert!(help.contains(&format!("sdcoach {cmd}")), "{cmd}: {help}");
    }
    let check = sdcoach(&["content", "check", "--help"]).code(0).stdout();
    assert!(check.contains("Examples:"));
}

#[test]
fn completions_and_man_page_come_from_the_same_definitions() {
    let bash = sdcoach(&["completions", "bash"]).code(0).stdout();
    assert!(bash.contains("glossary") && bash.contains("--area"), "bash completion lists commands and flags");
    let zsh = sdcoach(&["completions", "zsh"]).code(0).stdout();
    assert!(zsh.starts_with("#compdef sdcoach"));
    let man = sdcoach(&["man"]).code(0).stdout();
    assert!(man.contains(".TH sdcoach") && man.contains("glossary"), "{}", &man[..200]);
}

#[test]
fn content_check_passes_on_the_repository_content() {
    let run = sdcoach(&["content", "check", "--content", content_dir().to_str().unwrap()]);
    let out = run.code(0).stdout();
    assert!(out.contains("0 errors, 0 warnings"), "{out}");
}

#[test]
fn content_check_reports_file_line_and_caret_for_a_broken_folder() {
    let dir = tempdir("broken-content");
    std::fs::create_dir_all(dir.join("topics/building-blocks")).unwrap();
    std::fs::create_dir_all(dir.join("cards")).unwrap();
    std::fs::write(
        dir.join("areas.toml"),
        "[[area]]\nid = \"building-blocks\"\ntitle = \"B\"\nsummary = \"S\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("topics/building-blocks/cdn.md"),
        "+++\nid = \"cdn\"\ntitle = \"CDN\"\narea = \"building-blocks\"\nsummary = \"s\"\nconcepts = []\nrelated = [\"dsn\"]\n+++\n## What\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("cards/x.toml"),
        "topic = \"nope\"\n[[card]]\nid = \"x-1\"\nq = \"q\"\na = \"a\"\n",
    )
    .unwrap();
    let run = sdcoach(&["content", "check", "--content", dir.to_str().unwrap()]);
    let out = run.code(1).stdout();
    assert!(out.contains("--> topics/building-blocks/cdn.md:7:12"), "{out}");
    assert!(out.contains("related topic `dsn` does not exist"), "{out}");
    assert!(out.contains("7 | related = [\"dsn\"]"), "{out}");
    assert!(out.contains("--> cards/x.toml:3:"), "orphan card located: {out}");
    assert!(out.contains("belongs to no topic"), "{out}");
}

#[test]
fn content_flag_reads_an_authors_folder_and_warns_about_problems() {
    let dir = tempdir("author-content");
    std::fs::create_dir_all(dir.join("topics/building-blocks")).unwrap();
    std::fs::write(
        dir.join("areas.toml"),
        "[[area]]\nid = \"building-blocks\"\ntitle = \"B\"\nsummary = \"S\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("concepts")).unwrap();
    std::fs::write(
        dir.join("concepts/c.toml"),
        "[[concept]]\nid = \"probe\"\nname = \"Probe\"\narea = \"building-blocks\"\ndefinition = \"d\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("topics/building-blocks/probe.md"),
        "+++\nid = \"probe\"\ntitle = \"Draft probe page\"\narea = \"building-blocks\"\nsummary = \"s\"\nconcepts = [\"probe\"]\nrelated = []\n+++\n## Draft\n\nHello authors.\n",
    )
    .unwrap();
    let run = sdcoach(&["learn", "probe", "--content", dir.to_str().unwrap()]);
    run.code(0);
    assert!(run.stdout().contains("Draft probe page"));
    assert!(run.stderr().contains("few-cards"), "problems are reported: {}", run.stderr());
}

#[test]
fn missing_content_folder_is_a_clear_error() {
    let run = sdcoach(&["topics", "--content", "/no/such/folder"]);
    run.code(1);
    assert!(run.stderr().contains("/no/such/folder"), "{}", run.stderr());
}

#[test]
fn serve_rejects_a_malformed_address() {
    let run = sdcoach(&["serve", "--addr", "localhost"]);
    run.code(1);
    assert!(run.stderr().contains("write it as IP:PORT"), "{}", run.stderr());
}

#[test]
fn closed_stdout_is_not_an_error() {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sdcoach"))
        .args(["glossary"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close our end before reading anything, like `sdcoach glossary | head -0`.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn calc_prints_the_readable_answer() {
    let out = sdcoach(&["calc", "100M/day * 500 B * 5 years to TB"]).code(0).stdout();
    assert_eq!(out, "91.3 TB\n");
    // Words of the expression may come as separate arguments.
    assert_eq!(sdcoach(&["calc", "250M/day", "to", "/s"]).code(0).stdout(), "2.89K/s\n");
    assert_eq!(sdcoach(&["calc", "-3", "s"]).code(0).stdout(), "-3 s\n");
}

#[test]
fn calc_json_has_value_unit_and_display() {
    let json = sdcoach(&["calc", "1 TB / 100 MB/s", "--json"]).code(0).json();
    assert_eq!(json["value"], 10_000.0);
    assert_eq!(json["unit"], "s");
    assert_eq!(json["display"], "2.78 h");
    let json = sdcoach(&["calc", "(1 - 99.99%) * 1 year to min", "--json"]).code(0).json();
    assert!((json["value"].as_f64().unwrap() - 52.56).abs() < 1e-9, "{json}");
    assert_eq!(json["unit"], "min");
}

#[test]
fn calc_bad_expression_exits_1_naming_the_column() {
    let run = sdcoach(&["calc", "5 GB + 3 s"]);
    run.code(1);
    assert!(run.stderr().contains("cannot add seconds to bytes (column 1)"), "{}", run.stderr());
    let run = sdcoach(&["calc", "2 * (3 + 4"]);
    run.code(1);
    assert!(run.stderr().contains("never closed (column 5)"), "{}", run.stderr());
    let json = sdcoach(&["calc", "5 Gbsp", "--json"]).code(1).json();
    assert_eq!(json["error"]["column"], 3);
    assert!(json["error"]["help"].as_str().unwrap().contains("Gbps"));
}

#[test]
fn calc_warns_about_ambiguous_notation() {
    let run = sdcoach(&["calc", "500B"]);
    run.code(0);
    assert!(run.stderr().contains("read as 500 billion"), "{}", run.stderr());
    sdcoach(&["calc"]).code(2);
}

#[test]
fn problems_json_lists_hld_and_lld_with_contract_fields() {
    let json = sdcoach(&["problems", "--json"]).code(0).json();
    let all = json.as_array().unwrap();
    assert!(all.iter().any(|p| p["id"] == "url-shortener"));
    for p in all {
        for field in ["id", "title", "kind", "difficulty"] {
            assert!(p[field].is_string(), "{p}");
        }
        assert!(p["kind"] == "hld" || p["kind"] == "lld", "{p}");
    }
    let hld = sdcoach(&["problems", "--kind", "hld", "--json"]).code(0).json();
    assert!(hld.as_array().unwrap().iter().all(|p| p["kind"] == "hld"));
    let tagged = sdcoach(&["problems", "--tag", "read-heavy", "--json"]).code(0).json();
    assert!(
        tagged.as_array().unwrap().iter().all(|p| p["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "read-heavy"))
    );
    sdcoach(&["problems", "--kind", "xld"]).code(2);
}

#[test]
fn problem_shows_the_prompt_without_spoilers() {
    let out = sdcoach(&["problem", "url-shortener"]).code(0).stdout();
    assert!(out.starts_with("URL shortener\n"), "{out}");
    assert!(out.contains("The prompt"));
    assert!(!out.contains("Reference solution"), "no spoilers by default");
    assert!(!out.contains("What the interviewer answers"));
    assert!(out.contains("--solution"), "says how to reveal more");
}

#[test]
fn problem_reveals_computed_estimates_and_the_solution_on_request() {
    let out = sdcoach(&["problem", "url-shortener", "--estimates"]).code(0).stdout();
    assert!(out.contains("91.3 TB") && out.contains("57.9 MB/s"), "estimates are computed: {out}");
    assert!(!out.contains("Reference solution"));
    let out = sdcoach(&["problem", "url-shortener", "--solution"]).code(0).stdout();
    assert!(
        out.contains("Reference solution") && out.contains("Follow-up questions") && out.contains("Pitfalls")
    );
    let json = sdcoach(&["problem", "url-shortener", "--rubric", "--json"]).code(0).json();
    assert_eq!(json["rubric"].as_array().unwrap().len(), 8, "every HLD dimension");
    assert!(json.get("solution").is_none(), "--rubric alone does not reveal the solution");
    let json = sdcoach(&["problem", "url-shortener", "--estimates", "--json"]).code(0).json();
    let storage = json["estimates"].as_array().unwrap().iter().find(|e| e["name"] == "storage").unwrap();
    assert_eq!(storage["display"], "91.3 TB");
    assert_eq!(storage["unit"], "TB");
}

#[test]
fn problem_unknown_id_suggests_and_exits_1() {
    let run = sdcoach(&["problem", "url-shortner"]);
    run.code(1);
    assert!(run.stderr().contains("did you mean `url-shortener`?"), "{}", run.stderr());
}

#[test]
fn search_finds_problems() {
    let json = sdcoach(&["search", "shorten links", "--kind", "problem", "--json"]).code(0).json();
    assert_eq!(json[0]["id"], "url-shortener", "{json}");
}

#[test]
fn drill_estimate_scores_answers_from_stdin() {
    use std::io::Write;
    use std::process::Stdio;
    let run = |answers: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sdcoach"))
            .args(["drill", "estimate", "--problem", "url-shortener", "--seed", "42", "--json"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(answers.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        let json_start = text.find("\n{").map_or(0, |i| i + 1);
        serde_json::from_str::<serde_json::Value>(&text[json_start..]).unwrap()
    };
    let blank = run("");
    assert_eq!(blank["score"], 0.0);
    let questions = blank["questions"].as_array().unwrap();
    assert!(!questions.is_empty());
    // Answering exactly what the drill computed scores full marks; the same seed gives the same drill.
    let exact: String = questions.iter().map(|q| format!("{}\n", q["expected"].as_str().unwrap())).collect();
    let full = run(&exact);
    assert_eq!(full["score"].as_f64().unwrap(), questions.len() as f64, "{full}");
    // Ten times off scores nothing.
    let off: String = questions
        .iter()
        .map(|q| {
            let e = q["expected"].as_str().unwrap();
            let (num, unit) = e.split_once([' ', '/']).map_or((e, ""), |(n, u)| (n, u));
            let sep = if e.contains(' ') {
                " "
            } else if e.contains('/') {
                "/"
            } else {
                ""
            };
            format!("({num}) * 30{sep}{unit}\n")
        })
        .collect();
    let low = run(&off);
    assert_eq!(low["score"], 0.0, "{low}");
}

#[test]
fn drill_numbers_quiz_asks_and_scores() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sdcoach"))
        .args(["drill", "numbers", "--count", "3", "--seed", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"1 ns\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Numbers to know (seed 1)"), "{text}");
    assert!(text.contains("Score: "), "{text}");
    assert_eq!(text.matches("source: ").count(), 3, "each answer names its source: {text}");
}

const DESIGN: &str = "\
design \"Tiny\"
web: client
lb: lb replicas 2
api: service replicas 3
cache: redis replicas 2 hit 90% eviction lru
db: sql replicas 1
flow read: 5K/s peak 2 read
  web -> lb -> api -> cache -> db
objective read: availability 99.9% p99 100 ms
";

fn design_file(name: &str, text: &str) -> PathBuf {
    let dir = tempdir(name);
    let path = dir.join("design.sd");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn design_check_json_has_the_contract_fields() {
    let path = design_file("design-json", DESIGN);
    let json = sdcoach(&["design", "check", path.to_str().unwrap(), "--json"]).code(0).json();
    let comps = json["components"].as_array().unwrap();
    let api = comps.iter().find(|c| c["id"] == "api").unwrap();
    // 10K/s at peak over 3 instances of 5K/s: 0.667.
    assert!((api["utilization_peak"].as_f64().unwrap() - 10_000.0 / 3.0 / 5_000.0).abs() < 1e-9, "{api}");
    assert_eq!(api["kind"], "service");
    assert_eq!(api["spof"], false);
    let flow = &json["flows"][0];
    assert_eq!(flow["name"], "read");
    assert!(flow["availability"].as_f64().unwrap() > 0.999);
    assert!(flow["p50_ms"].is_number() && flow["p99_ms"].is_number());
    assert!(json["findings"].is_array());
    assert!(json["monthly_cost_usd"].as_f64().unwrap() > 0.0);
}

#[test]
fn design_check_human_report_and_findings() {
    let path = design_file("design-human", "web: client\napi: service\nflow r: 9K/s\n  web -> api\n");
    let out = sdcoach(&["design", "check", path.to_str().unwrap()]).code(0).stdout();
    assert!(out.contains("Components (busiest first)"), "{out}");
    assert!(out.contains("[overloaded]"), "{out}");
    assert!(out.contains("[single-point-of-failure]"), "{out}");
}

#[test]
fn design_with_errors_exits_1_with_line_and_suggestion() {
    let path = design_file("design-bad", "web: client\napi: servce\nflow r: 10/s\n  web -> apx\n");
    let run = sdcoach(&["design", "check", path.to_str().unwrap()]);
    run.code(1);
    let err = run.stderr();
    assert!(err.contains("unknown component kind `servce` (line 2, col 6)"), "{err}");
    assert!(err.contains("did you mean `service`?"), "{err}");
    let run = sdcoach(&["design", "check", "/no/such/design.sd"]);
    run.code(1);
    assert!(run.stderr().contains("/no/such/design.sd"));
}

#[test]
fn design_fmt_is_canonical_and_checkable() {
    let path =
        design_file("design-fmt", "web:client\napi :  service x3   # three\nflow r:10/s\nweb->api 50%\n");
    let out = sdcoach(&["design", "fmt", path.to_str().unwrap()]).code(0).stdout();
    assert_eq!(out, "web: client\napi: service replicas 3  # three\nflow r: 10/s\n  web -> api 50%\n");
    sdcoach(&["design", "fmt", path.to_str().unwrap(), "--check"]).code(1);
    sdcoach(&["design", "fmt", path.to_str().unwrap(), "--write"]).code(0);
    sdcoach(&["design", "fmt", path.to_str().unwrap(), "--check"]).code(0);
}

#[test]
fn design_render_svg_mermaid_d2() {
    let path = design_file("design-render", DESIGN);
    let svg = sdcoach(&["design", "render", path.to_str().unwrap()]).code(0).stdout();
    assert!(svg.starts_with("<svg") && svg.contains(">api<") && svg.contains("read 10K/s"), "{svg}");
    let mermaid =
        sdcoach(&["design", "render", path.to_str().unwrap(), "--format", "mermaid"]).code(0).stdout();
    assert!(mermaid.starts_with("flowchart LR\n") && mermaid.contains("-->|\"read\"|"), "{mermaid}");
    let d2 = sdcoach(&["design", "render", path.to_str().unwrap(), "--format", "d2"]).code(0).stdout();
    assert!(d2.contains("lb -> api: \"read\""), "{d2}");
}

#[test]
fn design_render_dot_is_accepted_by_graphviz() {
    let path = design_file("design-dot", DESIGN);
    let out_path = path.with_extension("dot");
    sdcoach(&[
        "design",
        "render",
        path.to_str().unwrap(),
        "--format",
        "dot",
        "-o",
        out_path.to_str().unwrap(),
    ])
    .code(0);
    let Ok(output) = Command::new("dot").arg("-Tsvg").arg(&out_path).output() else {
        assert!(
            std::env::var("SDCOACH_REQUIRE_TOOLS").is_err(),
            "SDCOACH_REQUIRE_TOOLS is set but Graphviz `dot` is missing"
        );
        eprintln!(
            "note: Graphviz not installed; DOT validity not checked (the README test command installs it)"
        );
        return;
    };
    assert!(output.status.success(), "dot rejected the output: {}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("<svg"));
}

#[test]
fn problem_design_prints_the_reference_design() {
    let out = sdcoach(&["problem", "url-shortener", "--design"]).code(0).stdout();
    assert!(out.contains("flow redirect: read_qps"), "{out}");
    let path = design_file("design-ref", &out);
    let json = sdcoach(&["design", "check", path.to_str().unwrap(), "--problem", "url-shortener", "--json"])
        .code(0)
        .json();
    assert!(json["findings"].as_array().unwrap().iter().all(|f| f["severity"] != "error"), "{json}");
}

#[test]
fn calc_knows_the_numbers_to_know_and_a_problems_estimates() {
    // 1,000 random SSD reads at about 100 µs each.
    assert_eq!(sdcoach(&["calc", "ssd_random_read * 1000 to ms"]).code(0).stdout(), "100 ms\n");
    let json = sdcoach(&["calc", "read_qps to /s", "--problem", "url-shortener", "--json"]).code(0).json();
    assert!(json["value"].as_f64().unwrap() > 1_000.0, "{json}");
    let run = sdcoach(&["calc", "read_qps * 2"]);
    assert!(run.code(1).stderr().contains("--problem ID"), "{}", run.stderr());
    let run = sdcoach(&["calc", "1 + 1", "--problem", "url-shortner"]);
    assert!(run.code(2).stderr().contains("url-shortener"), "{}", run.stderr());
}

fn scenario_file(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("outage.scn");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn design_sim_prints_the_scenario_failures_flows_and_components() {
    let path = design_file("sim-human", DESIGN);
    let run = sdcoach(&["design", "sim", path.to_str().unwrap(), "--duration", "5s"]);
    let out = run.code(0).stdout();
    assert!(out.starts_with("Simulation of Tiny: 5 s (seed 1)\nThe default scenario:\n"), "{out}");
    assert!(out.contains("  spike all x3 at 1500 ms for 1s\n"), "{out}");
    // The analyzer's busiest component at peak is the one that fails.
    assert!(out.contains("  api down "), "{out}");
    assert!(out.contains("\nFlows\n") && out.contains("\n  read "), "{out}");
    assert!(out.contains("\nComponents (busiest first)\n") && out.contains("\n  db "), "{out}");
    // Not a terminal: no progress bar, only the timing line.
    let err = run.stderr();
    assert!(err.starts_with("simulated 5 s in ") && !err.contains('\r'), "{err}");
}

#[test]
fn design_sim_json_has_the_contract_fields() {
    let path = design_file("sim-json", DESIGN);
    let json =
        sdcoach(&["design", "sim", path.to_str().unwrap(), "--duration", "4s", "--json"]).code(0).json();
    let flows = json["summary"]["flows"].as_array().expect("summary.flows is an array");
    let read = &flows[0];
    assert_eq!(read["name"], "read");
    for field in ["requests", "served", "dropped", "errors", "retries", "in_flight"] {
        assert!(read[field].is_u64(), "{field} in {read}");
    }
    for field in ["p50_ms", "p99_ms", "mean_ms"] {
        assert!(read[field].as_f64().unwrap() > 0.0, "{field} in {read}");
    }
    let n = |f: &str| read[f].as_u64().unwrap();
    assert_eq!(n("requests"), n("served") + n("errors") + n("dropped") + n("in_flight"));
    // 5K/s for 4 s, three times that for 0.8 s; the api is down for 0.6 s of it.
    assert!((n("requests") as f64 - 28_000.0).abs() < 800.0, "{read}");
    assert!(n("errors") > 2000, "{read}");
    let api = json["summary"]["components"].as_array().unwrap().iter().find(|c| c["id"] == "api").unwrap();
    assert!(api["utilization"].is_f64() && api["utilization_analytic"].is_f64(), "{api}");
    assert_eq!(json["summary"]["failures"][0]["label"], "api down");
    let series = json["series"].as_array().expect("series is an array");
    assert_eq!(series.len(), 80);
    assert!(
        series[0]["start_s"] == 0.0
            && series[0]["p99_ms"].is_f64()
            && series[0]["flows"][0]["name"] == "read"
    );
    let arrived: u64 = series.iter().map(|p| p["requests"].as_u64().unwrap()).sum();
    assert_eq!(arrived, n("requests"));
}

#[test]
fn design_sim_same_seed_same_json_other_seed_other_numbers() {
    let path = design_file("sim-seed", DESIGN);
    let p = path.to_str().unwrap();
    let once = sdcoach(&["design", "sim", p, "--duration", "2s", "--seed", "3", "--json"]).code(0).stdout();
    let again = sdcoach(&["design", "sim", p, "--duration", "2s", "--seed", "3", "--json"]).code(0).stdout();
    assert_eq!(once, again);
    let other = sdcoach(&["design", "sim", p, "--duration", "2s", "--seed", "4", "--json"]).code(0).stdout();
    assert_ne!(once, other);
}

#[test]
fn design_sim_scenario_file_and_out_folder() {
    let path = design_file("sim-out", DESIGN);
    let dir = path.parent().unwrap().to_owned();
    let scenario = scenario_file(
        &dir,
        "set duration 10s\nset interval 1s\ncall db timeout 20 ms retries 2\nslow db 30 ms at 4s for 2s\n",
    );
    let out = dir.join("run");
    let run = sdcoach(&[
        "design",
        "sim",
        path.to_str().unwrap(),
        "--scenario",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = run.code(0).stdout();
    assert!(!stdout.contains("The default scenario"), "{stdout}");
    assert!(stdout.contains("  db +30 ms "), "{stdout}");
    assert!(run.stderr().contains("wrote the series, the summary and four charts to"), "{}", run.stderr());
    let series = std::fs::read_to_string(out.join("series.csv")).unwrap();
    let mut lines = series.lines();
    assert!(lines.next().unwrap().starts_with("start_s,end_s,requests,served,errors,dropped,retries,"));
    assert_eq!(lines.count(), 10);
    for name in ["flows.csv", "components.csv", "summary-flows.csv", "summary-components.csv", "scenario.txt"]
    {
        assert!(out.join(name).is_file(), "{name}");
    }
    let summary = std::fs::read_to_string(out.join("summary-flows.csv")).unwrap();
    let row: Vec<&str> = summary.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[0], "read");
    assert!(row[6].parse::<u64>().unwrap() > 0, "the slow database made calls retry: {summary}");
    for chart in ["latency", "throughput", "errors", "queue-depth"] {
        let svg = std::fs::read_to_string(out.join(format!("{chart}.svg"))).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("class=\"sc-failure\""), "{chart}");
    }
}

#[test]
fn design_sim_bad_scenario_exits_2_with_its_line_and_help() {
    let path = design_file("sim-bad-scenario", DESIGN);
    let scenario =
        scenario_file(path.parent().unwrap(), "set duration 10s\nfail dbb at 5s\nset warmup -2s\n");
    let run = sdcoach(&["design", "sim", path.to_str().unwrap(), "--scenario", scenario.to_str().unwrap()]);
    run.code(2);
    let err = run.stderr();
    assert!(err.contains("outage.scn: error: unknown component `dbb` (line 2, col 6)"), "{err}");
    assert!(err.contains("help: did you mean `db`?"), "{err}");
    assert!(err.contains("`warmup` must not be negative, not -2 s (line 3, col 12)"), "{err}");
    assert!(err.contains("error: the scenario has errors"), "{err}");
    assert!(run.stdout().is_empty());
}

#[test]
fn design_sim_runs_the_designs_own_scenario_section_with_the_files_line_numbers() {
    let with_section = format!("{DESIGN}\nscenario\nset duration 3s\nslow db 30 ms at 1s for 1s\n");
    let path = design_file("sim-section", &with_section);
    let p = path.to_str().unwrap();
    let run = sdcoach(&["design", "sim", p]);
    let out = run.code(0).stdout();
    assert!(out.starts_with("Simulation of Tiny: 3 s (seed 1)\n"), "{out}");
    assert!(!out.contains("The default scenario") && out.contains("  db +30 ms "), "{out}");
    // `design check` and `design fmt` leave the section alone.
    sdcoach(&["design", "check", p]).code(0);
    let formatted = sdcoach(&["design", "fmt", p]).code(0).stdout();
    assert!(formatted.ends_with("scenario\nset duration 3s\nslow db 30 ms at 1s for 1s\n"), "{formatted}");
    // A mistake in the section is reported at its line in the design file.
    let bad = format!("{DESIGN}scenario\nfail dbb at 1s\n");
    let line = bad.lines().count();
    let path = design_file("sim-section-bad", &bad);
    let run = sdcoach(&["design", "sim", path.to_str().unwrap()]);
    run.code(2);
    let err = run.stderr();
    assert!(err.contains(&format!("error: unknown component `dbb` (line {line}, col 6)")), "{err}");
    // --scenario wins over the section.
    let scenario = scenario_file(path.parent().unwrap(), "set duration 2s\n");
    let out = sdcoach(&["design", "sim", path.to_str().unwrap(), "--scenario", scenario.to_str().unwrap()])
        .code(0)
        .stdout();
    assert!(out.starts_with("Simulation of Tiny: 2 s"), "{out}");
}

#[test]
fn design_sim_presets_write_a_scenario_for_the_design() {
    let path = design_file("sim-preset", DESIGN);
    let p = path.to_str().unwrap();
    let out = sdcoach(&["design", "sim", p, "--preset", "cache-flush", "--duration", "4s"]).code(0).stdout();
    assert!(
        out.contains("The cache-flush preset:\n")
            && out.contains("  flush cache at 1600 ms recover 800 ms\n"),
        "{out}"
    );
    let run = sdcoach(&["design", "sim", p, "--preset", "zone-outage"]);
    assert!(
        run.code(1).stderr().contains(
            "error: the zone-outage preset does not fit this design: the design places nothing in a zone"
        ),
        "{}",
        run.stderr()
    );
    let run = sdcoach(&["design", "sim", p, "--preset", "meltdown"]);
    assert!(run.code(2).stderr().contains("possible values: default, steady,"), "{}", run.stderr());
    let scenario = scenario_file(path.parent().unwrap(), "set duration 2s\n");
    sdcoach(&["design", "sim", p, "--preset", "spike", "--scenario", scenario.to_str().unwrap()]).code(2);
}

#[test]
fn design_sim_warns_of_a_failure_after_the_end_and_runs() {
    let path = design_file("sim-warn", DESIGN);
    let scenario = scenario_file(path.parent().unwrap(), "fail db at 30s for 5s\n");
    let run = sdcoach(&[
        "design",
        "sim",
        path.to_str().unwrap(),
        "--scenario",
        scenario.to_str().unwrap(),
        "--duration",
        "2s",
        "--json",
    ]);
    run.code(0);
    assert!(
        run.stderr().contains("warning: this starts at 30 s, after the run ends at 2 s (line 1, col 1)"),
        "{}",
        run.stderr()
    );
    assert_eq!(run.json()["summary"]["failures"].as_array().unwrap().len(), 0);
}

#[test]
fn design_sim_bad_design_and_bad_flags_exit_2() {
    let path = design_file("sim-bad-design", "web: client\napi: servce\nflow r: 10/s\n  web -> api\n");
    let run = sdcoach(&["design", "sim", path.to_str().unwrap()]);
    run.code(2);
    assert!(run.stderr().contains("unknown component kind `servce` (line 2, col 6)"), "{}", run.stderr());
    let path = design_file("sim-bad-flags", DESIGN);
    let p = path.to_str().unwrap();
    let run = sdcoach(&["design", "sim", p, "--duration", "-5s"]);
    run.code(2);
    assert!(run.stderr().contains("the duration must be more than zero"), "{}", run.stderr());
    sdcoach(&["design", "sim", p, "--duration", "5 GB"]).code(2);
    sdcoach(&["design", "sim", p, "--seed", "x"]).code(2);
    let run = sdcoach(&["design", "sim", p, "--scenario", "/no/such.scn"]);
    run.code(1);
    assert!(run.stderr().contains("cannot read the scenario file /no/such.scn"), "{}", run.stderr());
}

#[test]
fn design_sim_runs_a_reference_design_with_its_problem() {
    let text = sdcoach(&["problem", "url-shortener", "--design"]).code(0).stdout();
    let path = design_file("sim-ref", &text);
    let json = sdcoach(&[
        "design",
        "sim",
        path.to_str().unwrap(),
        "--problem",
        "url-shortener",
        "--duration",
        "500 ms",
        "--json",
    ])
    .code(0)
    .json();
    let names: Vec<&str> =
        json["summary"]["flows"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["redirect", "shorten"]);
    assert!(json["summary"]["flows"][0]["requests"].as_u64().unwrap() > 40_000);
}

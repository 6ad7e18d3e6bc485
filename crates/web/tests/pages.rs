//! Web tests through the router in process: real content, real templates, no socket.

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;
use web::{AppState, HostPolicy};

fn state() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let loaded = content::load(&content_source::embedded());
            AppState::new(loaded.corpus, HostPolicy::loopback())
        })
        .clone()
}

struct Page {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn get_with_host(path: &str, host: Option<&str>) -> Page {
    let mut request = Request::builder().uri(path);
    if let Some(host) = host {
        request = request.header(header::HOST, host);
    }
    let response = web::app(state()).oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Page { status, headers, body: String::from_utf8(bytes.to_vec()).unwrap() }
}

async fn get(path: &str) -> Page {
    get_with_host(path, Some("127.0.0.1:7878")).await
}

#[track_caller]
fn assert_contains(page: &Page, needle: &str) {
    assert!(
        page.body.contains(needle),
        "expected {needle:?} in:\n{}",
        &page.body[..page.body.len().min(3000)]
    );
}

#[tokio::test]
async fn home_says_what_sdcoach_is_and_where_to_start() {
    let page = get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert_contains(&page, "<h1>Prepare for system design interviews");
    assert_contains(&page, "Start here");
    assert_contains(&page, "href=\"/topics/scalability\"");
    assert_contains(&page, "href=\"/learn/building-blocks\"");
    for practice in ["/problems", "/design", "/katas", "/drills"] {
        assert_contains(&page, &format!("<li><a href=\"{practice}\">"));
    }
    assert!(
        page.body.contains(" high-level, ") && page.body.contains(" runnable low-level designs"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn curriculum_lists_all_fourteen_areas_with_outlines() {
    let page = get("/learn").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("<section class=\"area\"").count(), 14);
    // Outline order: DNS comes before caching in building blocks.
    let dns = page.body.find("href=\"/topics/dns\"").unwrap();
    let caching = page.body.find("href=\"/topics/caching\"").unwrap();
    assert!(dns < caching);
    assert!(!page.body.contains("Topics for this area are being written."), "every area has topics");
}

#[tokio::test]
async fn area_page_lists_topics_and_concepts() {
    let page = get("/learn/quality-attributes").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "<h1>Quality attributes</h1>");
    assert_contains(&page, "href=\"/topics/cap-theorem\"");
    assert_contains(&page, "href=\"/glossary#pacelc\"");
}

#[tokio::test]
async fn unknown_area_is_404_with_a_suggestion() {
    let page = get("/learn/bulding-blocks").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_contains(&page, "href=\"/learn/building-blocks\"");
}

#[tokio::test]
async fn topic_page_has_body_cards_toc_and_related_links() {
    let page = get("/topics/token-bucket").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "<h1>Token bucket</h1>");
    assert_contains(&page, "<h2 id=\"how-it-works\">");
    assert_contains(&page, "href=\"#how-it-works\"");
    assert!(page.body.matches("<details class=\"card\"").count() >= 5, "cards are shown");
    assert_contains(&page, "<section class=\"related\">");
    assert_contains(&page, "href=\"/learn/building-blocks\"");
    assert!(!page.body.contains("topic:"), "internal links are resolved to URLs");
}

#[tokio::test]
async fn unknown_topic_is_404_with_did_you_mean() {
    let page = get("/topics/cachng").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_contains(&page, "Did you mean");
    assert_contains(&page, "href=\"/topics/caching\"");
}

#[tokio::test]
async fn search_page_finds_typos_and_aliases() {
    let page = get("/search?q=consistant+hashing").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "href=\"/glossary#consistent-hashing\"");
    assert_contains(&page, "href=\"/topics/load-balancing-algorithms\"");

    let page = get("/search?q=write+behind").await;
    assert_contains(&page, "href=\"/topics/cache-strategies\"");
}

#[tokio::test]
async fn live_search_fragment_is_a_short_list() {
    let page = get("/search/results?q=rate+lim").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<html"), "a fragment, not a page");
    assert!(page.body.matches("role=\"option\"").count() <= 8);
    assert_contains(&page, "href=\"/topics/rate-limiting\"");
    assert_contains(&page, "All results for");
}

#[tokio::test]
async fn page_mode_fragment_is_the_full_list_with_snippets() {
    let page = get("/search/results?mode=page&q=cache").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("role=\"option\""));
    assert!(page.body.matches("<li class=\"hit\"").count() > 8, "more than the live list's 8");
    assert!(page.body.contains("<p>"), "snippets are shown");
}

#[tokio::test]
async fn empty_and_hostile_queries_are_handled() {
    let page = get("/search?q=").await;
    assert_eq!(page.status, StatusCode::OK);
    let page = get("/search?q=%3Cqqxyzzy%3E").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<qqxyzzy>"), "the query is escaped");
    assert_contains(&page, "Nothing matches “&lt;qqxyzzy&gt;”");
    let long = "a".repeat(5000);
    assert_eq!(get(&format!("/search?q={long}")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn glossary_lists_concepts_with_aliases_and_teaching_topics() {
    let page = get("/glossary").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "<dt id=\"consistent-hashing\">");
    assert_contains(&page, "hash ring");
    assert_contains(&page, "href=\"/topics/load-balancing-algorithms\"");
}

#[tokio::test]
async fn assets_are_served_with_types_and_versioned_caching() {
    let home = get("/").await;
    let start = home.body.find("/static/app.css?v=").unwrap();
    let url: String = home.body[start..].chars().take_while(|c| *c != '"').collect();
    let css = get(&url).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.headers[header::CONTENT_TYPE], "text/css; charset=utf-8");
    assert!(css.headers[header::CACHE_CONTROL].to_str().unwrap().contains("immutable"));
    let unversioned = get("/static/app.js").await;
    assert_eq!(unversioned.headers[header::CACHE_CONTROL], "no-cache");
    assert_eq!(get("/static/nope.js").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_path_is_a_404_page() {
    let page = get("/no/such/page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_contains(&page, "We could not find the page /no/such/page");
}

#[tokio::test]
async fn foreign_host_is_refused_against_dns_rebinding() {
    for host in ["evil.example", "evil.example:7878", "127.0.0.1.evil.example"] {
        let page = get_with_host("/", Some(host)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{host}");
        assert!(!page.body.contains("sdcoach —"), "no content leaks to {host}");
    }
    assert_eq!(get_with_host("/", None).await.status, StatusCode::FORBIDDEN);
    for host in ["localhost:7878", "[::1]:7878", "127.0.0.1"] {
        assert_eq!(get_with_host("/", Some(host)).await.status, StatusCode::OK, "{host}");
    }
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let page = get("/").await;
    let csp = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
}

#[tokio::test]
async fn problem_list_filters_by_kind_difficulty_and_tag() {
    let page = get("/problems").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "href=\"/problems/url-shortener\"");
    let page = get("/problems?kind=lld").await;
    assert!(!page.body.contains("href=\"/problems/url-shortener\""), "an HLD problem is filtered out");
    let page = get("/problems?tag=read-heavy&kind=hld").await;
    assert_contains(&page, "href=\"/problems/url-shortener\"");
    let page = get("/problems?kind=nonsense").await;
    assert_eq!(page.status, StatusCode::OK, "an unknown filter value is ignored, not an error");
}

#[tokio::test]
async fn problem_page_folds_every_spoiler() {
    let page = get("/problems/url-shortener").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "<h2>The prompt</h2>");
    for section in ["facts", "estimates", "rubric", "solution", "follow-ups", "pitfalls"] {
        assert_contains(&page, &format!("<details class=\"reveal\" id=\"{section}\">"));
    }
    assert!(!page.body.contains("<details class=\"reveal\" id=\"solution\" open"), "closed until asked");
    assert_contains(&page, "91.3 TB");
}

#[tokio::test]
async fn unknown_problem_is_404_with_a_suggestion() {
    let page = get("/problems/url-shortner").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_contains(&page, "href=\"/problems/url-shortener\"");
}

#[tokio::test]
async fn topic_page_links_the_problems_that_use_it() {
    let page = get("/topics/caching").await;
    assert_contains(&page, "<h2>Practice problems</h2>");
    assert_contains(&page, "href=\"/problems/url-shortener\"");
}

#[tokio::test]
async fn estimation_drill_scores_answers_in_the_query_string() {
    let page = get("/drills/estimate?problem=url-shortener&seed=42").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "Seed 42");
    assert_contains(&page, "name=\"a0\"");
    assert!(!page.body.contains("Score:"), "nothing scored before answering");
    let page = get("/drills/estimate?problem=url-shortener&seed=42&a0=1e-9&a1=1e-9&a2=1e-9&a3=1e-9").await;
    assert_contains(&page, "Score: <strong>0.0 / ");
    assert_contains(&page, "Worked arithmetic");
}

#[tokio::test]
async fn numbers_quiz_page_asks_the_requested_count() {
    let page = get("/drills/numbers?seed=3&count=4").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("<li class=\"question").count(), 4);
}

async fn post_form(path: &str, fields: &[(&str, &str)]) -> Page {
    let body = fields.iter().map(|(k, v)| format!("{k}={}", urlencoding(v))).collect::<Vec<_>>().join("&");
    let request = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::HOST, "127.0.0.1:7878")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let response = web::app(state()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Page { status, headers, body: String::from_utf8(bytes.to_vec()).unwrap() }
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn design_lab_opens_with_a_starter_design_already_analysed() {
    let page = get("/design").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "<h1>Design lab");
    assert_contains(&page, "id=\"design-editor\"");
    assert_contains(&page, "data-storage-key=\"sdcoach-design:scratch\"");
    // The starter's analysis is in the page, so the lab is useful before any script runs.
    assert_contains(&page, "<svg");
    assert_contains(&page, "Flows at peak");
    assert_contains(&page, "<td>read</td>");
}

#[tokio::test]
async fn design_lab_loads_a_problems_reference_design() {
    let page = get("/design?problem=url-shortener").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "href=\"/problems/url-shortener\"");
    assert_contains(&page, "data-storage-key=\"sdcoach-design:url-shortener\"");
    assert_contains(&page, "<option value=\"url-shortener\" selected>");
    let problem = get("/problems/url-shortener").await;
    assert_contains(&problem, "href=\"/design?problem=url-shortener\"");
}

#[tokio::test]
async fn design_analysis_reports_load_findings_and_lines() {
    let text = "design \"t\"\nweb: client\napi: service replicas 1 capacity 1K/s\ndb: postgres\n\
                flow read: 5K/s read\n  web -> api -> db\n";
    let page = post_form("/design/analyze", &[("text", text)]).await;
    assert_eq!(page.status, StatusCode::OK);
    // 5K/s on one instance that serves 1K/s is 500 % and needs more instances.
    assert_contains(&page, "500 %");
    assert_contains(&page, "class=\"util-over\"");
    assert_contains(&page, "<code>overloaded</code>");
    assert_contains(&page, "needs 8 instances");
    assert_contains(&page, "data-line=\"3\"");
}

#[tokio::test]
async fn design_analysis_points_at_the_line_that_does_not_read() {
    let text = "design \"t\"\nweb: client\napi: servise\nflow f: 1/s\n  web -> api\n";
    let page = post_form("/design/analyze", &[("text", text)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "class=\"diag-error\"");
    assert_contains(&page, "data-line=\"3\"");
    assert_contains(&page, "service");
    // With errors the numbers would mislead: no tables.
    assert!(!page.body.contains("Flows at peak"), "{}", page.body);
}

#[tokio::test]
async fn design_format_returns_canonical_text_or_the_input_when_it_does_not_read() {
    let page =
        post_form("/design/format", &[("text", "design   \"t\"\nweb:client\napi:   service   replicas 2\n")])
            .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body, "design \"t\"\nweb: client\napi: service replicas 2\n");
    let broken = "design \"t\"\napi: service replicas two\n";
    let page = post_form("/design/format", &[("text", broken)]).await;
    assert_eq!(page.body, broken);
}

#[tokio::test]
async fn design_lab_refuses_huge_and_missing_input_with_a_clear_answer() {
    let huge = "# x\n".repeat(100_000);
    let page = post_form("/design/analyze", &[("text", &huge)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "too long for the lab");
    let page = post_form("/design/analyze", &[("nothing", "x")]).await;
    assert!(page.status.is_client_error(), "{}", page.status);
}

#[tokio::test]
async fn kata_list_and_page_show_protocol_examples_and_starters() {
    let list = get("/katas").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_contains(&list, "href=\"/katas/lru-cache\"");
    let page = get("/katas/lru-cache").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "<code>put KEY VALUE</code>");
    assert_contains(&page, "eviction removes the least recently used key");
    assert!(!page.body.contains("a long run evicts in insertion order"), "hidden scenarios stay hidden");
    assert_contains(&page, "href=\"/katas/lru-cache/starter/python/main.py\"");
    assert_contains(&page, "sdcoach kata run lru-cache -- python3 main.py");
    // The problem page points at its kata.
    assert_contains(&get("/problems/lru-cache").await, "href=\"/katas/lru-cache\"");
}

#[tokio::test]
async fn starter_files_download_with_their_names() {
    let file = get("/katas/lru-cache/starter/rust/src/main.rs").await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers[header::CONTENT_DISPOSITION], "attachment; filename=\"main.rs\"");
    assert!(file.body.contains("fn main()") && file.body.contains("\"put\""), "{}", file.body);
    assert_eq!(get("/katas/lru-cache/starter/cobol/main.cob").await.status, StatusCode::NOT_FOUND);
    let missing = get("/katas/lru-cahce").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_contains(&missing, "href=\"/katas/lru-cache\"");
}

const SIM_DESIGN: &str = "design \"t\"\nweb: client\napi: service replicas 2 capacity 1K/s zone a b\n\
                          db: postgres replicas 1 zone a b\nflow read: 500/s read\n  web -> api -> db\n";

#[tokio::test]
async fn simulate_runs_the_default_scenario_with_tables_and_charts() {
    let page =
        post_form("/design/simulate", &[("text", SIM_DESIGN), ("duration", "10s"), ("seed", "3")]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "The default scenario, 10 s, seed 3");
    assert_contains(&page, "<td>read</td>");
    // Four charts, with the bottleneck's failure window shaded.
    assert_eq!(page.body.matches("<figure class=\"diagram sim-chart\"><svg").count(), 4, "{}", page.body);
    assert_contains(&page, "sc-failure");
    assert_contains(&page, "api down");
    // Same seed, same numbers.
    let again =
        post_form("/design/simulate", &[("text", SIM_DESIGN), ("duration", "10s"), ("seed", "3")]).await;
    let table = |body: &str| body[body.find("<table").unwrap()..body.find("</table>").unwrap()].to_owned();
    assert_eq!(table(&page.body), table(&again.body));
}

#[tokio::test]
async fn simulate_reports_scenario_errors_with_their_line() {
    let scenario = "set duration 5s\nfail dbb at 2s for 1s\n";
    let page = post_form("/design/simulate", &[("text", SIM_DESIGN), ("scenario", scenario)]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page, "scenario line 2:");
    assert_contains(&page, "db");
    assert!(!page.body.contains("<svg"), "no run with an error");
    let page = post_form("/design/simulate", &[("text", SIM_DESIGN), ("duration", "soon")]).await;
    assert_contains(&page, "is not a duration");
    let page = post_form("/design/simulate", &[("text", "api: servise\n")]).await;
    assert_contains(&page, "the design has errors");
}

#[tokio::test]
async fn simulate_runs_the_designs_own_scenario_unless_one_is_written() {
    let with_section = format!("{SIM_DESIGN}scenario\nset duration 4s\nslow db 20 ms at 1s for 1s\n");
    let page = post_form("/design/simulate", &[("text", &with_section)]).await;
    assert_contains(&page, "The design's own scenario, 4 s, seed 1");
    assert_contains(&page, "db +20 ms");
    let written =
        post_form("/design/simulate", &[("text", &with_section), ("scenario", "set duration 2s\n")]).await;
    assert_contains(&written, "Your scenario, 2 s");
    // Errors in the section name the editor's line.
    let bad = format!("{SIM_DESIGN}scenario\nfail dbb at 1s\n");
    let page = post_form("/design/simulate", &[("text", &bad)]).await;
    assert_contains(&page, &format!("line {}: unknown component", bad.lines().count()));
    assert!(!page.body.contains("scenario line"), "{}", page.body);
}

#[tokio::test]
async fn the_lab_offers_presets_written_for_the_design_and_runs_the_picked_one() {
    let lab = get("/design").await;
    assert_contains(&lab, "<select id=\"sim-preset\" name=\"preset\">");
    assert_contains(&lab, "<option value=\"retry-storm\">");
    let text = post_form("/design/simulate/preset", &[("text", SIM_DESIGN), ("preset", "zone-outage")]).await;
    assert_eq!(text.status, StatusCode::OK);
    assert!(text.body.contains("fail zone a at "), "{}", text.body);
    let refused =
        post_form("/design/simulate/preset", &[("text", SIM_DESIGN), ("preset", "cache-flush")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body, "the design has no cache or CDN to flush");
    let huge = "# x\n".repeat(100_000);
    let too_long = post_form("/design/simulate/preset", &[("text", &huge), ("preset", "spike")]).await;
    assert_eq!(too_long.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Run with an empty box: the picked preset runs, and the page names it.
    let page =
        post_form("/design/simulate", &[("text", SIM_DESIGN), ("preset", "zone-outage"), ("duration", "5s")])
            .await;
    assert_contains(&page, "The preset “A zone lost”, 5 s");
    assert_contains(&page, "zone a lost");
    let page = post_form("/design/simulate", &[("text", SIM_DESIGN), ("preset", "cache-flush")]).await;
    assert_contains(&page, "this preset does not fit the design: the design has no cache or CDN to flush");
}

#[tokio::test]
async fn simulate_refuses_runs_too_long_for_the_lab_and_shortens_the_default() {
    let busy =
        "design \"b\"\nweb: client\napi: service replicas 400 zone a b\nflow r: 1M/s read\n  web -> api\n";
    let page = post_form("/design/simulate", &[("text", busy), ("scenario", "set duration 10min\n")]).await;
    assert_contains(&page, "more than the lab runs at once");
    let page = post_form("/design/simulate", &[("text", busy)]).await;
    assert_contains(&page, "so the lab runs");
    assert_contains(&page, "<td>r</td>");
    let text = post_form("/design/simulate/default", &[("text", SIM_DESIGN)]).await;
    assert!(text.body.starts_with("# Default scenario"), "{}", text.body);
    assert!(text.body.contains("fail api at"), "{}", text.body);
}

//! End-to-end tests in a real headless Chromium, driven through WebDriver (chromedriver),
//! against the real `sdcoach` binary serving on a free port.
//!
//! The test command in README.md installs Debian's `chromium` and `chromium-driver` and sets
//! `SDCOACH_REQUIRE_BROWSER=1`, so there a missing browser fails the run. A developer without
//! them gets a notice instead.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Kills a child process when dropped, so nothing started here outlives the test.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `program` and returns it with the first stdout line that contains `marker`.
fn start_until(mut command: Command, marker: &str) -> (Guard, String) {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("process starts");
    let stdout = child.stdout.take().unwrap();
    let guard = Guard(child);
    let mut lines = BufReader::new(stdout).lines();
    let line = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("the process exited before printing {marker:?}"));
    // Keep draining stdout so the child never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (guard, line)
}

fn find_chromedriver() -> Option<String> {
    std::env::var("PATH")
        .ok()?
        .split(':')
        .map(|dir| format!("{dir}/chromedriver"))
        .find(|p| std::path::Path::new(p).exists())
}

/// A WebDriver session: just the endpoints these tests use.
struct Browser {
    base: String,
    agent: ureq::Agent,
    _driver: Guard,
}

impl Browser {
    fn start(driver_path: &str) -> Browser {
        let mut command = Command::new(driver_path);
        command.arg("--port=0");
        let (driver, line) = start_until(command, "started successfully on port");
        let port: u16 = line
            .rsplit("port ")
            .next()
            .and_then(|p| p.trim().trim_end_matches('.').parse().ok())
            .unwrap_or_else(|| panic!("no port in chromedriver's line {line:?}"));
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        // Tests run in parallel threads of one process: each browser needs its own profile.
        static SESSIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let profile = std::env::temp_dir().join(format!("sdcoach-chromium-{}-{n}", std::process::id()));
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                    "--window-size=1280,900", format!("--user-data-dir={}", profile.display()),
                ]
            }
        }}});
        let url = format!("http://127.0.0.1:{port}/session");
        let mut response = agent.post(&url).send_json(&capabilities).expect("chromedriver answers");
        let body: Value = response.body_mut().read_json().unwrap();
        let session =
            body["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {body}")).to_owned();
        Browser { base: format!("http://127.0.0.1:{port}/session/{session}"), agent, _driver: driver }
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let mut response = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self.agent.post(&url).send_json(&body),
        }
        .expect("chromedriver answers");
        let value: Value = response.body_mut().read_json().unwrap();
        assert!(value["value"].get("error").is_none(), "{method} {path}: {value}");
        value["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    fn url(&self) -> String {
        self.call("GET", "/url", Value::Null).as_str().unwrap().to_owned()
    }

    fn find(&self, css: &str) -> String {
        let found = self.call("POST", "/element", json!({"using": "css selector", "value": css}));
        found.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).unwrap().to_owned()
    }

    fn text(&self, css: &str) -> String {
        let id = self.find(css);
        self.call("GET", &format!("/element/{id}/text"), Value::Null).as_str().unwrap().to_owned()
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.call("POST", &format!("/element/{id}/value"), json!({ "text": text }));
    }

    /// Clicks like a user who first scrolls the element to the middle of the screen, clear of
    /// the sticky header.
    fn click(&self, css: &str) {
        let id = self.find(css);
        self.call(
            "POST",
            "/execute/sync",
            json!({ "script": "arguments[0].scrollIntoView({ block: 'center' })",
                    "args": [{ "element-6066-11e4-a52e-4f735466cecf": id }] }),
        );
        self.call("POST", &format!("/element/{id}/click"), json!({}));
    }

    fn script(&self, script: &str) -> Value {
        self.call("POST", "/execute/sync", json!({ "script": script, "args": [] }))
    }

    /// Resolves once `css` matches an element, watching the DOM rather than sleeping.
    fn wait_for(&self, css: &str) {
        self.call("POST", "/timeouts", json!({ "script": 10_000 }));
        let script = "const [css, done] = arguments;
            if (document.querySelector(css)) return done(true);
            new MutationObserver((_, obs) => { if (document.querySelector(css)) { obs.disconnect(); done(true); } })
              .observe(document.documentElement, { childList: true, subtree: true, attributes: true });";
        self.call("POST", "/execute/async", json!({ "script": script, "args": [css] }));
    }

    /// Resolves once the JavaScript expression `condition` is true, checked every 50 ms: for
    /// changes the DOM does not record, such as a text box's value.
    fn wait_until(&self, condition: &str) {
        self.call("POST", "/timeouts", json!({ "script": 10_000 }));
        let script = format!(
            "const done = arguments[0];
            const check = () => {{ if ({condition}) done(true); else setTimeout(check, 50); }};
            check();"
        );
        self.call("POST", "/execute/async", json!({ "script": script, "args": [] }));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.base).call();
    }
}

/// Starts the real binary and a browser, or returns `None` (with a notice) when the machine has
/// no browser and the run does not require one.
fn app_and_browser() -> Option<(Guard, String, Browser)> {
    let Some(driver) = find_chromedriver().filter(|_| std::path::Path::new(CHROMIUM).exists()) else {
        assert!(
            std::env::var("SDCOACH_REQUIRE_BROWSER").is_err(),
            "SDCOACH_REQUIRE_BROWSER is set but chromium or chromedriver is missing"
        );
        eprintln!(
            "note: chromium/chromedriver not installed; browser test skipped (the README test command installs them)"
        );
        return None;
    };
    let mut serve = Command::new(env!("CARGO_BIN_EXE_sdcoach"));
    serve.args(["serve", "--addr", "127.0.0.1:0"]);
    let (server, line) = start_until(serve, "serving on");
    let app =
        line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().trim_end_matches('/').to_owned();
    Some((server, app, Browser::start(&driver)))
}

#[test]
fn home_search_and_topic_in_a_real_browser() {
    let Some((_server, app, browser)) = app_and_browser() else { return };

    // Home page.
    browser.goto(&format!("{app}/"));
    assert!(browser.text("h1").contains("system design interviews"));

    // Search as you type, with a typo, then open a result from the keyboard.
    browser.type_into("#q", "consistant hashing");
    browser.wait_for("#live-results:not([hidden]) .hit");
    let first = browser.text("#live-results .hit");
    assert!(first.to_lowercase().contains("consistent hashing"), "first live result: {first}");
    browser.type_into("#q", "\u{E015}\u{E007}"); // ArrowDown, Enter
    browser.wait_for("dl.glossary, article.topic");
    assert!(
        browser.url().contains("/glossary#consistent-hashing") || browser.url().contains("/topics/"),
        "{}",
        browser.url()
    );

    // The full results page for an alias of a concept.
    browser.goto(&format!("{app}/search?q=write+behind"));
    assert!(browser.text("#page-results").contains("Cache strategies"));
    // Typing on the search page replaces its results in place and keeps the URL in step.
    browser.call("POST", &format!("/element/{}/clear", browser.find("#page-q")), json!({}));
    browser.type_into("#page-q", "token buck");
    browser.wait_for("#page-results a[href='/topics/token-bucket']");
    assert!(browser.url().ends_with("/search?q=token%20buck"), "{}", browser.url());

    // Open a topic and reveal a flashcard.
    browser.goto(&format!("{app}/topics/token-bucket"));
    assert_eq!(browser.text("h1"), "Token bucket");
    assert!(browser.text(".toc").contains("How it works"));
    let hidden = browser.script("return !document.querySelector('.card .answer').checkVisibility()");
    assert_eq!(hidden, json!(true), "answers start hidden");
    browser.click(".card summary");
    let shown = browser.script("return document.querySelector('.card .answer').checkVisibility()");
    assert_eq!(shown, json!(true), "clicking the question reveals the answer");

    // Dark mode (headless Chromium prefers light) switches on and sticks across pages.
    let light = browser.script("return getComputedStyle(document.body).backgroundColor");
    browser.click(".theme");
    browser.goto(&format!("{app}/learn"));
    assert_eq!(browser.script("return document.documentElement.dataset.theme"), json!("dark"));
    let dark = browser.script("return getComputedStyle(document.body).backgroundColor");
    assert_eq!(dark, json!("rgb(21, 23, 27)"), "light was {light}");

    // Readable on a phone: nothing wider than the screen.
    browser.call("POST", "/window/rect", json!({ "width": 390, "height": 844 }));
    browser.goto(&format!("{app}/topics/load-balancing-algorithms"));
    let overflow = browser.script("return document.documentElement.scrollWidth - window.innerWidth");
    assert!(overflow.as_i64().unwrap() <= 0, "page overflows a phone screen by {overflow} px");

    // The `/` key focuses search.
    browser.goto(&format!("{app}/learn"));
    browser.type_into("body", "/");
    assert_eq!(browser.script("return document.activeElement.id"), json!("q"));
}

#[test]
fn design_lab_analyses_as_you_type_and_keeps_the_work() {
    let Some((_server, app, browser)) = app_and_browser() else { return };
    browser.goto(&format!("{app}/design?problem=url-shortener"));
    assert!(browser.text("h1").contains("URL shortener"), "{}", browser.text("h1"));
    assert!(browser.text("#design-result").contains("Flows at peak"));
    let boxes = browser.script("return document.querySelectorAll('#design-result svg .gv-node').length");
    assert!(boxes.as_i64().unwrap() >= 4, "the reference design draws its components: {boxes}");

    // A line that does not read: the analysis is replaced by a diagnostic pointing at it.
    browser.script(
        "const e = document.getElementById('design-editor'); e.setSelectionRange(e.value.length, e.value.length);",
    );
    browser.type_into("#design-editor", "\nbroken: servise\n");
    browser.wait_for("#design-result .diag-error");
    let diagnostic = browser.text("#design-result .diag-error");
    assert!(diagnostic.contains("service"), "the diagnostic suggests the kind: {diagnostic}");

    // Its link selects the offending line in the editor.
    browser.click("#design-result .diag-error .goto-line");
    let selected = browser.script(
        "const e = document.getElementById('design-editor'); return e.value.slice(e.selectionStart, e.selectionEnd)",
    );
    assert_eq!(selected, json!("broken: servise"));

    // The edit survives a reload (local storage) until Reset brings back the original.
    browser.goto(&format!("{app}/design?problem=url-shortener"));
    let kept = browser.script("return document.getElementById('design-editor').value");
    assert!(kept.as_str().unwrap().contains("broken: servise"), "edits are kept across reloads");
    browser.wait_for("#design-result .diag-error");
    browser.script("window.confirm = () => true;");
    browser.click("#lab-reset");
    browser.wait_for("#design-result table.data");
    let reset = browser.script("return document.getElementById('design-editor').value");
    assert!(!reset.as_str().unwrap().contains("broken"), "reset restores the original");

    // The simulate panel runs the design through the default scenario and draws four charts.
    browser.type_into("#sim-duration", "5s");
    browser.click("#sim-run");
    browser.wait_for("#sim-result .sim-chart svg");
    let charts = browser.script("return document.querySelectorAll('#sim-result .sim-chart svg').length");
    assert_eq!(charts, json!(4));
    assert!(browser.text("#sim-result").contains("redirect"), "{}", browser.text("#sim-result"));

    // Picking a preset and loading it writes its text for this design into the scenario box.
    browser.script("document.getElementById('sim-preset').value = 'spike';");
    browser.click("#sim-default");
    browser.wait_until("document.getElementById('sim-scenario').value !== ''");
    let loaded = browser.script("return document.getElementById('sim-scenario').value");
    assert!(loaded.as_str().unwrap().contains("spike all x5 at "), "{loaded}");

    // Format rewrites a sloppy line into the canonical form.
    browser.script("const e = document.getElementById('design-editor'); e.value = 'design \"x\"\\nweb:client\\n'; e.dispatchEvent(new Event('input')); document.getElementById('lab-status').textContent = '';");
    browser.click("#lab-format");
    browser.wait_for("#lab-status:not(:empty)");
    let formatted = browser.script("return document.getElementById('design-editor').value");
    assert_eq!(formatted, json!("design \"x\"\nweb: client\n"));
}

//! Starter programs that already speak the line protocol: read a command per line, dispatch on
//! its first word, print one reply line and flush. The learner fills in the design.

/// Languages a starter exists for, as named on the command line.
pub const LANGUAGES: &[&str] = &["python", "rust", "java", "go", "js"];

/// A file of a starter: its path relative to the starter's folder, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StarterFile {
    pub path: &'static str,
    pub text: String,
}

/// What the starter needs to know about a kata.
#[derive(Clone, Copy, Debug)]
pub struct KataInfo<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The protocol's commands as documented (`put KEY VALUE`); the first word dispatches.
    pub commands: &'a [&'a str],
}

/// The command that runs a starter from its folder, for the README and `kata init`. Compiled
/// languages run their built program: a build inside the first scenario would eat its time.
pub fn run_command(lang: &str, id: &str) -> Option<String> {
    Some(match lang {
        "python" => "python3 main.py".into(),
        "rust" => format!("./target/release/{id}"),
        "java" => "java -cp build Main".into(),
        "go" => format!("./{id}"),
        "js" => "node main.js".into(),
        _ => return None,
    })
}

/// What to run once before the harness, for compiled languages.
pub fn build_command(lang: &str, id: &str) -> Option<String> {
    match lang {
        "rust" => Some("cargo build --release".into()),
        "java" => Some("javac -d build Main.java".into()),
        "go" => Some(format!("go build -o {id} .")),
        _ => None,
    }
}

/// The starter's files, or `None` for a language we have no starter for.
pub fn files(kata: &KataInfo<'_>, lang: &str) -> Option<Vec<StarterFile>> {
    let words: Vec<(&str, &str)> = kata
        .commands
        .iter()
        .filter_map(|c| c.split_whitespace().next().map(|w| (w, *c)))
        .fold(Vec::new(), |mut acc, (w, c)| {
            if !acc.iter().any(|(seen, _)| *seen == w) {
                acc.push((w, c));
            }
            acc
        });
    let mut out = match lang {
        "python" => vec![StarterFile { path: "main.py", text: python(kata, &words) }],
        "rust" => vec![
            StarterFile { path: "Cargo.toml", text: rust_manifest(kata) },
            StarterFile { path: "src/main.rs", text: rust(kata, &words) },
        ],
        "java" => vec![StarterFile { path: "Main.java", text: java(kata, &words) }],
        "go" => vec![
            StarterFile { path: "go.mod", text: format!("module {}\n\ngo 1.21\n", kata.id.replace('-', "")) },
            StarterFile { path: "main.go", text: go(kata, &words) },
        ],
        "js" => vec![StarterFile { path: "main.js", text: js(kata, &words) }],
        _ => return None,
    };
    out.push(StarterFile { path: "README.md", text: readme(kata, lang) });
    Some(out)
}

fn readme(kata: &KataInfo<'_>, lang: &str) -> String {
    let run = run_command(lang, kata.id).unwrap_or_default();
    let build = match build_command(lang, kata.id) {
        Some(b) => format!("Build it first (and after every change):\n\n    {b}\n\n"),
        None => String::new(),
    };
    format!(
        "# {title}: {lang} starter\n\n\
         This program already speaks the kata's line protocol: it reads one command per line on\n\
         standard input and prints one reply line for each, flushing after every reply. Every\n\
         command answers `error not-implemented` for now; replace those answers with your design.\n\n\
         Read the statement and the protocol:\n\n    sdcoach kata show {id}\n\n\
         {build}Check your program against every scenario (run from this folder):\n\n    sdcoach kata run {id} -- {run}\n\n\
         Watch the reference implementation pass the same suite:\n\n    sdcoach kata run {id} --reference\n",
        title = kata.title,
        id = kata.id,
    )
}

fn comment_list(prefix: &str, words: &[(&str, &str)]) -> String {
    words.iter().map(|(_, usage)| format!("{prefix}   {usage}\n")).collect()
}

fn python(kata: &KataInfo<'_>, words: &[(&str, &str)]) -> String {
    let mut arms = String::new();
    for (w, _) in words {
        arms.push_str(&format!("    if name == \"{w}\":\n        return \"error not-implemented\"\n"));
    }
    format!(
        "#!/usr/bin/env python3\n\"\"\"{title}: one reply line per command line. Commands:\n{list}\"\"\"\nimport sys\n\n\n\
         def reply(words):\n    name, args = words[0], words[1:]\n{arms}    return \"error unknown-command\"\n\n\n\
         def main():\n    for line in sys.stdin:\n        words = line.split()\n        if not words:\n            continue\n        \
         print(reply(words), flush=True)\n\n\nif __name__ == \"__main__\":\n    main()\n",
        title = kata.title,
        list = comment_list("", words),
    )
}

fn rust_manifest(kata: &KataInfo<'_>) -> String {
    format!("[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n", kata.id)
}

fn rust(kata: &KataInfo<'_>, words: &[(&str, &str)]) -> String {
    let mut arms = String::new();
    for (w, _) in words {
        arms.push_str(&format!("            \"{w}\" => \"error not-implemented\".to_string(),\n"));
    }
    format!(
        "//! {title}: one reply line per command line. Commands:\n{list}\n\
         use std::io::{{self, BufRead, Write}};\n\n\
         fn main() {{\n    let stdin = io::stdin();\n    let mut out = io::stdout().lock();\n    \
         for line in stdin.lock().lines() {{\n        let line = line.expect(\"stdin is text\");\n        \
         let words: Vec<&str> = line.split_whitespace().collect();\n        let Some((name, _args)) = words.split_first() else {{ continue }};\n        \
         let reply = match *name {{\n{arms}            _ => \"error unknown-command\".to_string(),\n        }};\n        \
         writeln!(out, \"{{reply}}\").expect(\"stdout is open\");\n        out.flush().expect(\"stdout is open\");\n    }}\n}}\n",
        title = kata.title,
        list = comment_list("//!", words),
    )
}

fn java(kata: &KataInfo<'_>, words: &[(&str, &str)]) -> String {
    let mut arms = String::new();
    for (w, _) in words {
        arms.push_str(&format!("            case \"{w}\": return \"error not-implemented\";\n"));
    }
    format!(
        "// {title}: one reply line per command line. Commands:\n{list}\
         import java.io.BufferedReader;\nimport java.io.InputStreamReader;\n\n\
         public class Main {{\n    static String reply(String[] words) {{\n        switch (words[0]) {{\n{arms}            default: return \"error unknown-command\";\n        }}\n    }}\n\n    \
         public static void main(String[] args) throws Exception {{\n        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));\n        \
         String line;\n        while ((line = in.readLine()) != null) {{\n            String[] words = line.trim().split(\"\\\\s+\");\n            \
         if (words[0].isEmpty()) continue;\n            System.out.println(reply(words));\n            System.out.flush();\n        }}\n    }}\n}}\n",
        title = kata.title,
        list = comment_list("//", words),
    )
}

fn go(kata: &KataInfo<'_>, words: &[(&str, &str)]) -> String {
    let mut arms = String::new();
    for (w, _) in words {
        arms.push_str(&format!("\tcase \"{w}\":\n\t\treturn \"error not-implemented\"\n"));
    }
    format!(
        "// {title}: one reply line per command line. Commands:\n{list}package main\n\n\
         import (\n\t\"bufio\"\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n\n\
         func reply(words []string) string {{\n\tswitch words[0] {{\n{arms}\t}}\n\treturn \"error unknown-command\"\n}}\n\n\
         func main() {{\n\tin := bufio.NewScanner(os.Stdin)\n\tin.Buffer(make([]byte, 1024*1024), 1024*1024)\n\tout := bufio.NewWriter(os.Stdout)\n\t\
         for in.Scan() {{\n\t\twords := strings.Fields(in.Text())\n\t\tif len(words) == 0 {{\n\t\t\tcontinue\n\t\t}}\n\t\t\
         fmt.Fprintln(out, reply(words))\n\t\tout.Flush()\n\t}}\n}}\n",
        title = kata.title,
        list = comment_list("//", words),
    )
}

fn js(kata: &KataInfo<'_>, words: &[(&str, &str)]) -> String {
    let mut arms = String::new();
    for (w, _) in words {
        arms.push_str(&format!("    case \"{w}\":\n      return \"error not-implemented\";\n"));
    }
    format!(
        "// {title}: one reply line per command line. Commands:\n{list}\"use strict\";\nconst readline = require(\"readline\");\n\n\
         function reply(words) {{\n  switch (words[0]) {{\n{arms}    default:\n      return \"error unknown-command\";\n  }}\n}}\n\n\
         const rl = readline.createInterface({{ input: process.stdin, terminal: false }});\n\
         rl.on(\"line\", (line) => {{\n  const words = line.trim().split(/\\s+/);\n  if (words[0] === \"\") return;\n  \
         process.stdout.write(reply(words) + \"\\n\");\n}});\n",
        title = kata.title,
        list = comment_list("//", words),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const KATA: KataInfo<'static> = KataInfo {
        id: "lru-cache",
        title: "LRU cache",
        commands: &["new CAPACITY", "put KEY VALUE", "get KEY", "put KEY VALUE TTL"],
    };

    #[test]
    fn every_language_has_files_a_readme_and_a_run_command() {
        for lang in LANGUAGES {
            let files = files(&KATA, lang).unwrap();
            assert!(files.iter().any(|f| f.path == "README.md"), "{lang}");
            let readme = &files.iter().find(|f| f.path == "README.md").unwrap().text;
            let run = run_command(lang, "lru-cache").unwrap();
            assert!(readme.contains(&format!("sdcoach kata run lru-cache -- {run}")), "{readme}");
            if let Some(build) = build_command(lang, "lru-cache") {
                assert!(readme.contains(&build), "{readme}");
            }
            let code = &files[files.len() - 2].text;
            // One dispatch arm per distinct command word, no more.
            assert_eq!(code.matches("\"put\"").count(), 1, "{lang}:\n{code}");
            assert!(code.contains("\"get\"") && code.contains("\"new\""), "{lang}:\n{code}");
            assert!(code.contains("error unknown-command"), "{lang}");
        }
        assert_eq!(files(&KATA, "cobol"), None);
        assert_eq!(run_command("cobol", "x"), None);
    }
}

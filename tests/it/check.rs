//! `dossier check`: each finding in text and in JSON, with its code, file and line,
//! and the exit status rules.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use crate::support::{Run, Site, run};

/// A site with one of each finding. Lines are those of the files as written by
/// `Site::brief` (`---` on line 1, front matter from line 2).
fn site_with_findings() -> Site {
    let site = Site::new();
    site.person(
        "antony-blinken",
        "name: Antony Blinken\naliases: [Blinken, Secretary]\n",
        "",
    )
    .person("janet-yellen", "name: Janet Yellen\naliases: [Secretary]\n", "")
    .file(
        "content/briefs/2023/alpha.md",
        "---\n\
         title: Alpha\n\
         date: 2023-06-14\n\
         source:\n\
         \x20 name: Wire\n\
         \x20 url: https://example.org/a\n\
         people: [Anthony Blinken]\n\
         ---\n\
         See [gone](@/briefs/missing.md) and [here](#nowhere).\n\
         \n\
         Also [details](@/briefs/2023/beta.md#no-such), [fine](@/briefs/2023/beta.md#details), \
         [him](/people/antony-blinken/), [none](/people/nobody-else/), [rel](../beta/) and [sib](beta.md).\n",
    )
    .file(
        "content/briefs/2023/beta.md",
        "---\n\
         title: Same Title\n\
         date: 2023-06-10\n\
         source: Wire\n\
         people: [Antony Blinken]\n\
         quotes:\n\
         \x20 - by: Qin Gang\n\
         \x20   text: \"No.\"\n\
         ---\n\
         ## Details\n\
         \n\
         Text.\n",
    )
    .file(
        "content/briefs/2023/gamma.md",
        "---\n\
         title: Same Title\n\
         date: 2999-01-01\n\
         source: {name: Wire, url: \"https://example.org/c\"}\n\
         people: [Blinken]\n\
         ---\n\
         Body.\n",
    );
    site
}

/// The JSON objects of a `--format json` run, one per line.
fn json_lines(r: &Run) -> Vec<serde_json::Value> {
    r.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn check(site: &Site, args: &[&str]) -> Run {
    let mut all = vec!["check", site.path().to_str().unwrap()];
    all.extend_from_slice(args);
    run(&all)
}

/// `(severity, code, file, line)` of every finding.
const EXPECTED: &[(&str, &str, &str, Option<u64>)] = &[
    (
        "error",
        "link-broken",
        "content/briefs/2023/alpha.md",
        Some(9),
    ),
    (
        "error",
        "anchor-missing",
        "content/briefs/2023/alpha.md",
        Some(9),
    ),
    (
        "error",
        "anchor-missing",
        "content/briefs/2023/alpha.md",
        Some(11),
    ),
    (
        "error",
        "link-broken",
        "content/briefs/2023/alpha.md",
        Some(11),
    ),
    (
        "warning",
        "name-near-duplicate",
        "content/briefs/2023/alpha.md",
        Some(7),
    ),
    (
        "warning",
        "source-no-url",
        "content/briefs/2023/beta.md",
        Some(4),
    ),
    (
        "warning",
        "quote-speaker-unlisted",
        "content/briefs/2023/beta.md",
        Some(7),
    ),
    (
        "warning",
        "title-duplicate",
        "content/briefs/2023/gamma.md",
        Some(2),
    ),
    (
        "warning",
        "date-future",
        "content/briefs/2023/gamma.md",
        Some(3),
    ),
    (
        "warning",
        "alias-shared",
        "content/people/antony-blinken.md",
        None,
    ),
    (
        "warning",
        "person-unreferenced",
        "content/people/janet-yellen.md",
        None,
    ),
];

#[test]
fn every_finding_is_reported_in_json_with_code_file_and_line() {
    let site = site_with_findings();
    let r = check(&site, &["--format", "json"]);
    assert_eq!(r.status, 1, "errors fail the check:\n{}", r.stdout);
    let found: Vec<(String, String, String, Option<u64>)> = json_lines(&r)
        .iter()
        .map(|v| {
            for key in [
                "severity", "code", "file", "line", "column", "message", "help",
            ] {
                assert!(v.get(key).is_some(), "no `{key}` in {v}");
            }
            (
                v["severity"].as_str().unwrap().to_owned(),
                v["code"].as_str().unwrap().to_owned(),
                v["file"].as_str().unwrap().to_owned(),
                v["line"].as_u64(),
            )
        })
        .collect();
    let mut expected: Vec<(String, String, String, Option<u64>)> = EXPECTED
        .iter()
        .map(|(s, c, f, l)| (s.to_string(), c.to_string(), f.to_string(), *l))
        .collect();
    let mut found_sorted = found.clone();
    expected.sort();
    found_sorted.sort();
    assert_eq!(found_sorted, expected, "stdout:\n{}", r.stdout);
}

#[test]
fn every_finding_is_reported_in_text_with_its_code() {
    let site = site_with_findings();
    let r = check(&site, &[]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    for (severity, code, file, line) in EXPECTED {
        let head = match line {
            Some(l) => format!("{file}:{l}:"),
            None => format!("{file}: "),
        };
        assert!(
            r.stderr
                .lines()
                .any(|l| l.starts_with(&head) && l.contains(&format!("{severity}[{code}]"))),
            "no `{head} ... {severity}[{code}]` in:\n{}",
            r.stderr
        );
    }
    // The details: the nearest registry name, the column of the link, the
    // suggested anchor.
    assert!(
        r.stderr.contains("the person `Antony Blinken` is"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "content/briefs/2023/alpha.md:9:5: error[link-broken]: `@/briefs/missing.md`"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("4 errors, 7 warnings"), "{}", r.stdout);
}

#[test]
fn warnings_pass_unless_denied() {
    let site = Site::new();
    site.simple_brief("a", "A", "2023-06-14", &[]);
    let r = check(&site, &[]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stderr.contains("warning[source-no-url]"), "{}", r.stderr);
    let denied = check(&site, &["--deny-warnings"]);
    assert_eq!(denied.status, 1, "{}", denied.stderr);
    // Quiet hides warnings, but not those that fail the check.
    let quiet = check(&site, &["--quiet"]);
    assert_eq!(
        (quiet.status, quiet.stderr.as_str(), quiet.stdout.as_str()),
        (0, "", "")
    );
    let quiet_denied = check(&site, &["--quiet", "--deny-warnings"]);
    assert!(
        quiet_denied.stderr.contains("source-no-url"),
        "{}",
        quiet_denied.stderr
    );
}

#[test]
fn build_errors_come_out_as_json_too() {
    let site = Site::new();
    site.brief("bad", "title: T\ndate: 2023-02-30\nsource: S\n", "Body.\n");
    let r = check(&site, &["--format", "json"]);
    assert_eq!(r.status, 1);
    let lines = json_lines(&r);
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert_eq!(lines[0]["severity"], "error");
    assert_eq!(lines[0]["file"], "content/briefs/bad.md");
    assert_eq!(lines[0]["line"], 3);
}

/// A local server answering 200 on `/ok` and 404 elsewhere, for as long as the
/// test runs.
fn local_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // The rest of the header.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let status = if request.contains(" /ok ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    port
}

#[test]
fn external_links_are_checked_only_when_asked() {
    let port = local_server();
    let site = Site::new();
    site.brief(
        "a",
        &format!(
            "title: A\ndate: 2023-06-14\nsource:\n  name: Wire\n  url: http://127.0.0.1:{port}/ok\n"
        ),
        &format!("[fine](http://127.0.0.1:{port}/ok)\n\n[dead](http://127.0.0.1:{port}/gone)\n"),
    );
    let offline = check(&site, &["--format", "json", "--deny-warnings"]);
    assert_eq!(offline.status, 0, "{}", offline.stdout);
    let r = check(&site, &["--external", "--format", "json"]);
    assert_eq!(r.status, 0, "a dead link is a warning:\n{}", r.stdout);
    let lines = json_lines(&r);
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert_eq!(lines[0]["code"], "link-external");
    assert_eq!(lines[0]["file"], "content/briefs/a.md");
    assert_eq!(lines[0]["line"], 10);
    assert!(
        lines[0]["message"].as_str().unwrap().contains("404"),
        "{}",
        lines[0]
    );
}

/// `dossier check --mentions` tells the writer why a topic's lower-case alias was
/// left unlinked, and how to link it.
#[test]
fn the_mention_review_names_a_lower_case_topic_alias_left_unlinked() {
    let site = Site::new();
    site.person("olaf-scholz", "name: Olaf Scholz\n", "")
        .topic(
            "french-snap-election",
            "name: French snap election\naliases: [snap election]\n",
            "",
        )
        .brief(
            "berlin",
            "title: Berlin\ndate: 2024-11-07\nsource: S\npeople: [Olaf Scholz]\n",
            "Olaf Scholz may face a snap election.\n",
        );
    let r = check(&site, &["--mentions"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("\"snap election\""))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(line.contains("skipped"), "{line}");
    assert!(line.contains("list the topic"), "{line}");
    assert!(
        r.stdout.contains("linked   \"Olaf Scholz\""),
        "{}",
        r.stdout
    );
}

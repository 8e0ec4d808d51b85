//! The writer's commands: `init`, `new`, `completions`, and the terminal manners
//! every command shares (quiet, verbose, colour, exit statuses in `--help`).

use std::path::Path;
use std::process::Command;

use crate::support::{Run, Site, read_text, run};

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Builds and checks a site; both must succeed without a single warning.
fn assert_builds_and_checks_cleanly(dir: &Path) {
    let build = run(&["build", path_str(dir)]);
    assert_eq!(build.status, 0, "build failed:\n{}", build.stderr);
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    let check = run(&["check", path_str(dir), "--deny-warnings"]);
    assert_eq!(check.status, 0, "check failed:\n{}", check.stderr);
    assert!(check.stderr.is_empty(), "{}", check.stderr);
    assert!(
        check.stdout.contains("no problems found"),
        "{}",
        check.stdout
    );
}

#[test]
fn init_makes_a_site_that_builds_and_checks_without_warnings() {
    let scratch = Site::bare();
    let dir = scratch.scratch().join("new-site");
    let r = run(&["init", path_str(&dir)]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    // The next two commands.
    assert!(
        r.stdout.contains(&format!("cd {}", dir.display())),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("dossier serve"), "{}", r.stdout);
    for file in [
        "site.yaml",
        ".gitignore",
        "content/people/ada-lovelace.md",
        "content/topics/computing.md",
    ] {
        assert!(dir.join(file).is_file(), "no {file}");
    }
    assert!(dir.join("static").is_dir());
    assert_eq!(read_text(&dir.join(".gitignore")), "public/\n");
    let person = read_text(&dir.join("content/people/ada-lovelace.md"));
    assert!(
        person.contains("aliases:") && person.contains("roles:"),
        "{person}"
    );
    assert!(read_text(&dir.join("site.yaml")).contains("# base_url:"));
    assert_builds_and_checks_cleanly(&dir);
    let brief = std::fs::read_dir(dir.join("public/briefs"))
        .unwrap()
        .count();
    assert!(brief >= 2, "the example brief has a page");
}

#[test]
fn init_refuses_a_folder_with_files_or_a_site() {
    let scratch = Site::bare();
    let dir = scratch.path();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let r = run(&["init", path_str(dir)]);
    assert_eq!(r.status, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains("is not empty") && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    assert!(!dir.join("site.yaml").exists(), "nothing written");
    // --force writes beside what is there, keeping it.
    let forced = run(&["init", "--force", path_str(dir)]);
    assert_eq!(forced.status, 0, "{}", forced.stderr);
    assert_eq!(read_text(&dir.join("notes.txt")), "mine");
    assert!(dir.join("site.yaml").is_file());
    // A folder holding a site is refused even with --force.
    let again = run(&["init", "--force", path_str(dir)]);
    assert_eq!(again.status, 1);
    assert!(
        again.stderr.contains("already holds a site"),
        "{}",
        again.stderr
    );
    let content_only = Site::bare();
    std::fs::create_dir(content_only.path().join("content")).unwrap();
    let r = run(&["init", "--force", path_str(content_only.path())]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    // A file is not a folder.
    let file = scratch.scratch().join("a-file");
    std::fs::write(&file, "").unwrap();
    assert_eq!(run(&["init", path_str(&file)]).status, 1);
}

fn registry_site() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Test Briefings\ntime_zone: Pacific/Kiritimati\n",
    )
    .person(
        "antony-blinken",
        "name: Antony Blinken\naliases: [Blinken]\n",
        "",
    )
    .topic("diplomacy", "name: Diplomacy\n", "");
    site
}

fn new(site: &Site, args: &[&str]) -> Run {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--site", path_str(site.path())]);
    run(&all)
}

#[test]
fn new_brief_writes_complete_front_matter_that_builds() {
    let site = registry_site();
    let r = new(
        &site,
        &[
            "brief",
            "Talks in Geneva",
            "--people",
            "Blinken, Antony Blinken",
            "--topics",
            "Diplomacy",
            "--source",
            "U.S. Department of State",
            "--url",
            "https://www.state.gov/",
            "--date",
            "2023-06-14",
        ],
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    let rel = "content/briefs/2023/2023-06-14-talks-in-geneva.md";
    assert_eq!(r.stdout.trim(), rel);
    assert!(
        r.stderr.is_empty(),
        "known names give no warning: {}",
        r.stderr
    );
    let text = read_text(&site.path().join(rel));
    for key in [
        "title:",
        "date: 2023-06-14",
        "source:",
        "url:",
        "people:",
        "topics:",
        "summary:",
        "quotes:",
        "draft: false",
        "updated:",
        "slug:",
    ] {
        assert!(text.contains(key), "no `{key}` in:\n{text}");
    }
    site.build_ok(&[]);
    let page = site.read("briefs/talks-in-geneva/index.html");
    assert!(page.contains("Talks in Geneva"), "{page}");
    assert!(page.contains("../../people/antony-blinken/"), "{page}");

    // Never overwritten.
    std::fs::write(site.path().join(rel), "edited").unwrap();
    let again = new(&site, &["brief", "Talks in Geneva", "--date", "2023-06-14"]);
    assert_eq!(again.status, 1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(read_text(&site.path().join(rel)), "edited");
}

#[test]
fn new_brief_is_dated_today_in_the_sites_time_zone() {
    let site = registry_site();
    let zone = jiff::tz::TimeZone::get("Pacific/Kiritimati").unwrap();
    let today = jiff::Timestamp::now().to_zoned(zone).date();
    let r = new(&site, &["brief", "Today", "--source", "Wire"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let rel = format!("content/briefs/{}/{today}-today.md", today.year());
    assert_eq!(r.stdout.trim(), rel);
    assert!(read_text(&site.path().join(&rel)).contains(&format!("date: {today}")));
}

#[test]
fn new_brief_warns_of_unknown_names_with_the_nearest_one() {
    let site = registry_site();
    let r = new(
        &site,
        &[
            "brief",
            "Typo",
            "--people",
            "Antony Blinkin, Someone Else",
            "--date",
            "2023-06-14",
            "--source",
            "Wire",
        ],
    );
    assert_eq!(r.status, 0, "a warning, not an error: {}", r.stderr);
    assert!(
        r.stderr
            .contains("`Antony Blinkin` is not in the people registry")
            && r.stderr.contains("did you mean `Antony Blinken`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("`Someone Else` is not in the people registry"),
        "{}",
        r.stderr
    );
    // Written anyway, and it builds.
    assert!(
        site.path()
            .join("content/briefs/2023/2023-06-14-typo.md")
            .is_file()
    );
    site.build_ok(&[]);
}

#[test]
fn new_brief_without_a_source_is_a_draft_that_builds() {
    let site = registry_site();
    let r = new(&site, &["brief", "Unsourced", "--date", "2023-06-14"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(
        read_text(
            &site
                .path()
                .join("content/briefs/2023/2023-06-14-unsourced.md")
        )
        .contains("draft: true")
    );
    site.build_ok(&["--drafts"]);
    assert!(site.out().join("briefs/unsourced/index.html").is_file());
}

#[test]
fn new_person_and_topic_write_registry_files() {
    let site = registry_site();
    let r = new(
        &site,
        &[
            "person",
            "Wang Yi",
            "--alias",
            "Foreign Minister Wang",
            "--alias",
            "Wang",
        ],
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(r.stdout.trim(), "content/people/wang-yi.md");
    let text = read_text(&site.path().join("content/people/wang-yi.md"));
    assert!(
        text.contains("aliases: [\"Foreign Minister Wang\", \"Wang\"]"),
        "{text}"
    );
    assert!(text.contains("roles:"), "{text}");
    let r = new(&site, &["topic", "Climate"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_eq!(r.stdout.trim(), "content/topics/climate.md");
    // A near-duplicate of a registry person is pointed out.
    let r = new(&site, &["person", "Anthony Blinken"]);
    assert!(r.stderr.contains("Antony Blinken"), "{}", r.stderr);
    assert_eq!(
        new(&site, &["topic", "Climate"]).status,
        1,
        "never overwritten"
    );
    site.simple_brief("a", "A", "2023-06-14", &["Wang", "Anthony Blinken"]);
    site.build_ok(&[]);
    assert!(site.read("people/wang-yi/index.html").contains("Wang Yi"));
}

#[test]
fn new_open_runs_the_editor_on_the_file() {
    let site = registry_site();
    let editor = site.scratch().join("editor.sh");
    let log = site.scratch().join("opened");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", log.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args([
            "new",
            "topic",
            "Trade",
            "--open",
            "--site",
            path_str(site.path()),
        ])
        .env_remove("VISUAL")
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(read_text(&log).trim().ends_with("content/topics/trade.md"));
}

#[test]
fn completions_are_printed_for_a_shell() {
    let r = run(&["completions", "bash"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("_dossier") && r.stdout.contains("init"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
    assert_eq!(run(&["completions", "no-such-shell"]).status, 2);
}

#[test]
fn help_documents_the_exit_statuses() {
    let r = run(&["--help"]);
    assert_eq!(r.status, 0);
    for line in [
        "Exit status:",
        "1  the site has errors",
        "3  the output folder was refused",
        "5  the preview server",
    ] {
        assert!(r.stdout.contains(line), "no `{line}` in:\n{}", r.stdout);
    }
}

#[test]
fn quiet_and_verbose() {
    let site = Site::new();
    site.simple_brief("a", "A", "2023-06-14", &[]);
    let quiet = site.build_ok(&["--quiet"]);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    let verbose = site.build_ok(&["--verbose"]);
    for stage in [
        "read files",
        "resolve and render bodies",
        "render and write pages",
    ] {
        assert!(verbose.stderr.contains(stage), "{}", verbose.stderr);
    }
    assert!(
        verbose.stdout.contains("built 1 briefs"),
        "{}",
        verbose.stdout
    );
}

/// Runs `dossier check --color <choice>` on a site with a warning, with or without
/// `NO_COLOR`.
fn check_colours(site: &Site, choice: &str, no_color: Option<&str>) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.args(["check", path_str(site.path()), "--color", choice]);
    match no_color {
        Some(v) => cmd.env("NO_COLOR", v),
        None => cmd.env_remove("NO_COLOR"),
    };
    let out = cmd.output().unwrap();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn colour_only_when_asked_or_on_a_terminal_and_never_with_no_color() {
    let site = Site::new();
    site.simple_brief("a", "A", "2023-06-14", &[]);
    let esc = '\u{1b}';
    let forced = check_colours(&site, "always", None);
    assert!(
        forced.contains(esc) && forced.contains("source-no-url"),
        "{forced:?}"
    );
    // Not a terminal: no colour by default.
    let piped = check_colours(&site, "auto", None);
    assert!(
        !piped.contains(esc) && piped.contains("source-no-url"),
        "{piped:?}"
    );
    // NO_COLOR wins even over --color always; an empty NO_COLOR does not count.
    let no_color = check_colours(&site, "always", Some("1"));
    assert!(
        !no_color.contains(esc) && no_color.contains("source-no-url"),
        "{no_color:?}"
    );
    assert!(check_colours(&site, "always", Some("")).contains(esc));
}

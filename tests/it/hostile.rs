//! Hostile input: files written to slow the build down, blow up its memory, inject
//! markup or confuse names and paths. Each gets a clear, located error or correct
//! output in bounded time, and a failed build leaves the previous output untouched.

use std::time::{Duration, Instant};

use crate::support::{Site, assert_error_at, assert_fails_untouched, assert_mentions, built_site};

const BAD: &str = "content/briefs/bad.md";

fn fails_with(text: impl AsRef<[u8]>) -> String {
    let site = built_site();
    site.file(BAD, text);
    assert_fails_untouched(&site, &[])
}

/// A build that must finish well within `limit` (generous: ten times or more what
/// it takes), with its stderr.
fn build_within(site: &Site, limit: Duration) -> crate::support::Run {
    let start = Instant::now();
    let run = site.build(&[]);
    assert!(
        start.elapsed() < limit,
        "the build took {:?}, over {limit:?}",
        start.elapsed()
    );
    run
}

#[test]
fn thousands_of_equal_headings_build_quickly_with_distinct_ids() {
    let site = Site::new();
    site.brief(
        "2023-06-14-same",
        "title: Same\ndate: 2023-06-14\nsource: S",
        &"## Same\n\n".repeat(4000),
    );
    let run = build_within(&site, Duration::from_secs(20));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = site.read("briefs/same/index.html");
    assert!(page.contains("id=\"same-3999\""));
}

#[test]
fn a_huge_registry_name_is_refused_quickly_at_its_line() {
    let site = built_site();
    site.person(
        "long",
        &format!("name: Long\naliases:\n  - {}", "x".repeat(20_000)),
        "",
    );
    let start = Instant::now();
    let err = assert_fails_untouched(&site, &[]);
    assert!(start.elapsed() < Duration::from_secs(20));
    assert_error_at(&err, "content/people/long.md", 4);
    assert_mentions(&err, "at most 200");
}

#[test]
fn deeply_nested_brackets_are_refused_quickly() {
    let start = Instant::now();
    let err = fails_with(format!(
        "---\ntitle: T\ndate: 2023-01-01\nsource: S\npeople: {}\n---\n",
        "[".repeat(65_000)
    ));
    assert!(start.elapsed() < Duration::from_secs(20));
    assert_error_at(&err, BAD, 5);
    assert_mentions(&err, "nested");
}

#[test]
fn an_alias_bomb_is_refused() {
    let mut yaml = String::from("title: T\ndate: 2023-01-01\nsource: S\nsummary: &a0 \"lol\"\n");
    let mut list = "[*a0".to_owned();
    list.push_str(&", *a0".repeat(9));
    list.push(']');
    yaml.push_str(&format!("people: &a1 {list}\n"));
    let err = fails_with(format!("---\n{yaml}---\nBody\n"));
    assert_error_at(&err, BAD, 5);
    assert_mentions(&err, "anchors");
}

#[test]
fn a_site_yaml_alias_bomb_and_oversize_file_are_refused() {
    let site = built_site();
    let mut bomb = String::from("extra:\n  a0: &a0 [\"xxxxxxxxxxxxxxxx\"]\n");
    for n in 1..15 {
        let p = n - 1;
        bomb.push_str(&format!(
            "  a{n}: &a{n} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    site.file("site.yaml", &bomb);
    let err = assert_fails_untouched(&site, &[]);
    assert_error_at(&err, "site.yaml", 2);
    site.file("site.yaml", format!("title: T\n#{}\n", "x".repeat(100_000)));
    let err = assert_fails_untouched(&site, &[]);
    assert_mentions(&err, "larger than 64 KiB");
}

#[test]
fn yaml_tags_are_refused_in_front_matter_and_site_yaml() {
    let err = fails_with("---\ntitle: !include /etc/passwd\ndate: 2023-01-01\nsource: S\n---\n");
    assert!(err.contains(&format!("{BAD}:2:8: error")), "{err}");
    assert_mentions(&err, "`!include`");
    let err = fails_with("---\ntitle: T\ndate: 2023-01-01\nsource: !!binary aGk=\n---\n");
    assert_error_at(&err, BAD, 4);
    let site = built_site();
    site.file("site.yaml", "title: T\ndescription: !env SECRET\n");
    let err = assert_fails_untouched(&site, &[]);
    assert_error_at(&err, "site.yaml", 2);
}

#[test]
fn null_site_title_is_a_located_error() {
    let site = built_site();
    site.file("site.yaml", "description: D\ntitle: null\n");
    let err = assert_fails_untouched(&site, &[]);
    assert_error_at(&err, "site.yaml", 2);
    assert_mentions(&err, "`title`");
}

#[test]
fn look_alike_names_are_refused() {
    let err = fails_with(
        "---\ntitle: T\ndate: 2023-01-01\nsource: S\npeople: [\"Zelens\u{200b}kyy\"]\n---\n",
    );
    assert_error_at(&err, BAD, 5);
    assert_mentions(&err, "invisible");
}

#[test]
fn an_impossible_utc_offset_is_refused() {
    let err = fails_with("---\ntitle: T\ndate: 2023-01-01T10:00:00+25:00\nsource: S\n---\n");
    assert_error_at(&err, BAD, 3);
    assert_mentions(&err, "offset");
}

#[test]
fn tabs_and_duplicate_keys_are_reported_on_their_own_line() {
    let err = fails_with("---\ntitle: T\nsource:\n\tname: S\ndate: 2023-01-01\n---\n");
    assert!(err.contains(&format!("{BAD}:4:1: error")), "{err}");
    let err = fails_with(
        "---\ntitle: T\ndate: 2023-01-01\nsource:\n  name: S\n  url: https://s.org/\n  name: R\n---\n",
    );
    assert!(err.contains(&format!("{BAD}:7:3: error")), "{err}");
    let err = fails_with("---\ntitle: T\ndate: 2023-01-01\nsource: S\n\"title\": U\n---\n");
    assert_error_at(&err, BAD, 5);
}

#[test]
fn windows_device_names_and_long_names_make_safe_slugs() {
    let site = Site::new();
    site.brief("con", "title: Con\ndate: 2023-06-14\nsource: S", "Body");
    site.brief(
        &format!("2023-06-14-{}", "very-long-words-".repeat(14)),
        "title: Long\ndate: 2023-06-14\nsource: S",
        "Body",
    );
    site.build_ok(&[]);
    assert!(site.out().join("briefs/con-1/index.html").is_file());
    let long = std::fs::read_dir(site.out().join("briefs"))
        .expect("the briefs folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("very-long"))
        .expect("the long brief's folder");
    assert!(long.len() <= 80 && long.ends_with("words"), "{long}");
}

#[test]
fn an_over_long_explicit_slug_is_a_located_error() {
    let err = fails_with(format!(
        "---\ntitle: T\ndate: 2023-01-01\nsource: S\nslug: {}\n---\n",
        "a".repeat(300)
    ));
    assert_error_at(&err, BAD, 5);
    assert_mentions(&err, "at most 80");
}

#[test]
fn old_mac_line_ends_are_read() {
    let site = Site::new();
    site.file(
        "content/briefs/2023-06-14-mac.md",
        "---\rtitle: Mac Brief\rdate: 2023-06-14\rsource: S\r---\rThe body.\r",
    );
    site.build_ok(&[]);
    assert!(site.read("briefs/mac/index.html").contains("Mac Brief"));
}

#[test]
fn a_missing_include_names_the_template_and_line() {
    let site = built_site();
    site.file(
        "templates/index.html",
        "<p>\n{% include \"nowhere.html\" %}\n",
    );
    let err = assert_fails_untouched(&site, &[]);
    assert_error_at(&err, "templates/index.html", 2);
    assert_mentions(&err, "nowhere.html");
    assert!(!err.contains("templates/templates"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_linked_folder_is_skipped_with_a_warning() {
    let site = Site::new();
    site.simple_brief("2023-06-14-a", "A", "2023-06-14", &[]);
    let elsewhere = site.scratch().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("a folder outside the site");
    std::os::unix::fs::symlink(&elsewhere, site.path().join("content/briefs/linked"))
        .expect("a symbolic link");
    let run = site.build_ok(&[]);
    assert!(
        run.stderr.contains("content/briefs/linked") && run.stderr.contains("warning"),
        "{}",
        run.stderr
    );
}

/// Names of sources and of people without a registry file make page folders: a
/// long one must give a folder name every file system takes, so `check` and
/// `build` agree.
#[test]
fn long_source_and_person_names_make_short_page_folders() {
    let site = Site::new();
    let source = vec!["word"; 60].join(" ");
    let person = format!("Person {}", vec!["Name"; 30].join(" "));
    site.file(
        "content/briefs/a.md",
        format!(
            "---\ntitle: T\ndate: 2023-06-14\nsource: \"{source}\"\npeople: [\"{person}\"]\n---\nBody.\n"
        ),
    );
    let path = site.path().to_str().unwrap().to_owned();
    assert_eq!(crate::support::run(&["check", &path]).status, 0);
    site.build_ok(&[]);
    for folder in ["sources", "people"] {
        for entry in std::fs::read_dir(site.out().join(folder)).unwrap() {
            let name = entry.unwrap().file_name();
            assert!(name.len() <= 80, "{folder}/{name:?} is too long");
        }
    }
}

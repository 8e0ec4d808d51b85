//! Bad input: every failure exits with status 1, names the file and the line to fix
//! with a message a writer understands, and leaves the previous output untouched.

use crate::support::{
    Site, assert_error_at, assert_fails_untouched, assert_mentions, built_site, snapshot,
};

const BAD: &str = "content/briefs/bad.md";

/// Writes `text` as `content/briefs/bad.md` into an already built site, builds
/// again, checks the failure left everything as it was, and returns stderr.
fn fails_with(text: impl AsRef<[u8]>) -> String {
    let site = built_site();
    site.file(BAD, text);
    assert_fails_untouched(&site, &[])
}

#[test]
fn unclosed_front_matter() {
    let err = fails_with("---\ntitle: T\ndate: 2023-01-01\nsource: S\n\nThe body.\n");
    assert_error_at(&err, BAD, 1);
    assert_mentions(&err, "never closed");
}

#[test]
fn missing_front_matter() {
    let err = fails_with("# Just Markdown\n\nNo front matter here.\n");
    assert_error_at(&err, BAD, 1);
    assert_mentions(&err, "front matter");
}

#[test]
fn yaml_syntax_error_in_the_title() {
    let err = fails_with("---\ndate: 2023-01-01\ntitle: [unclosed\nsource: S\n---\nBody\n");
    assert_error_at(&err, BAD, 3);
    assert_mentions(&err, "title");
}

#[test]
fn yaml_syntax_error_points_at_the_unclosed_list() {
    // The parser notices the missing `]` only at the end of the block; the line to
    // fix is the one that opened the list.
    let err = fails_with(
        "---\ntitle: T\ndate: 2023-01-01\nsource: S\npeople: [Antony Blinken, Qin Gang\n---\nBody\n",
    );
    assert_error_at(&err, BAD, 5);
}

#[test]
fn yaml_syntax_error_points_at_the_unterminated_quote() {
    let err =
        fails_with("---\ndate: 2023-01-01\nsource: S\ntitle: \"Blinken in Beijing\n---\nBody\n");
    assert_error_at(&err, BAD, 4);
}

#[test]
fn unquoted_colon_in_a_value() {
    let err = fails_with("---\ndate: 2023-01-01\nsource: S\ntitle: Blinken: a second try\n---\n");
    assert_error_at(&err, BAD, 4);
    assert_mentions(&err, "quoted");
}

#[test]
fn missing_title() {
    let err = fails_with("---\ndate: 2023-01-01\nsource: S\n---\nBody\n");
    assert!(
        err.lines().any(|l| (l.starts_with(&format!("{BAD}:1:"))
            || l.starts_with(&format!("{BAD}:2:")))
            && l.contains("error")),
        "expected an error at the start of the front matter:\n{err}"
    );
    assert_mentions(&err, "`title`");
    assert!(
        err.contains("missing") || err.contains("required"),
        "the message should say the title is missing:\n{err}"
    );
}

#[test]
fn missing_date_and_source() {
    let err = fails_with("---\ntitle: T\n---\nBody\n");
    assert_mentions(&err, "`date`");
}

#[test]
fn null_title_is_an_error_on_its_line() {
    for title in ["title: null", "title: ~", "title:"] {
        let err = fails_with(format!(
            "---\ndate: 2023-01-01\nsource: S\n{title}\n---\nBody\n"
        ));
        assert_error_at(&err, BAD, 4);
        assert_mentions(&err, "title");
    }
}

#[test]
fn blank_title_is_an_error_on_its_line() {
    let err = fails_with("---\ndate: 2023-01-01\nsource: S\ntitle: \"   \"\n---\nBody\n");
    assert_error_at(&err, BAD, 4);
    assert_mentions(&err, "title");
    assert_mentions(&err, "empty");
}

#[test]
fn impossible_and_malformed_dates_point_at_the_date_line() {
    for date in ["2023-02-30", "2023-13-45", "yesterday"] {
        let err = fails_with(format!(
            "---\ntitle: T\nsource: S\ndate: {date}\n---\nBody\n"
        ));
        assert_error_at(&err, BAD, 4);
        assert_mentions(&err, date);
        assert_mentions(&err, "date");
    }
}

#[test]
fn a_bad_nested_date_points_at_its_line() {
    let err = fails_with(
        "---\ntitle: T\ndate: 2023-01-01\nsource:\n  name: S\n  issued: 2023-02-29\n---\n",
    );
    assert_error_at(&err, BAD, 6);
    assert_mentions(&err, "2023-02-29");
}

#[test]
fn wrong_value_types() {
    let err = fails_with("---\ntitle: T\ndate: 2023-01-01\nsource: S\npeople: {a: 1}\n---\n");
    assert_error_at(&err, BAD, 5);
    assert_mentions(&err, "people");
    let err = fails_with("---\ntitle: T\ndate: 2023-01-01\nsource: S\ndraft: maybe\n---\n");
    assert_error_at(&err, BAD, 5);
    assert_mentions(&err, "draft");
    assert_mentions(&err, "maybe");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let err = fails_with("---\ndate: 2023-01-01\nsource: S\ntittle: T\n---\n");
    assert_error_at(&err, BAD, 4);
    assert_mentions(&err, "`tittle`");
    assert_mentions(&err, "did you mean `title`");
}

#[test]
fn duplicate_key_points_at_the_repeated_key() {
    let err = fails_with("---\ndate: 2023-01-01\ntitle: A\nsource: S\ntitle: B\n---\n");
    assert_error_at(&err, BAD, 5);
    assert_mentions(&err, "duplicate");
    assert_mentions(&err, "title");
}

#[test]
fn tab_indentation_is_named() {
    let err = fails_with("---\ntitle: T\ndate: 2023-01-01\nsource:\n\tname: S\n---\n");
    assert_error_at(&err, BAD, 5);
    assert!(
        err.to_lowercase().contains("tab"),
        "the message should say a tab is the problem:\n{err}"
    );
}

#[test]
fn two_briefs_with_the_same_slug() {
    let site = built_site();
    site.brief(
        "a",
        "title: A\ndate: 2023-01-01\nsource: S\nslug: same\n",
        "",
    )
    .brief("same", "title: B\ndate: 2023-02-01\nsource: S\n", "");
    let err = assert_fails_untouched(&site, &[]);
    assert_mentions(&err, "content/briefs/a.md");
    assert_mentions(&err, "content/briefs/same.md");
    assert_mentions(&err, "briefs/same/");
    // The location is the `slug:` line of a.md, or the start of same.md (which has
    // no `slug:`): never a line of one file reported against the other.
    assert!(
        err.lines().any(|l| l.starts_with("content/briefs/a.md:5:")
            || l.starts_with("content/briefs/same.md:1:")
            || l.starts_with("content/briefs/same.md: ")),
        "the error must point at the `slug:` line of a.md or at same.md itself:\n{err}"
    );
}

#[test]
fn two_briefs_with_the_same_file_name_in_different_folders() {
    let site = built_site();
    site.brief("2023/x", "title: A\ndate: 2023-01-01\nsource: S\n", "")
        .brief("2024/x", "title: B\ndate: 2024-01-01\nsource: S\n", "");
    let err = assert_fails_untouched(&site, &[]);
    assert_mentions(&err, "content/briefs/2023/x.md");
    assert_mentions(&err, "content/briefs/2024/x.md");
}

#[test]
fn a_file_that_is_not_utf8_names_the_line_of_the_bad_byte() {
    let mut bytes = b"---\ntitle: T\ndate: 2023-01-01\npeople: [Jos".to_vec();
    bytes.push(0xe9); // Latin-1 "é"
    bytes.extend_from_slice(b"]\nsource: S\n---\n");
    let err = fails_with(bytes);
    assert_error_at(&err, BAD, 4);
    assert_mentions(&err, "UTF-8");
}

#[test]
fn an_empty_file() {
    for text in ["", "\n  \n"] {
        let err = fails_with(text);
        assert_error_at(&err, BAD, 1);
        assert_mentions(&err, "empty");
    }
}

#[test]
fn an_empty_front_matter_block() {
    let err = fails_with("---\n---\nBody\n");
    assert_mentions(&err, BAD);
    assert_mentions(&err, "empty");
}

/// Two registry people sharing the alias "The Secretary".
fn shared_alias_site() -> Site {
    let site = Site::new();
    site.person("person-a", "name: Person A\naliases: [The Secretary]\n", "")
        .person(
            "person-b",
            "name: Person B\naliases: [the secretary, Bee]\n",
            "",
        )
        .simple_brief("fine", "Fine", "2023-01-01", &["Bee", "Person A"]);
    site
}

#[test]
fn a_shared_alias_alone_is_only_a_warning() {
    let site = shared_alias_site();
    let run = site.build_ok(&[]);
    assert!(run.stdout.starts_with("built 1 briefs"), "{}", run.stdout);
    assert_mentions(&run.stderr, "warning");
    assert_mentions(&run.stderr, "content/people/person-a.md");
    assert_mentions(&run.stderr, "content/people/person-b.md");
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
}

#[test]
fn a_shared_alias_used_in_a_brief_is_an_error_naming_both_people() {
    let site = shared_alias_site();
    site.build_ok(&[]);
    site.brief(
        "bad",
        "title: T\ndate: 2023-01-01\nsource: S\npeople:\n  - Bee\n  - THE SECRETARY\n",
        "",
    );
    let err = assert_fails_untouched(&site, &[]);
    assert_error_at(&err, BAD, 7);
    assert_mentions(&err, "THE SECRETARY");
    assert_mentions(&err, "Person A");
    assert_mentions(&err, "Person B");
}

#[test]
fn all_bad_files_are_reported_in_one_run() {
    let site = built_site();
    site.file(
        "content/briefs/one.md",
        "---\ntitle: T\ndate: 2023-01-01\nsource: S\n",
    )
    .file(
        "content/briefs/two.md",
        "---\ntitle: T\nsource: S\ndate: 2023-02-30\n---\n",
    )
    .file(
        "content/briefs/three.md",
        "---\ntitle: T\ndate: 2023-01-01\nsource: S\ndarft: true\n---\n",
    )
    .file("content/people/someone.md", "---\nnmae: Someone\n---\n");
    let err = assert_fails_untouched(&site, &[]);
    assert_error_at(&err, "content/briefs/one.md", 1);
    assert_error_at(&err, "content/briefs/two.md", 4);
    assert_error_at(&err, "content/briefs/three.md", 5);
    assert_error_at(&err, "content/people/someone.md", 2);
    assert_mentions(&err, "did you mean `draft`");
    assert_mentions(&err, "did you mean `name`");
    assert_mentions(&err, "4 errors");
}

#[test]
fn a_template_syntax_error_names_the_template_and_line() {
    let site = built_site();
    site.file(
        "templates/brief.html",
        "{% extends \"theme/brief.html\" %}\n{% block content %}\n<p>{% if %}</p>\n{% endblock content %}\n",
    );
    let err = assert_fails_untouched(&site, &[]);
    assert_error_at(&err, "templates/brief.html", 3);
}

#[test]
fn a_template_rendering_error_names_the_template_and_line() {
    let site = built_site();
    site.file(
        "templates/brief.html",
        "{% extends \"theme/brief.html\" %}\n{% block content %}\n\n<p>{{ brief.nope.deeper }}</p>\n{% endblock content %}\n",
    );
    let err = assert_fails_untouched(&site, &[]);
    assert_error_at(&err, "templates/brief.html", 4);
    assert_mentions(&err, "nope");
}

#[test]
fn a_template_error_in_a_partial_names_the_partial() {
    let site = built_site();
    site.file(
        "templates/partials/brief_list.html",
        "<ol>\n{% for b in briefs %}\n<li>{{ b.title }}</li>\n",
    );
    let err = assert_fails_untouched(&site, &[]);
    assert_mentions(&err, "templates/partials/brief_list.html:");
}

#[test]
fn crlf_files_report_the_right_lines() {
    let err = fails_with("---\r\ntitle: T\r\nsource: S\r\n\r\ndate: 2023-02-30\r\n---\r\nBody\r\n");
    assert_error_at(&err, BAD, 5);
    let err = fails_with(
        "\u{feff}---\r\ntitle: T\r\ndate: 2023-01-01\r\nsource: S\r\ntittle: x\r\n---\r\n",
    );
    assert_error_at(&err, BAD, 5);
    assert!(
        !err.contains('\r'),
        "the snippet should not carry a carriage return: {err:?}"
    );
}

#[test]
fn site_yaml_errors_are_located() {
    let site = built_site();
    site.file("site.yaml", "title: Test\n\nbriefs_per_page: 0\n");
    let err = assert_fails_untouched(&site, &[]);
    assert_error_at(&err, "site.yaml", 3);
    assert_mentions(&err, "briefs_per_page");
    site.file("site.yaml", "title: Test\ntitel: Oops\n");
    let err = assert_fails_untouched(&site, &[]);
    assert_error_at(&err, "site.yaml", 2);
    assert_mentions(&err, "did you mean `title`");
}

#[test]
fn a_bad_base_url_flag_is_refused() {
    let site = built_site();
    let err = assert_fails_untouched(&site, &["--base-url", "example.org/briefings"]);
    assert_mentions(&err, "--base-url");
    assert_mentions(&err, "example.org/briefings");
}

#[test]
fn a_missing_site_folder_is_an_error() {
    let site = Site::bare();
    let missing = site.scratch().join("nowhere");
    let run = crate::support::run(&["build", missing.to_str().unwrap()]);
    assert_eq!(run.status, 1, "{run:?}");
    assert_mentions(&run.stderr, "nowhere");
    assert!(
        !missing.exists(),
        "the build created the missing site folder"
    );
}

#[test]
fn the_output_may_not_be_the_site_or_its_content() {
    let site = built_site();
    site.file("static/logo.txt", "logo");
    let before = snapshot(site.path());
    for output in [
        site.path().to_path_buf(),
        site.path().join("content"),
        site.path().join("content/briefs"),
        site.path().join("static"),
        site.scratch().to_path_buf(),
    ] {
        let run = site.build(&["-o", output.to_str().unwrap()]);
        assert_eq!(run.status, 3, "{}: {run:?}", output.display());
        assert_mentions(&run.stderr, "refusing");
        assert!(
            snapshot(site.path()) == before,
            "building into {} changed the site's files",
            output.display()
        );
    }
}

#[test]
fn exit_codes_tell_the_kind_of_failure() {
    let site = crate::support::Site::new();
    let path = site.path().to_str().unwrap().to_owned();
    // A sound site builds: 0.
    assert_eq!(crate::support::run(&["build", &path]).status, 0);
    // A wrong flag: 2.
    assert_eq!(
        crate::support::run(&["build", &path, "--no-such-flag"]).status,
        2
    );
    // An output folder inside the content: 3, and nothing written there.
    let inside = site.path().join("content/out");
    let r = crate::support::run(&["build", &path, "-o", inside.to_str().unwrap()]);
    assert_eq!(r.status, 3, "{}", r.stderr);
    assert!(!inside.exists());
    // A broken brief: 1.
    site.file("content/briefs/bad.md", "---\ntitle: [\n---\n");
    assert_eq!(crate::support::run(&["build", &path]).status, 1);
    assert_eq!(crate::support::run(&["check", &path]).status, 1);
}

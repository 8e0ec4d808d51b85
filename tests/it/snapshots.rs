//! Snapshot tests: the error messages a writer reads and the key pages of a small
//! site, kept as reviewed files under `tests/it/snapshots/` so that any change of
//! wording or markup shows up as a diff. After an intended change, review and accept
//! the new snapshots with `cargo insta review` (or `INSTA_UPDATE=always cargo test`).

use std::path::Path;

use crate::support::{Site, assert_fails_untouched, built_site, read_text, run};

/// The stderr of a failing build with the temporary folders replaced by fixed names.
fn failure(site: &Site) -> String {
    let stderr = assert_fails_untouched(site, &[]);
    normalise(&stderr, site)
}

fn normalise(text: &str, site: &Site) -> String {
    let mut out = text.to_owned();
    for (dir, name) in [(site.path(), "[site]"), (site.scratch(), "[scratch]")] {
        // Resolved and unresolved forms of the same folder (/tmp may be a link).
        if let Ok(real) = dir.canonicalize() {
            out = out.replace(&real.display().to_string(), name);
        }
        out = out.replace(&dir.display().to_string(), name);
    }
    out
}

#[test]
fn error_unknown_key_suggests_a_key() {
    let site = built_site();
    site.brief(
        "bad",
        "title: Blinken in Beijing\ndate: 2023-06-19\nsource: State Department\nsumary: A short visit.\n",
        "Body.\n",
    );
    insta::assert_snapshot!("error_unknown_key", failure(&site));
}

#[test]
fn error_impossible_date() {
    let site = built_site();
    site.brief(
        "bad",
        "title: Blinken in Beijing\ndate: 2023-02-30\nsource: State Department\n",
        "Body.\n",
    );
    insta::assert_snapshot!("error_impossible_date", failure(&site));
}

#[test]
fn error_duplicate_key() {
    let site = built_site();
    site.brief(
        "bad",
        "title: Blinken in Beijing\ndate: 2023-06-19\nsource: State Department\ntitle: Blinken Meets Xi\n",
        "Body.\n",
    );
    insta::assert_snapshot!("error_duplicate_key", failure(&site));
}

#[test]
fn error_tab_indentation() {
    let site = built_site();
    site.brief(
        "bad",
        "title: Blinken in Beijing\ndate: 2023-06-19\nsource:\n\tname: State Department\n",
        "Body.\n",
    );
    insta::assert_snapshot!("error_tab", failure(&site));
}

#[test]
fn error_unclosed_bracket() {
    let site = built_site();
    site.brief(
        "bad",
        "title: Blinken in Beijing\ndate: 2023-06-19\nsource: State Department\npeople: [Antony Blinken, Qin Gang\ntopics: [Diplomacy]\n",
        "Body.\n",
    );
    insta::assert_snapshot!("error_unclosed_bracket", failure(&site));
}

#[test]
fn error_ambiguous_alias() {
    let site = built_site();
    site.person(
        "antony-blinken",
        "name: Antony Blinken\naliases: [The Secretary, Blinken]\n",
        "",
    )
    .person(
        "janet-yellen",
        "name: Janet Yellen\naliases: [the secretary, Yellen]\n",
        "",
    )
    .brief(
        "bad",
        "title: A Call\ndate: 2023-06-19\nsource: State Department\npeople:\n  - Blinken\n  - The Secretary\n",
        "Body.\n",
    );
    insta::assert_snapshot!("error_ambiguous_alias", failure(&site));
}

#[test]
fn error_template_syntax() {
    let site = built_site();
    site.file(
        "templates/brief.html",
        "{% extends \"theme/brief.html\" %}\n{% block content %}\n<p>{% if brief.draft %}Draft</p>\n{% endblock content %}\n",
    );
    insta::assert_snapshot!("error_template_syntax", failure(&site));
}

#[test]
fn error_slug_collision() {
    let site = built_site();
    site.brief(
        "2023-06-19-beijing",
        "title: Blinken in Beijing\ndate: 2023-06-19\nsource: State Department\n",
        "Body.\n",
    )
    .brief(
        "2023-06-20-followup",
        "title: After Beijing\ndate: 2023-06-20\nsource: State Department\nslug: beijing\n",
        "Body.\n",
    );
    insta::assert_snapshot!("error_slug_collision", failure(&site));
}

/// The fixture site of the page snapshots, built into a temporary folder.
struct BuiltFixture {
    _scratch: tempfile::TempDir,
    out: std::path::PathBuf,
}

fn build_fixture() -> BuiltFixture {
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snapshot-site");
    let scratch = tempfile::Builder::new()
        .prefix("dossier-snap-")
        .tempdir()
        .expect("a temporary folder");
    let out = scratch.path().join("public");
    let r = run(&[
        "build",
        site.to_str().expect("a UTF-8 path"),
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(r.status, 0, "the fixture site must build:\n{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("built 6 briefs, 6 people, 2 topics, 4 sources"),
        "{}",
        r.stdout
    );
    BuiltFixture {
        _scratch: scratch,
        out,
    }
}

#[test]
fn page_snapshots_of_the_fixture_site() {
    let site = build_fixture();
    for (name, file) in [
        ("page_home", "index.html"),
        ("page_briefs_list", "briefs/index.html"),
        ("page_briefs_list_2", "briefs/page/2/index.html"),
        ("page_brief", "briefs/blinken-meets-xi/index.html"),
        ("page_person", "people/qin-gang/index.html"),
        ("page_topic", "topics/us-china-relations/index.html"),
    ] {
        insta::assert_snapshot!(name, read_text(&site.out.join(file)));
    }
}

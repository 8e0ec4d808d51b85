//! What a publication needs beyond briefs: a host's dotfiles in `static/`, authors,
//! custom fields and images, standalone pages, a second taxonomy, redirects from
//! old URLs, warnings for what would otherwise be ignored, and embargoed briefs.

use crate::support::Site;

#[test]
fn static_dotfiles_are_published_and_junk_is_not() {
    let site = Site::from_fixture("static-dotfiles");
    site.file("static/.DS_Store", "junk")
        .file("static/img/Thumbs.db", "junk")
        .file("static/.notes.txt.swp", "junk")
        .file("static/notes.txt~", "junk")
        .file("static/.git/config", "junk");
    site.build_ok(&[]);
    let files = site.output_files();
    for kept in [".nojekyll", ".htaccess", ".well-known/security.txt"] {
        assert!(files.contains(kept), "{kept} missing: {files:?}");
    }
    assert_eq!(site.read(".htaccess"), "ErrorDocument 404 /404.html\n");
    for junk in [
        ".DS_Store",
        "img/Thumbs.db",
        ".notes.txt.swp",
        "notes.txt~",
        ".git/config",
    ] {
        assert!(!files.contains(junk), "{junk} published: {files:?}");
    }
    // A second build replaces what the first wrote from `static/` (the output's
    // top-level dotfiles it wrote are its own), and one removed from `static/`
    // leaves the output.
    site.file("static/.htaccess", "Options -Indexes\n");
    site.remove("static/.nojekyll");
    site.build_ok(&[]);
    assert_eq!(site.read(".htaccess"), "Options -Indexes\n");
    let files = site.output_files();
    assert!(!files.contains(".nojekyll"), "{files:?}");
    assert!(files.contains(".well-known/security.txt"), "{files:?}");
}

#[test]
fn serve_mirrors_static_dotfiles_but_not_junk() {
    let site = Site::from_fixture("static-dotfiles");
    let out = site.scratch().join("served");
    std::fs::create_dir_all(&out).unwrap();
    site.file("static/.DS_Store", "junk");
    let changed = dossier::serve::sync_static(
        site.path(),
        &out,
        &["static/.htaccess".into(), "static/.well-known".into()],
    );
    assert_eq!(changed, [".htaccess", ".well-known"]);
    assert!(out.join(".well-known/security.txt").is_file());
    let mut batch = dossier::serve::watch::Batch::default();
    batch.add(std::path::Path::new("static/.DS_Store"));
    batch.add(std::path::Path::new("static/.nojekyll"));
    assert_eq!(
        batch.statics,
        [std::path::PathBuf::from("static/.nojekyll")]
    );
}

/// Builds `site` with the build's moment pinned to `now`.
fn build_at(site: &Site, now: &str, args: &[&str]) -> crate::support::Run {
    let mut all: Vec<&str> = vec!["build", site.path().to_str().unwrap()];
    all.extend_from_slice(args);
    let run = crate::support::run_with(&all, &[("DOSSIER_NOW", now)]);
    assert_eq!(run.status, 0, "build failed:\n{}", run.stderr);
    run
}

#[test]
fn briefs_dated_after_the_build_are_held_back() {
    let site = Site::from_fixture("embargo-site");
    build_at(&site, "2024-03-10T12:00:00Z", &[]);
    let files = site.output_files();
    assert!(
        files.contains("briefs/talks-announced/index.html"),
        "{files:?}"
    );
    assert!(
        !files.contains("briefs/talks-concluded/index.html"),
        "{files:?}"
    );
    assert!(!site.read("briefs/index.html").contains("Talks Concluded"));
    // The same day, an hour before its time: still held back; at its time, out.
    build_at(&site, "2024-03-20T08:00:00Z", &[]);
    assert!(
        !site
            .output_files()
            .contains("briefs/talks-concluded/index.html")
    );
    build_at(&site, "2024-03-20T09:00:00Z", &[]);
    let page = site.read("briefs/talks-concluded/index.html");
    assert!(!page.contains("Scheduled"), "published, not scheduled");
    // `--future` publishes it early, marked as scheduled; so does `publish_future`.
    build_at(&site, "2024-03-10", &["--future"]);
    let page = site.read("briefs/talks-concluded/index.html");
    assert!(
        page.contains(r#"<span class="badge">Scheduled</span>"#),
        "{page}"
    );
    assert!(site.read("briefs/index.html").contains("Talks Concluded"));
    site.file("site.yaml", "title: Test Briefings\npublish_future: true\n");
    build_at(&site, "2024-03-10", &[]);
    assert!(
        site.output_files()
            .contains("briefs/talks-concluded/index.html")
    );
}

#[test]
fn serve_shows_embargoed_briefs() {
    let site = Site::from_fixture("embargo-site");
    site.brief(
        "2999-01-01-far-ahead",
        "title: Far Ahead\ndate: 2999-01-01\nsource: Test Source\n",
        "Later.\n",
    );
    let mut project = dossier::project::Project::new(
        site.path(),
        None,
        dossier::BuildOptions {
            drafts: false,
            future: true,
        },
    );
    let update = project
        .rebuild(&dossier::project::Change::Everything)
        .expect("the site builds");
    let (_, page) = update
        .write
        .iter()
        .find(|(f, _)| f == "briefs/far-ahead/index.html")
        .expect("the embargoed brief is rendered");
    assert!(String::from_utf8_lossy(page).contains("Scheduled"));
}

#[test]
fn nothing_is_silently_ignored() {
    let site = Site::from_fixture("misplaced-site");
    let run = site.build_ok(&[]);
    // `.markdown` is read like `.md`.
    assert!(
        site.read("briefs/long-extension/index.html")
            .contains("Long Extension")
    );
    // Markdown in a folder dossier does not read is named, with the likely fix.
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("content/brief/lost-brief.md"))
        .unwrap_or_else(|| panic!("no warning for content/brief/:\n{}", run.stderr));
    assert!(warning.contains("warning"), "{warning}");
    assert!(
        run.stderr.contains("did you mean `content/briefs/`?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/notes.md"), "{}", run.stderr);
    assert!(!site.output_files().contains("briefs/lost-brief/index.html"));
    // An unknown `site.yaml` key is an error naming it, as it always was.
    site.file("site.yaml", "title: Test\nauthr: Someone\n");
    let run = site.build(&[]);
    assert_ne!(run.status, 0);
    assert!(
        run.stderr.contains("did you mean `author`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_without_content_or_briefs_says_so() {
    let site = Site::bare();
    site.file("site.yaml", "title: Empty\n");
    let run = site.build_ok(&[]);
    assert!(
        run.stderr.contains("no `content/` folder"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no briefs found"), "{}", run.stderr);
    let site = Site::from_fixture("embargo-site");
    let run = build_at(&site, "2000-01-01", &[]);
    assert!(
        run.stderr.contains(
            "none of the 2 briefs is published: 0 are drafts and 2 are dated after today"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn aliases_write_redirects_and_removed_pages_are_warned_of() {
    let site = Site::from_fixture("redirect-site");
    site.build_ok(&[]);
    let redirect = site.read("briefs/blinken-call/index.html");
    assert!(
        redirect.contains(
            r#"<meta http-equiv="refresh" content="0; url=../../briefs/blinken-qin-call/">"#
        ),
        "{redirect}"
    );
    assert!(
        redirect.contains(
            r#"<link rel="canonical" href="https://example.org/desk/briefs/blinken-qin-call/">"#
        ),
        "{redirect}"
    );
    // An alias written as a file path gets a folder of its own.
    let deep = site.read("2023/06/blinken-call.html/index.html");
    assert!(
        deep.contains("url=../../../briefs/blinken-qin-call/"),
        "{deep}"
    );
    // Every link of the output resolves under the sub-path.
    let broken = crate::support::broken_links(&site.out(), "/desk/");
    assert!(broken.is_empty(), "{broken:?}");

    // Renaming a file without an alias: the old page disappears, with a warning
    // naming it and the fix; `check` says the same before anything is built.
    std::fs::rename(
        site.path().join("content/briefs/2023-06-20-talks.md"),
        site.path().join("content/briefs/2023-06-20-talks-go-on.md"),
    )
    .unwrap();
    let run = crate::support::run(&["check", site.path().to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.contains("`/briefs/talks/`"), "{}", run.stderr);
    let run = site.build_ok(&[]);
    assert!(
        run.stderr
            .contains("the previous build published `/briefs/talks/`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("aliases: [briefs/talks/]"),
        "{}",
        run.stderr
    );
    // Once the alias is given, nothing is lost and nothing is said.
    site.brief(
        "2023-06-20-talks-go-on",
        "title: Talks Continue\ndate: 2023-06-20\nsource: U.S. Department of State\naliases: [briefs/talks/]\n",
        "Nothing moved.\n",
    );
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        site.read("briefs/talks/index.html")
            .contains("url=../../briefs/talks-go-on/")
    );
}

#[test]
fn an_alias_on_a_page_that_exists_is_an_error() {
    let site = Site::from_fixture("redirect-site");
    site.brief(
        "2023-06-21-other",
        "title: Other\ndate: 2023-06-21\nsource: S\naliases: [briefs/talks/]\n",
        "Body.\n",
    );
    let run = site.build(&[]);
    assert_ne!(run.status, 0);
    assert!(
        run.stderr.contains(
            "the alias `briefs/talks/` is already the page of `content/briefs/2023-06-20-talks.md`"
        ),
        "{}",
        run.stderr
    );
    site.brief(
        "2023-06-21-other",
        "title: Other\ndate: 2023-06-21\nsource: S\naliases: [../outside/]\n",
        "Body.\n",
    );
    let run = site.build(&[]);
    assert_ne!(run.status, 0);
    crate::support::assert_error_at(&run.stderr, "content/briefs/2023-06-21-other.md", 5);
}

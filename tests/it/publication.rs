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
        "title: Other\ndate: 2023-06-21\nsource: S\naliases: [/topics/old-topic/]\n",
        "Body.\n",
    );
    let run = site.build(&[]);
    assert_ne!(run.status, 0);
    assert!(
        run.stderr.contains("inside the section /topics/"),
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

fn publication_site() -> Site {
    Site::from_fixture("publication-site")
}

#[test]
fn authors_have_bylines_citations_and_pages() {
    let site = publication_site();
    site.build_ok(&[]);
    let brief = site.read("briefs/port-fees/index.html");
    // The byline names both, an alias resolved to the registry entry and a name of
    // its own, each linking to their page.
    assert!(
        brief.contains(r#"By <a href="../../authors/ines-okafor/" rel="author">Ines Okafor</a> and <a href="../../authors/lukas-brandt/" rel="author">Lukas Brandt</a>"#),
        "{brief}"
    );
    // Citations name the authors, not the site.
    assert!(
        brief.contains("Okafor, Ines, and Lukas Brandt. “Port Fees Rise Again.” Harbour Desk, February 1, 2024."),
        "{brief}"
    );
    assert!(
        brief.contains(
            "Okafor, I., &amp; Brandt, L. (2024, February 1). Port Fees Rise Again. Harbour Desk."
        ),
        "{brief}"
    );
    // A brief naming no author has the site's default.
    let other = site.read("briefs/dredging/index.html");
    assert!(
        other.contains(r#"rel="author">Harbour Desk editors</a>"#),
        "{other}"
    );
    // Author pages list their briefs; the index lists the authors.
    let page = site.read("authors/ines-okafor/index.html");
    assert!(page.contains("Ines Okafor writes about ports"), "{page}");
    assert!(page.contains(r#"href="../../briefs/port-fees/""#), "{page}");
    assert!(!page.contains("briefs/dredging/"), "{page}");
    let index = site.read("authors/index.html");
    for name in ["Harbour Desk editors", "Ines Okafor", "Lukas Brandt"] {
        assert!(index.contains(name), "{name}: {index}");
    }
    // List entries carry the authors too.
    assert!(
        site.read("briefs/index.html")
            .contains(r#"href="../authors/ines-okafor/""#)
    );
}

#[test]
fn authors_reach_the_brief_contexts() {
    let root = crate::support::fixture_dir("publication-site");
    let compiled =
        dossier::compile(&root, None, dossier::BuildOptions::default()).expect("compiles");
    let renderer = compiled.renderer();
    let page = renderer
        .pages()
        .into_iter()
        .find(|&p| renderer.file(p) == "briefs/port-fees/index.html")
        .expect("the brief's page");
    let context = serde_json::to_value(renderer.context(page)).unwrap();
    let authors = &context["brief"]["authors"];
    assert_eq!(authors[0]["name"], "Ines Okafor");
    assert_eq!(authors[0]["slug"], "ines-okafor");
    assert_eq!(authors[0]["path"], "authors/ines-okafor/");
    assert_eq!(authors[0]["url"], "https://example.org/people/ines-okafor/");
    assert_eq!(authors[1]["url"], serde_json::Value::Null);
    assert_eq!(context["brief"]["image"]["src"], "img/harbour.svg");
    assert_eq!(
        context["older"]["authors"][0]["name"],
        "Harbour Desk editors"
    );
}

#[test]
fn extra_fields_and_images_reach_templates() {
    let site = publication_site();
    site.build_ok(&[]);
    let brief = site.read("briefs/port-fees/index.html");
    assert!(
        brief.contains(r#"<p class="report">Report HD-2024-007 for East Africa notice PA-17</p>"#),
        "{brief}"
    );
    assert!(
        brief.contains(
            r#"<img src="../../img/harbour.svg" alt="A sketch of the harbour entrance">"#
        ),
        "{brief}"
    );
    // Cards show the image too, from their own page's root.
    assert!(
        site.read("index.html")
            .contains(r#"src="./img/harbour.svg" alt="A sketch of the harbour entrance""#)
    );
    let person = site.read("people/amina-yusuf/index.html");
    assert!(
        person.contains(r#"<p class="handle">@amina</p>"#),
        "{person}"
    );
    assert!(
        person.contains(r#"src="https://example.org/portraits/amina.jpg" alt="Amina Yusuf at a press conference""#),
        "{person}"
    );
    assert!(
        site.read("about/index.html")
            .contains(r#"<p class="contact">desk@example.org</p>"#)
    );
    // Every link and image resolves under the site's sub-path.
    let broken = crate::support::broken_links(&site.out(), "/harbour/");
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn standalone_pages_are_written_and_listed_in_the_menu() {
    let site = publication_site();
    site.build_ok(&[]);
    let about = site.read("about/index.html");
    assert!(about.contains("<h1>About the desk</h1>"), "{about}");
    assert!(about.contains("We cover the harbour."), "{about}");
    assert!(site.read("imprint/index.html").contains("Not in the menu."));
    // The menu, by weight, is on every page, linked from each page's root; the
    // page itself is marked current.
    let nav = |html: &str| -> Vec<String> {
        html.lines()
            .filter(|l| {
                l.starts_with("<li><a href=")
                    && (l.contains("about/")
                        || l.contains("corrections/")
                        || l.contains("imprint/"))
            })
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        nav(&site.read("briefs/port-fees/index.html")),
        [
            r#"<li><a href="../../corrections/">Corrections</a></li>"#,
            r#"<li><a href="../../about/">About the desk</a></li>"#,
        ]
    );
    assert_eq!(
        nav(&about),
        [
            r#"<li><a href="../corrections/">Corrections</a></li>"#,
            r#"<li><a href="../about/" aria-current="page">About the desk</a></li>"#,
        ]
    );
    // A page may not take a section's place.
    site.file(
        "content/pages/briefs.md",
        "---\ntitle: Briefs\n---\nMine.\n",
    );
    let run = site.build(&[]);
    assert_ne!(run.status, 0);
    assert!(
        run.stderr
            .contains("the page slug `briefs` is a section of the site"),
        "{}",
        run.stderr
    );
    crate::support::assert_error_at(&run.stderr, "content/pages/briefs.md", 2);
}

#[test]
fn countries_and_series_have_pages_like_topics() {
    let site = publication_site();
    site.build_ok(&[]);
    let kenya = site.read("countries/kenya/index.html");
    // Both spellings are one term, named as first written (newest brief first).
    assert!(kenya.contains("<h1>Kenya</h1>"), "{kenya}");
    assert!(
        kenya.contains(r#"href="../../briefs/port-fees/""#),
        "{kenya}"
    );
    assert!(
        kenya.contains(r#"href="../../briefs/dredging/""#),
        "{kenya}"
    );
    let index = site.read("countries/index.html");
    assert!(
        index.contains(
            r#"<a href="../countries/kenya/">Kenya</a> <span class="count">2 briefs</span>"#
        ),
        "{index}"
    );
    assert!(index.contains("Tanzania"), "{index}");
    let series = site.read("series/harbour-watch/index.html");
    assert!(series.contains("Port Fees Rise Again"), "{series}");
    let brief = site.read("briefs/port-fees/index.html");
    assert!(
        brief.contains(r#"<a href="../../countries/tanzania/">Tanzania</a>"#),
        "{brief}"
    );
    // A site without them has no such pages.
    let plain = Site::from_fixture("embargo-site");
    build_at(&plain, "2030-01-01", &[]);
    assert!(
        !plain
            .output_files()
            .iter()
            .any(|f| f.starts_with("countries/")
                || f.starts_with("series/")
                || f.starts_with("authors/"))
    );
}

//! Links written in brief bodies work at any path: `@/briefs/<file>.md` and
//! relative `.md` links become the brief's URL, root-relative links and images
//! are made relative to the page.

use crate::support::{Site, attrs, broken_links};

fn site() -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: Test Briefings\nbase_url: https://example.org/sub/path/\n",
    )
    .file("static/img/map.png", b"\x89PNG fake")
    .file("static/files/report.pdf", "pdf")
    .file(
        "content/briefs/2023/a.md",
        "---\ntitle: A\ndate: 2023-06-14\nsource: S\n---\n\
         ![map](/img/map.png) [report](/files/report.pdf) [all briefs](/briefs/)\n\n\
         [b by file](@/briefs/2022/b-file.md#details) [b relative](../2022/b-file.md) [home](/)\n",
    )
    .file(
        "content/briefs/2022/b-file.md",
        "---\ntitle: B\ndate: 2022-01-02\nsource: S\nslug: bravo\n---\n## Details\n\nText.\n",
    );
    site
}

#[test]
fn body_links_are_made_relative_to_the_page() {
    let site = site();
    site.build_ok(&[]);
    let html = site.read("briefs/a/index.html");
    let hrefs: Vec<String> = attrs(&html, "href").into_iter().map(|a| a.value).collect();
    let srcs: Vec<String> = attrs(&html, "src").into_iter().map(|a| a.value).collect();
    assert!(srcs.contains(&"../../img/map.png".to_owned()), "{srcs:?}");
    for expected in [
        "../../files/report.pdf",
        "../../briefs/",
        "../../briefs/bravo/#details",
        "../../briefs/bravo/",
        "../../",
    ] {
        assert!(
            hrefs.contains(&expected.to_owned()),
            "no {expected} in {hrefs:?}"
        );
    }
    assert!(!html.contains("@/briefs"), "an @/ link left as written");
    // Every href and src resolves under the sub-path the site is published at.
    let problems = broken_links(&site.out(), "/sub/path/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_renamed_target_changes_the_linking_page_in_a_rebuild() {
    // The same as a full build: the rebuild path is covered at random by the
    // differential test; this is its simplest case, through the library.
    let site = site();
    let mut project = dossier::project::Project::new(site.path(), None, Default::default());
    project
        .rebuild(&dossier::project::Change::Everything)
        .unwrap();
    site.file(
        "content/briefs/2022/b-file.md",
        "---\ntitle: B\ndate: 2022-01-02\nsource: S\nslug: renamed\n---\n## Details\n",
    );
    let update = project
        .rebuild(&dossier::project::Change::Content(vec![
            "content/briefs/2022/b-file.md".into(),
        ]))
        .unwrap();
    let a = update
        .write
        .iter()
        .find(|(name, _)| name == "briefs/a/index.html")
        .expect("the linking page is written again");
    let html = String::from_utf8_lossy(&a.1);
    assert!(html.contains("../../briefs/renamed/#details"), "{html}");
}

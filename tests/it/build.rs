//! Successful builds: the pages written, the links between them, escaping, name
//! resolution, `base_url`, drafts, pagination, `static/` and template overrides.

use std::collections::BTreeSet;

use crate::support::{
    Site, attrs, broken_links, entries, html_files, links_from, links_to, snapshot,
};

/// A site with a people registry (with aliases), a topic registry and three briefs,
/// one of them in a sub-folder, one with its own `slug:` (`tests/fixtures/registry-site`).
fn registry_site() -> Site {
    Site::from_fixture("registry-site")
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Decodes the entities an HTML escaper writes, to see the text a reader sees.
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&amp;", "&")
}

/// The briefs a list page links to, in order: `briefs/<slug>/index.html` links other
/// than the list pages themselves.
fn listed_briefs(out: &std::path::Path, page: &str) -> Vec<String> {
    links_from(out, page)
        .into_iter()
        .filter(|t| {
            t.starts_with("briefs/") && t != "briefs/index.html" && !t.starts_with("briefs/page/")
        })
        .map(|t| {
            t.trim_start_matches("briefs/")
                .trim_end_matches("/index.html")
                .to_owned()
        })
        .collect()
}

#[test]
fn the_page_set_is_exactly_one_page_per_brief_person_topic_and_source() {
    let site = registry_site();
    let run = site.build_ok(&[]);
    // The search index (its own tests look into it) aside, one page per thing.
    let files = site.output_files();
    assert!(files.contains("search/index.js"), "{files:?}");
    assert_eq!(
        files
            .into_iter()
            .filter(|f| !f.starts_with("search/"))
            .collect::<std::collections::BTreeSet<_>>(),
        set(&[
            ".dossier-manifest",
            "404.html",
            "archive/2023/index.html",
            "archive/index.html",
            "briefs/beijing-trip/index.html",
            "briefs/blinken-call/index.html",
            "briefs/index.html",
            "briefs/page/1/index.html",
            "briefs/qin-gang-removed/index.html",
            "copy.js",
            "custom.css",
            "index.html",
            "people/antony-blinken/index.html",
            "people/index.html",
            "people/qin-gang/index.html",
            "people/wang-yi/index.html",
            "search.js",
            "sources/index.html",
            "sources/ministry-of-foreign-affairs-of-the-prc/index.html",
            "sources/u-s-department-of-state/index.html",
            "sources/xinhua/index.html",
            "style.css",
            "topics/diplomacy/index.html",
            "topics/index.html",
            "topics/us-china-relations/index.html",
        ])
    );
    let summary = run.stdout.trim();
    // Every file but the manifest is counted.
    let written = site.output_files().len() - 1;
    assert!(
        summary.starts_with(&format!(
            "built 3 briefs, 3 people, 2 topics, 3 sources: {written} files in "
        )),
        "summary line: {summary}"
    );
    // Then the time and the rate: files over the time, a build under a
    // millisecond counting as one.
    let first = summary.lines().next().unwrap_or_default();
    let timing = first
        .split_once(" files in ")
        .map(|(_, t)| t)
        .unwrap_or_default();
    let (millis, rate) = timing
        .strip_suffix(" pages/s)")
        .and_then(|t| t.split_once(" ms ("))
        .unwrap_or_else(|| panic!("`<ms> ms (<rate> pages/s)` ends the line: {first}"));
    let millis: u128 = millis.parse().expect("milliseconds are a number");
    let rate: u128 = rate.parse().expect("the rate is a number");
    assert_eq!(rate, written as u128 * 1000 / millis.max(1), "{first}");
    // Without `base_url`, one note says what was not written, once.
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines.len(), 2, "a summary line and a note: {summary}");
    assert!(
        lines[1].starts_with("note: no `base_url`") && lines[1].contains("feeds"),
        "{summary}"
    );
}

#[test]
fn every_internal_link_resolves() {
    let site = registry_site();
    site.build_ok(&[]);
    let problems = broken_links(&site.out(), "/");
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    // The checker did look at links, fragments included.
    let from_call = links_from(&site.out(), "briefs/blinken-call/index.html");
    assert!(from_call.contains(&"briefs/beijing-trip/index.html".to_owned()));
    assert!(from_call.contains(&"style.css".to_owned()));
}

#[test]
fn the_link_checker_catches_a_broken_link() {
    // The checker itself must fail on a dangling link and a missing fragment.
    let site = Site::new();
    site.brief(
        "a",
        "title: A\ndate: 2023-01-01\nsource: S\n",
        "[gone](../nowhere/) and [no anchor](../a/#missing)\n",
    );
    site.build_ok(&[]);
    let problems = broken_links(&site.out(), "/");
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].contains("briefs/nowhere/index.html"),
        "{problems:#?}"
    );
    assert!(problems[1].contains("id=\"missing\""), "{problems:#?}");
}

#[test]
fn briefs_and_their_people_topics_and_sources_link_both_ways() {
    let site = registry_site();
    site.build_ok(&[]);
    let out = site.out();
    let expected: &[(&str, &[&str])] = &[
        (
            "blinken-call",
            &[
                "people/antony-blinken",
                "people/qin-gang",
                "topics/us-china-relations",
                "sources/u-s-department-of-state",
            ],
        ),
        (
            "beijing-trip",
            &[
                "people/antony-blinken",
                "people/wang-yi",
                "topics/us-china-relations",
                "topics/diplomacy",
                "sources/u-s-department-of-state",
            ],
        ),
        (
            "qin-gang-removed",
            &[
                "people/qin-gang",
                "topics/diplomacy",
                "sources/xinhua",
                "sources/ministry-of-foreign-affairs-of-the-prc",
            ],
        ),
    ];
    for (brief, pages) in expected {
        let brief_page = format!("briefs/{brief}/index.html");
        for page in *pages {
            let page = format!("{page}/index.html");
            assert!(
                links_to(&out, &brief_page, &page),
                "{brief_page} does not link to {page}"
            );
            assert!(
                links_to(&out, &page, &brief_page),
                "{page} does not link back to {brief_page}"
            );
        }
    }
    // And no page claims a brief it is not part of.
    assert!(!links_to(
        &out,
        "people/wang-yi/index.html",
        "briefs/blinken-call/index.html"
    ));
    assert!(!links_to(
        &out,
        "topics/diplomacy/index.html",
        "briefs/blinken-call/index.html"
    ));
}

#[test]
fn markup_in_names_titles_and_quotes_is_escaped_everywhere() {
    const X: &str = "<script>alert(1)</script>";
    let site = Site::bare();
    site.file(
        "site.yaml",
        format!("title: \"{X} site\"\ndescription: \"{X} description\"\n"),
    )
    .person(
        "registry-person",
        &format!("name: \"{X} Registry\"\naliases: [\"{X} alias\"]\nrole: \"{X} role\"\n"),
        "",
    )
    .topic("registry-topic", &format!("name: \"{X} topic\"\n"), "")
    .brief(
        "evil",
        &format!(
            "title: \"{X} title\"\n\
             date: 2023-06-14\n\
             summary: \"{X} summary\"\n\
             source:\n  name: \"{X} source\"\n  title: \"{X} document\"\n  url: \"https://example.org/?q={X}\"\n\
             people: [\"{X} Person\", \"{X} alias\"]\n\
             topics: [\"{X} topic\", \"{X} other topic\"]\n\
             quotes:\n  - by: \"{X} Person\"\n    text: \"{X} quote\"\n    context: \"{X} context\"\n"
        ),
        &format!("Body text {X} and more.\n"),
    );
    site.build_ok(&[]);
    let files = snapshot(&site.out());
    assert!(files.len() > 10, "pages were written: {:?}", files.keys());
    for (path, bytes) in &files {
        // The theme's own scripts: the copy buttons' and the search script, both
        // fixed files, and JSON-LD, whose JSON has
        // every `<` escaped, so no value can end the element early.
        let text = String::from_utf8_lossy(bytes)
            .to_ascii_lowercase()
            .replacen("<script src=\"../../copy.js\" defer></script>", "", 1);
        let mut rest = text.replace("<script src=\"../../search.js\" defer></script>", "");
        for root in ["./", "../", "/", "../../../", "../../../../"] {
            rest = rest.replace(
                &format!("<script src=\"{root}search.js\" defer></script>"),
                "",
            );
        }
        while let Some(start) = rest.find("<script type=\"application/ld+json\">") {
            let open = start + "<script type=\"application/ld+json\">".len();
            let end = open
                + rest[open..]
                    .find("</script>")
                    .expect("the element is closed");
            let json = &rest[open..end];
            assert!(
                !json.contains('<'),
                "{path}: JSON-LD holds a raw `<`: {json}"
            );
            serde_json::from_str::<serde_json::Value>(json)
                .unwrap_or_else(|e| panic!("{path}: JSON-LD does not parse ({e}): {json}"));
            rest.replace_range(start..end + "</script>".len(), "");
        }
        assert!(
            !rest.contains("<script"),
            "{path} holds a raw <script> tag:\n{text}"
        );
    }
    // The text is shown, escaped, where each value belongs.
    let shows = |page: &str, label: &str| {
        let html = site.read(page);
        assert!(
            unescape(&html).contains(&format!("{X} {label}")),
            "{page} does not show the escaped {label}:\n{html}"
        );
    };
    let brief = "briefs/evil/index.html";
    for label in [
        "title", "summary", "source", "document", "Person", "Registry", "role", "topic", "quote",
        "context", "site",
    ] {
        shows(brief, label);
    }
    let person = "people/script-alert-1-script-person/index.html";
    shows(person, "Person");
    shows(person, "title");
    let registry = "people/registry-person/index.html";
    for label in ["Registry", "alias", "role", "title"] {
        shows(registry, label);
    }
    shows("people/index.html", "Registry");
    shows("topics/registry-topic/index.html", "topic");
    shows(
        "topics/script-alert-1-script-other-topic/index.html",
        "other topic",
    );
    shows("sources/script-alert-1-script-source/index.html", "source");
    shows("sources/index.html", "source");
    shows("index.html", "description");
    shows("briefs/index.html", "title");
    shows("404.html", "site");
}

#[test]
fn aliases_case_and_slugs_meet_on_one_person_page() {
    let site = Site::new();
    site.person(
        "antony-blinken",
        "name: Antony Blinken\naliases: [Mr. Blinken, Secretary Blinken]\n",
        "",
    );
    let spellings = [
        ("a", "Mr. Blinken"),
        ("b", "antony-blinken"),
        ("c", "SECRETARY BLINKEN"),
        ("d", "Antony Blinken"),
    ];
    for (i, (name, spelling)) in spellings.iter().enumerate() {
        site.simple_brief(
            name,
            &format!("Brief {name}"),
            &format!("2023-06-1{i}"),
            &[spelling],
        );
    }
    site.build_ok(&[]);
    let out = site.out();
    assert_eq!(
        entries(&out.join("people")),
        set(&["antony-blinken", "index.html"])
    );
    for (name, _) in spellings {
        let brief = format!("briefs/{name}/index.html");
        assert!(
            links_to(&out, "people/antony-blinken/index.html", &brief),
            "the person page does not list {brief}"
        );
        assert!(links_to(&out, &brief, "people/antony-blinken/index.html"));
    }
    let page = site.read("people/antony-blinken/index.html");
    assert!(page.contains("Briefs (4)"), "{page}");
}

#[test]
fn accented_names_meet_their_ascii_spellings() {
    let site = Site::new();
    site.person(
        "recep-tayyip-erdogan",
        "name: Recep Tayyip Erdoğan\naliases: [Erdogan]\n",
        "",
    )
    .simple_brief("one", "One", "2023-05-01", &["Erdogan"])
    .simple_brief("two", "Two", "2023-05-02", &["recep tayyip erdogan"])
    .simple_brief("three", "Three", "2023-05-03", &["Erdoğan"]);
    site.build_ok(&[]);
    let out = site.out();
    assert_eq!(
        entries(&out.join("people")),
        set(&["index.html", "recep-tayyip-erdogan"])
    );
    let page = "people/recep-tayyip-erdogan/index.html";
    assert!(site.read(page).contains("<h1>Recep Tayyip Erdoğan</h1>"));
    for brief in ["one", "two", "three"] {
        assert!(links_to(&out, page, &format!("briefs/{brief}/index.html")));
    }
}

#[test]
fn a_name_without_a_registry_entry_gets_a_page() {
    let site = Site::new();
    site.simple_brief("one", "One", "2023-05-01", &["Wang Yi", "Zoë Ångström"])
        .simple_brief("two", "Two", "2023-05-02", &["wang yi"]);
    site.build_ok(&[]);
    let out = site.out();
    assert_eq!(
        entries(&out.join("people")),
        set(&["index.html", "wang-yi", "zoe-angstrom"])
    );
    let wang = "people/wang-yi/index.html";
    // Either spelling may head the page; both briefs are on it.
    let heading = site.read(wang).to_lowercase();
    assert!(heading.contains("<h1>wang yi</h1>"), "{heading}");
    assert!(links_to(&out, wang, "briefs/one/index.html"));
    assert!(links_to(&out, wang, "briefs/two/index.html"));
    assert!(
        site.read("people/zoe-angstrom/index.html")
            .contains("<h1>Zoë Ångström</h1>")
    );
    assert!(links_to(
        &out,
        "people/index.html",
        "people/zoe-angstrom/index.html"
    ));
}

#[test]
fn a_sub_path_base_url_gives_canonical_urls_and_relative_links() {
    let site = registry_site();
    site.file(
        "site.yaml",
        "title: Test\nbase_url: https://example.org/briefings/\n",
    );
    site.build_ok(&[]);
    let out = site.out();
    let canonical = |page: &str| -> Vec<String> {
        attrs(&site.read(page), "href")
            .into_iter()
            .filter(|a| a.tag.contains("rel=\"canonical\""))
            .map(|a| a.value)
            .collect()
    };
    assert_eq!(
        canonical("briefs/blinken-call/index.html"),
        ["https://example.org/briefings/briefs/blinken-call/"]
    );
    assert_eq!(canonical("index.html"), ["https://example.org/briefings/"]);
    assert_eq!(
        canonical("people/antony-blinken/index.html"),
        ["https://example.org/briefings/people/antony-blinken/"]
    );
    assert_eq!(
        canonical("briefs/index.html"),
        ["https://example.org/briefings/briefs/"]
    );
    for (page, html) in html_files(&out) {
        for attr in ["href", "src"] {
            for a in attrs(&html, attr) {
                if a.value.contains("example.org") {
                    assert!(
                        a.tag.contains("rel=\"canonical\""),
                        "{page}: absolute internal link {}",
                        a.tag
                    );
                }
                if page == "404.html" {
                    // Served at any depth: its links start from the site's path.
                    if !a.value.starts_with("https://") && !a.value.starts_with("data:") {
                        assert!(
                            a.value.starts_with("/briefings/") || a.value.starts_with('#'),
                            "404.html: link outside the sub-path: {}",
                            a.tag
                        );
                    }
                } else {
                    assert!(
                        !a.value.starts_with('/'),
                        "{page}: root-relative link {}",
                        a.tag
                    );
                }
            }
        }
    }
    let problems = broken_links(&out, "/briefings/");
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_base_url_flag_overrides_site_yaml() {
    let site = registry_site();
    site.file(
        "site.yaml",
        "title: Test\nbase_url: https://example.org/briefings/\n",
    );
    site.build_ok(&["--base-url", "https://news.example.com/"]);
    let page = site.read("briefs/blinken-call/index.html");
    assert!(
        page.contains(
            r#"<link rel="canonical" href="https://news.example.com/briefs/blinken-call/">"#
        ),
        "{page}"
    );
    for (path, html) in html_files(&site.out()) {
        assert!(
            !html.contains("example.org/briefings"),
            "{path} still uses the base_url of site.yaml"
        );
    }
    let not_found = site.read("404.html");
    assert!(not_found.contains(r#"href="/briefs/""#), "{not_found}");
}

#[test]
fn without_a_base_url_no_absolute_urls_are_written() {
    let site = registry_site();
    site.build_ok(&[]);
    for (path, html) in html_files(&site.out()) {
        assert!(!html.contains("rel=\"canonical\""), "{path}");
    }
}

/// A published brief and a draft, both naming a registry person; the draft also
/// names a person, topic and source of its own (`tests/fixtures/drafts-site`).
fn drafts_site() -> Site {
    Site::from_fixture("drafts-site")
}

#[test]
fn drafts_are_left_out_by_default() {
    let site = drafts_site();
    let run = site.build_ok(&[]);
    assert!(
        run.stdout
            .starts_with("built 1 briefs, 1 people, 0 topics, 1 sources"),
        "{}",
        run.stdout
    );
    let files = site.output_files();
    for gone in [
        "briefs/draft-brief/index.html",
        "people/draft-only-person/index.html",
        "topics/secret-topic/index.html",
        "sources/draft-source/index.html",
    ] {
        assert!(!files.contains(gone), "{gone} was written");
    }
    assert!(files.contains("briefs/published/index.html"));
    for (path, html) in html_files(&site.out()) {
        assert!(
            !html.contains("Unfinished draft") && !html.contains("draft-brief"),
            "{path} mentions the draft"
        );
    }
}

#[test]
fn drafts_are_built_with_the_flag() {
    let site = drafts_site();
    let run = site.build_ok(&["--drafts"]);
    assert!(
        run.stdout
            .starts_with("built 2 briefs, 2 people, 1 topics, 2 sources"),
        "{}",
        run.stdout
    );
    let out = site.out();
    let files = site.output_files();
    for present in [
        "briefs/draft-brief/index.html",
        "people/draft-only-person/index.html",
        "topics/secret-topic/index.html",
        "sources/draft-source/index.html",
    ] {
        assert!(files.contains(present), "{present} is missing");
    }
    assert!(links_to(
        &out,
        "people/antony-blinken/index.html",
        "briefs/draft-brief/index.html"
    ));
    assert!(links_to(
        &out,
        "briefs/index.html",
        "briefs/draft-brief/index.html"
    ));
    assert!(site.read("briefs/draft-brief/index.html").contains("Draft"));
}

#[test]
fn the_brief_list_is_paginated_newest_first_and_numbered_from_the_oldest() {
    let site = Site::new();
    site.file("site.yaml", "title: Test\nbriefs_per_page: 2\n");
    // File names sort in the opposite order of the dates.
    for (name, day) in [("e", 1), ("d", 2), ("c", 3), ("b", 4), ("a", 5)] {
        site.simple_brief(
            name,
            &format!("Brief of day {day}"),
            &format!("2023-03-0{day}"),
            &[],
        );
    }
    site.build_ok(&[]);
    let out = site.out();
    let files = site.output_files();
    let lists: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("briefs/index") || f.starts_with("briefs/page/"))
        .collect();
    assert_eq!(
        lists,
        [
            "briefs/index.html",
            "briefs/page/1/index.html",
            "briefs/page/2/index.html",
            "briefs/page/3/index.html"
        ]
    );
    // Page 1 holds the oldest; the newest page holds what is left, and the front
    // page shows it with the page before it, as it is not full.
    assert_eq!(listed_briefs(&out, "briefs/page/1/index.html"), ["d", "e"]);
    assert_eq!(listed_briefs(&out, "briefs/page/2/index.html"), ["b", "c"]);
    assert_eq!(listed_briefs(&out, "briefs/page/3/index.html"), ["a"]);
    assert_eq!(listed_briefs(&out, "briefs/index.html"), ["a", "b", "c"]);
    assert_eq!(listed_briefs(&out, "index.html"), ["a", "b", "c", "d", "e"]);
    // Pages link to their neighbours: older ones by number, newer ones back to
    // the front page once it shows them; the oldest links to no older page.
    assert!(links_to(
        &out,
        "briefs/index.html",
        "briefs/page/1/index.html"
    ));
    assert!(links_to(
        &out,
        "briefs/page/2/index.html",
        "briefs/page/1/index.html"
    ));
    assert!(links_to(
        &out,
        "briefs/page/1/index.html",
        "briefs/page/2/index.html"
    ));
    assert!(
        !site
            .read("briefs/page/1/index.html")
            .contains("rel=\"next\"")
    );
    assert!(!site.read("briefs/index.html").contains("page/4"));
    // A newer brief changes the newest pages only: older pages keep their bytes.
    let before: Vec<String> = ["briefs/page/1/index.html"]
        .iter()
        .map(|f| site.read(f))
        .collect();
    site.simple_brief("z", "Brief of day 6", "2023-03-06", &[]);
    site.build_ok(&[]);
    assert_eq!(site.read("briefs/page/1/index.html"), before[0]);
    assert_eq!(listed_briefs(&out, "briefs/page/3/index.html"), ["z", "a"]);
    assert_eq!(listed_briefs(&out, "briefs/index.html"), ["z", "a"]);
    let problems = broken_links(&out, "/");
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn static_files_are_copied_as_they_are() {
    let site = Site::new();
    let binary: &[u8] = &[0, 159, 146, 150, 255, b'\r', b'\n'];
    site.simple_brief("one", "One", "2023-01-01", &[])
        .file("static/robots.txt", "User-agent: *\n")
        .file("static/img/chart.bin", binary)
        .file("static/style.css", "body { color: red }\n")
        .file("static/notes.txt~", "backup");
    site.build_ok(&[]);
    let out = site.out();
    assert_eq!(site.read("robots.txt"), "User-agent: *\n");
    assert_eq!(std::fs::read(out.join("img/chart.bin")).unwrap(), binary);
    // static/ wins over the theme's own files.
    assert_eq!(site.read("style.css"), "body { color: red }\n");
    let files = site.output_files();
    assert!(!files.contains("notes.txt~"), "{files:?}");
}

#[test]
fn site_templates_override_the_theme() {
    let site = registry_site();
    site.file(
        "templates/brief.html",
        "{% extends \"theme/brief.html\" %}\n\
         {% block content %}<p class=\"marker\">brief override marker</p>\n{{ super() }}{% endblock content %}\n",
    )
    .file(
        "templates/base.html",
        "<!DOCTYPE html>\n<html lang=\"{{ config.language }}\">\n<head><title>{{ title }}</title></head>\n\
         <body>\n<p class=\"marker\">base override marker</p>\n<main id=\"main\">{% block content %}{% endblock content %}</main>\n</body>\n</html>\n",
    );
    site.build_ok(&[]);
    let brief = site.read("briefs/blinken-call/index.html");
    assert!(brief.contains("brief override marker"), "{brief}");
    assert!(brief.contains("base override marker"), "{brief}");
    // The theme's block is still there through super().
    assert!(brief.contains("<h1>Blinken calls Qin"), "{brief}");
    let person = site.read("people/antony-blinken/index.html");
    assert!(person.contains("base override marker"), "{person}");
    assert!(!person.contains("brief override marker"), "{person}");
    for (path, html) in html_files(&site.out()) {
        assert!(
            !html.contains("class=\"site-header\""),
            "{path} still uses the built-in base.html"
        );
    }
}

#[test]
fn a_bom_and_crlf_line_ends_are_accepted() {
    let site = Site::new();
    site.file(
        "content/briefs/windows.md",
        "\u{feff}---\r\ntitle: Written on Windows\r\ndate: 2023-01-01\r\nsource: S\r\npeople: [Qin Gang]\r\n---\r\nFirst paragraph.\r\n\r\n---\r\n\r\nAfter the break.\r\n",
    );
    site.build_ok(&[]);
    let page = site.read("briefs/windows/index.html");
    assert!(page.contains("<h1>Written on Windows</h1>"), "{page}");
    assert!(page.contains("<hr"), "{page}");
    assert!(page.contains("After the break."), "{page}");
    assert!(site.output_files().contains("people/qin-gang/index.html"));
    for (path, html) in html_files(&site.out()) {
        assert!(!html.contains('\u{feff}'), "{path} holds a byte order mark");
        assert!(!html.contains('\r'), "{path} holds a carriage return");
    }
}

#[test]
fn yaml_1_1_booleans_and_octals_stay_names() {
    let site = Site::new();
    site.brief(
        "norway",
        "title: Norway\ndate: 2023-01-01\nsource: S\npeople: [no, on, \"0755\"]\ntopics: [yes, off]\n",
        "",
    );
    site.build_ok(&[]);
    let files = site.output_files();
    for page in [
        "people/no/index.html",
        "people/on/index.html",
        "people/0755/index.html",
        "topics/yes/index.html",
        "topics/off/index.html",
    ] {
        assert!(files.contains(page), "{page} is missing: {files:?}");
    }
    for wrong in ["false", "true", "493"] {
        assert!(
            !files.contains(&format!("people/{wrong}/index.html")),
            "a name became `{wrong}`"
        );
    }
    assert!(site.read("people/no/index.html").contains("<h1>no</h1>"));
}

#[test]
fn a_fence_in_the_body_is_a_thematic_break() {
    let site = Site::new();
    site.brief(
        "fenced",
        "title: Fenced\ndate: 2023-01-01\nsource: S\n",
        "Before the break.\n\n---\n\ntitle: not a key\n\nAfter the break.\n",
    );
    site.build_ok(&[]);
    let page = site.read("briefs/fenced/index.html");
    assert!(page.contains("<h1>Fenced</h1>"), "{page}");
    let body = page
        .split("<div class=\"body\">")
        .nth(1)
        .expect("the body is shown");
    let hr = body.find("<hr").expect("a thematic break");
    assert!(body.find("Before the break.").unwrap() < hr, "{body}");
    assert!(body.find("After the break.").unwrap() > hr, "{body}");
    assert!(body.contains("title: not a key"), "{body}");
}

#[test]
fn non_markdown_and_editor_files_are_ignored() {
    let site = Site::new();
    let garbage = "---\ntitle: [\n\u{0}";
    site.simple_brief("real", "Real", "2023-01-01", &[])
        .file("content/briefs/notes.txt", garbage)
        .file("content/briefs/chart.png", [0x89u8, b'P', b'N', b'G', 0xff])
        .file("content/briefs/.#real.md", garbage)
        .file("content/briefs/real.md~", garbage)
        .file("content/briefs/.real.md.swp", [0u8, 0xff, 0xfe])
        .file("content/briefs/#real.md#", garbage)
        .file("content/briefs/.hidden/inside.md", garbage)
        .file("content/people/.#someone.md", garbage)
        .file("content/topics/topic.md~", garbage);
    let run = site.build_ok(&[]);
    assert!(
        run.stdout
            .starts_with("built 1 briefs, 0 people, 0 topics, 1 sources"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "", "ignored files must not be reported");
    assert_eq!(
        entries(&site.out().join("briefs")),
        set(&["index.html", "page", "real"])
    );
}

#[test]
fn a_second_build_replaces_the_output_completely() {
    let site = Site::new();
    site.simple_brief("first", "First", "2023-01-01", &["Gone Person"]);
    site.build_ok(&[]);
    assert!(
        site.output_files()
            .contains("people/gone-person/index.html")
    );
    site.remove("content/briefs/first.md");
    site.simple_brief("second", "Second", "2023-01-02", &[]);
    site.build_ok(&[]);
    let files = site.output_files();
    assert!(files.contains("briefs/second/index.html"));
    assert!(!files.contains("briefs/first/index.html"), "{files:?}");
    assert!(
        !files.contains("people/gone-person/index.html"),
        "{files:?}"
    );
    assert_eq!(
        entries(site.path()),
        set(&["content", "public", "site.yaml"]),
        "temporary folders were left beside the output"
    );
}

#[test]
fn the_output_folder_can_be_chosen() {
    let site = registry_site();
    let elsewhere = site.scratch().join("elsewhere/www");
    site.build_ok(&["-o", elsewhere.to_str().unwrap()]);
    assert!(!site.out().exists(), "public/ was written too");
    let files = crate::support::list_files(&elsewhere);
    assert!(
        files.contains("briefs/blinken-call/index.html"),
        "{files:?}"
    );
    assert!(broken_links(&elsewhere, "/").is_empty());
}

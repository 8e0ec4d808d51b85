//! Lists of briefs a page at a time: a person's, topic's, source's, author's,
//! term's and year's pages, like `/briefs/`, are numbered from the oldest, so a new
//! brief changes the front page and the newest numbered page only, and no page
//! grows with the archive.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{Site, broken_links, snapshot};

/// Every list of briefs the generated site has, each holding every brief.
const LISTS: [&str; 8] = [
    "briefs/",
    "people/ada-lane/",
    "topics/trade/",
    "sources/wire/",
    "archive/2023/",
    "authors/desk-writer/",
    "countries/chile/",
    "series/weekly/",
];

/// The date of the `i`-th brief (from the oldest, `i < 336`): later for a
/// higher `i`, all in 2023.
fn date(i: usize) -> String {
    format!("2023-{:02}-{:02}", 1 + i / 28, 1 + i % 28)
}

/// Writes the `i`-th brief: everything it lists is in every brief, so each list
/// of [`LISTS`] holds them all.
fn brief(site: &Site, i: usize) {
    site.brief(
        &format!("b{i:03}"),
        &format!(
            "title: \"Brief number {i}\"\ndate: {}\nsource: Wire\npeople: [Ada Lane]\n\
             topics: [Trade]\nauthors: [Desk Writer]\ncountries: [Chile]\nseries: [Weekly]\n",
            date(i)
        ),
        &format!("Ada Lane spoke on trade in brief {i}. A second sentence of the body.\n"),
    );
}

/// A site of `count` briefs, `per` to a page, with feeds and a sitemap.
fn generated(count: usize, per: usize) -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("title: Paging\nbase_url: https://example.org/\nbriefs_per_page: {per}\n"),
    );
    for i in 0..count {
        brief(&site, i);
    }
    site
}

/// The HTML files of the output whose bytes differ between two snapshots (added,
/// removed or changed).
fn changed(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> BTreeSet<String> {
    before
        .keys()
        .chain(after.keys())
        .filter(|f| f.ends_with(".html") && before.get(*f) != after.get(*f))
        .cloned()
        .collect()
}

/// The numbered pages of a list present in the output: `<list>page/<n>/index.html`.
fn numbered(files: &BTreeMap<String, Vec<u8>>, list: &str) -> BTreeSet<usize> {
    files
        .keys()
        .filter_map(|f| f.strip_prefix(list)?.strip_prefix("page/"))
        .filter_map(|rest| rest.strip_suffix("/index.html")?.parse().ok())
        .collect()
}

/// The titles of the briefs a page lists, in order.
fn titles(html: &str) -> Vec<usize> {
    html.match_indices(">Brief number ")
        .filter_map(|(at, m)| {
            let rest = &html[at + m.len()..];
            rest[..rest.find('<')?].parse().ok()
        })
        .collect()
}

#[test]
fn a_newer_brief_changes_only_the_newest_pages_of_each_list() {
    // 22 briefs, 4 to a page: pages 1 to 5 are full, page 6 holds the newest two.
    let site = generated(22, 4);
    site.build_ok(&[]);
    let out = site.out();
    let before = snapshot(&out);
    for list in LISTS {
        assert_eq!(
            numbered(&before, list),
            (1..=6).collect(),
            "{list} has six numbered pages"
        );
        // Page 1 holds the oldest four, newest first.
        let page1 =
            String::from_utf8_lossy(&before[&format!("{list}page/1/index.html")]).into_owned();
        assert_eq!(titles(&page1), [3, 2, 1, 0], "{list}page/1/");
        // The front page shows the newest page and the one before it (not full).
        let front = String::from_utf8_lossy(&before[&format!("{list}index.html")]).into_owned();
        assert_eq!(titles(&front)[..6], [21, 20, 19, 18, 17, 16], "{list}");
        assert!(
            !titles(&front).contains(&15),
            "{list} front page is one page and a bit"
        );
    }
    // A numbered page's sitemap date is its newest brief's, so an older page's
    // date does not move when briefs are added.
    let sitemap = site.read("sitemap.xml");
    for list in LISTS {
        let entry = format!(
            "<loc>https://example.org/{list}page/1/</loc>\n<lastmod>{}</lastmod>",
            date(3)
        );
        assert!(sitemap.contains(&entry), "{entry} in\n{sitemap}");
    }
    let problems = broken_links(&out, "/");
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );

    // A newer brief joins page 6 of every list: nothing older changes.
    brief(&site, 22);
    site.build_ok(&[]);
    let after = snapshot(&out);
    let diff = changed(&before, &after);
    let numbered_changes: BTreeSet<&String> =
        diff.iter().filter(|f| f.contains("/page/")).collect();
    let expected: BTreeSet<String> = LISTS
        .iter()
        .map(|list| format!("{list}page/6/index.html"))
        .collect();
    assert_eq!(
        numbered_changes,
        expected.iter().collect(),
        "only the newest numbered page of each list changes"
    );
    // Besides them: the lists' front pages and the indexes counting briefs, the
    // new brief's page and the brief pages that may show it (newer, related).
    let allowed: BTreeSet<String> = LISTS
        .iter()
        .map(|list| format!("{list}index.html"))
        .chain(
            [
                "index.html",
                "people/index.html",
                "topics/index.html",
                "sources/index.html",
                "archive/index.html",
                "authors/index.html",
                "countries/index.html",
                "series/index.html",
            ]
            .map(String::from),
        )
        .chain(expected)
        .collect();
    let unexpected: Vec<&String> = diff
        .iter()
        .filter(|f| !allowed.contains(*f) && !f.starts_with("briefs/b0"))
        .collect();
    assert!(unexpected.is_empty(), "unexpected changes: {unexpected:?}");
    assert!(
        diff.len() < after.len() / 4,
        "{} of {} files",
        diff.len(),
        after.len()
    );

    // Two more fill page 6 and start page 7: pages 1 to 5 still keep their bytes.
    brief(&site, 23);
    brief(&site, 24);
    site.build_ok(&[]);
    let later = snapshot(&out);
    for list in LISTS {
        assert_eq!(numbered(&later, list), (1..=7).collect(), "{list}");
        for n in 1..=5 {
            let file = format!("{list}page/{n}/index.html");
            assert!(before[&file] == later[&file], "{file} changed");
        }
        let page7 =
            String::from_utf8_lossy(&later[&format!("{list}page/7/index.html")]).into_owned();
        assert_eq!(titles(&page7), [24], "{list}page/7/");
    }

    // Removing it takes page 7 away again, with a warning for the brief's page
    // only: a numbered page is not an address of its own, unlike the list's page.
    site.remove("content/briefs/b024.md");
    let run = site.build_ok(&[]);
    assert!(run.stderr.contains("`/briefs/b024/`"), "{}", run.stderr);
    assert!(!run.stderr.contains("/page/"), "{}", run.stderr);
    for list in LISTS {
        assert_eq!(numbered(&snapshot(&out), list), (1..=6).collect(), "{list}");
    }
}

#[test]
fn a_list_that_fits_one_page_has_no_numbered_pages() {
    let site = generated(3, 4);
    site.build_ok(&[]);
    let files = snapshot(&site.out());
    for list in LISTS.iter().filter(|l| **l != "briefs/") {
        assert!(numbered(&files, list).is_empty(), "{list}");
        let front = String::from_utf8_lossy(&files[&format!("{list}index.html")]).into_owned();
        assert_eq!(titles(&front), [2, 1, 0], "{list}");
        assert!(!front.contains("class=\"pagination\""), "{list}");
    }
}

/// The largest HTML file of a built site: (bytes, path).
fn largest_page(site: &Site) -> (usize, String) {
    snapshot(&site.out())
        .into_iter()
        .filter(|(f, _)| f.ends_with(".html"))
        .map(|(f, bytes)| (bytes.len(), f))
        .max()
        .expect("the site has pages")
}

#[test]
fn no_page_grows_with_the_archive() {
    // 120 briefs in every list, 5 to a page; a front page shows at most 9.
    let per = 5;
    let site = generated(120, per);
    site.build_ok(&[]);
    // The frame of a page (head, navigation, footer), what a page shows beside its
    // list (a person's header and charts), then at most two pages of entries of
    // twice their size here (about 500 bytes).
    let empty = site.read("404.html").len();
    let cap = empty + 10_000 + 2 * per * 1_000;
    let (size, file) = largest_page(&site);
    assert!(size <= cap, "{file} is {size} bytes, over {cap}");
    // The cap is one an unpaginated list breaks: the same site on one page per
    // list has pages over it.
    site.file(
        "site.yaml",
        "title: Paging\nbase_url: https://example.org/\nbriefs_per_page: 1000\n",
    );
    site.build_ok(&[]);
    let (size, file) = largest_page(&site);
    assert!(size > cap, "{file} is {size} bytes, under {cap}");
}

#[test]
fn the_indexes_show_index_per_page_entries_a_page() {
    let site = Site::new();
    site.file("site.yaml", "title: Paging\nindex_per_page: 2\n");
    for (i, name) in ["Ann Avery", "Bo Berg", "Cy Cole", "Di Dunn", "Ed Egan"]
        .iter()
        .enumerate()
    {
        site.simple_brief(&format!("b{i}"), &format!("Brief {i}"), &date(i), &[name]);
    }
    site.build_ok(&[]);
    let files = snapshot(&site.out());
    // The first page is the index itself; pages 2 on are numbered.
    assert_eq!(numbered(&files, "people/"), [2, 3].into());
    let people = |file: &str| -> Vec<String> {
        let html = site.read(file);
        ["Ann Avery", "Bo Berg", "Cy Cole", "Di Dunn", "Ed Egan"]
            .iter()
            .filter(|n| html.contains(&format!(">{n}</a>")))
            .map(|n| (*n).to_owned())
            .collect()
    };
    assert_eq!(people("people/index.html"), ["Ann Avery", "Bo Berg"]);
    assert_eq!(people("people/page/2/index.html"), ["Cy Cole", "Di Dunn"]);
    assert_eq!(people("people/page/3/index.html"), ["Ed Egan"]);
    assert!(crate::support::links_to(
        &site.out(),
        "people/page/2/index.html",
        "people/index.html"
    ));
    assert!(crate::support::links_to(
        &site.out(),
        "people/index.html",
        "people/page/2/index.html"
    ));
    assert!(
        site.read("people/page/3/index.html")
            .contains("<title>People, page 3")
    );
    // One source, under the page size: no numbered page.
    assert!(numbered(&files, "sources/").is_empty());
    let problems = broken_links(&site.out(), "/");
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

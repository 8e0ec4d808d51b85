//! What a published site offers outside its pages: Atom feeds, the sitemap and
//! `robots.txt` (parsed with a real XML parser), JSON-LD, and the search index.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::support::{Site, read_text, run};

/// The sample site's address (its `site.yaml`).
const SAMPLE_BASE: &str = "https://example.org/briefings/";

/// An XML element with its attributes, text and children.
#[derive(Debug, Default, Clone)]
struct Node {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn one<'a>(&'a self, name: &'a str) -> &'a Node {
        let found: Vec<&Node> = self.all(name).collect();
        assert_eq!(found.len(), 1, "one <{name}> in <{}>", self.name);
        found[0]
    }
    fn attr(&self, name: &str) -> &str {
        self.attrs
            .get(name)
            .unwrap_or_else(|| panic!("<{}> has no {name}", self.name))
    }
}

/// Parses a whole document; any error of the parser fails the test.
fn parse(xml: &str, what: &str) -> Node {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    loop {
        let event = reader.read_event().unwrap_or_else(|e| {
            panic!(
                "{what}: not well-formed XML at {}: {e}",
                reader.error_position()
            )
        });
        let element = |e: &quick_xml::events::BytesStart<'_>| Node {
            name: e.name().as_ref().to_owned(),
            attrs: e
                .attributes()
                .map(|a| {
                    let a = a.unwrap_or_else(|e| panic!("{what}: bad attribute: {e}"));
                    (
                        a.key.as_ref().to_owned(),
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap_or_else(|e| panic!("{what}: bad attribute value: {e}"))
                            .into_owned(),
                    )
                })
                .collect(),
            ..Node::default()
        };
        match event {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let node = element(&e);
                stack.last_mut().unwrap().children.push(node);
            }
            Event::End(_) => {
                let node = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(node);
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0)),
            Event::GeneralRef(r) => {
                let name = r.as_ref().to_owned();
                let c = match name.as_str() {
                    "lt" => "<".to_owned(),
                    "gt" => ">".to_owned(),
                    "amp" => "&".to_owned(),
                    "quot" => "\"".to_owned(),
                    "apos" => "'".to_owned(),
                    other => panic!("{what}: unknown entity &{other};"),
                };
                stack.last_mut().unwrap().text.push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "{what}: unclosed elements");
    let mut doc = stack.pop().unwrap();
    assert_eq!(doc.children.len(), 1, "{what}: one root element");
    doc.children.pop().unwrap()
}

/// The output file an absolute URL of the site stands for, if it is one of the
/// site's.
fn page_file(out: &Path, base: &str, url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix(base)?;
    let rest = rest.split('#').next().unwrap_or("");
    if rest.is_empty() || rest.ends_with('/') {
        Some(out.join(rest).join("index.html"))
    } else {
        Some(out.join(rest))
    }
}

/// Builds the sample site at the repository root into a temporary folder.
fn build_sample() -> (tempfile::TempDir, PathBuf) {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let r = run(&["build", root, "--output", out.to_str().unwrap()]);
    assert_eq!(r.status, 0, "the sample site builds:\n{}", r.stderr);
    (dir, out)
}

/// Every `atom.xml` under `out`, relative.
fn feed_files(out: &Path) -> Vec<String> {
    crate::support::list_files(out)
        .into_iter()
        .filter(|f| f.ends_with("atom.xml"))
        .collect()
}

#[test]
fn every_feed_of_the_sample_site_is_atom_with_absolute_links_to_built_pages() {
    let (_dir, out) = build_sample();
    let feeds = feed_files(&out);
    assert!(feeds.contains(&"atom.xml".to_owned()), "{feeds:?}");
    assert!(
        feeds.contains(&"people/antony-blinken/atom.xml".to_owned()),
        "{feeds:?}"
    );
    assert!(
        feeds.contains(&"topics/diplomacy/atom.xml".to_owned()),
        "{feeds:?}"
    );
    assert!(feeds.iter().any(|f| f.starts_with("sources/")), "{feeds:?}");
    let briefs = crate::support::list_files(&out.join("briefs"))
        .into_iter()
        .filter(|f| f.ends_with("/index.html") && !f.starts_with("page/") && f != "index.html")
        // An old path of a brief (`aliases:`) holds a redirect, not a brief.
        .filter(|f| !read_text(&out.join("briefs").join(f)).contains("http-equiv=\"refresh\""))
        .count();
    for file in &feeds {
        let feed = parse(&read_text(&out.join(file)), file);
        assert_eq!(feed.name, "feed");
        assert_eq!(feed.attr("xmlns"), "http://www.w3.org/2005/Atom");
        assert_eq!(feed.one("id").text, format!("{SAMPLE_BASE}{file}"));
        let self_link = feed
            .all("link")
            .find(|l| l.attr("rel") == "self")
            .unwrap_or_else(|| panic!("{file}: no self link"));
        assert_eq!(self_link.attr("href"), format!("{SAMPLE_BASE}{file}"));
        let alternate = feed
            .all("link")
            .find(|l| l.attr("rel") == "alternate")
            .unwrap();
        let page = page_file(&out, SAMPLE_BASE, alternate.attr("href")).unwrap();
        assert!(
            page.is_file(),
            "{file}: the feed's page {} is not built",
            page.display()
        );
        let entries: Vec<&Node> = feed.all("entry").collect();
        assert!(!entries.is_empty(), "{file}: no entries");
        if file == "atom.xml" {
            assert_eq!(
                entries.len(),
                briefs,
                "the site feed holds every brief (fewer than the limit)"
            );
        }
        // Newest first.
        let published: Vec<&str> = entries
            .iter()
            .map(|e| e.one("published").text.as_str())
            .collect();
        let mut sorted = published.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(published, sorted, "{file}: entries are not newest first");
        for e in &entries {
            let id = &e.one("id").text;
            let page = page_file(&out, SAMPLE_BASE, id)
                .unwrap_or_else(|| panic!("{file}: entry id {id} is not a page of the site"));
            assert!(page.is_file(), "{file}: entry {id} is not a built page");
            assert_eq!(e.one("link").attr("href"), id);
            assert!(!e.one("title").text.is_empty());
            assert!(
                !e.one("summary").text.is_empty(),
                "{file}: {id} has no summary"
            );
            // The site's feed carries the full text; the feeds of people, topics
            // and sources summaries and links.
            if file != "atom.xml" {
                assert!(
                    e.all("content").next().is_none(),
                    "{file}: {id} carries its full text"
                );
                continue;
            }
            let content = e.one("content");
            assert_eq!(content.attr("type"), "html");
            assert!(
                content.text.len() > e.one("summary").text.len(),
                "{file}: {id}'s content is not its full text"
            );
            // Links in the content are absolute and those into the site resolve.
            for href in content.text.split("href=\"").skip(1) {
                let href = &href[..href.find('"').unwrap()];
                assert!(
                    href.starts_with("https://")
                        || href.starts_with("http://")
                        || href.starts_with("mailto:"),
                    "{file}: {id} has a relative link {href}"
                );
                if let Some(target) = page_file(&out, SAMPLE_BASE, href) {
                    assert!(
                        target.is_file(),
                        "{file}: {id} links to {href}, which is not built"
                    );
                }
            }
            let updated = &e.one("updated").text;
            assert!(
                updated.as_str() >= e.one("published").text.as_str(),
                "{file}: {id}"
            );
            assert!(e.all("author").all(|a| !a.one("name").text.is_empty()));
            for c in e.all("category") {
                let scheme = c.attr("scheme");
                let topic =
                    page_file(&out, SAMPLE_BASE, &format!("{scheme}{}/", c.attr("term"))).unwrap();
                assert!(
                    topic.starts_with(out.join("topics")),
                    "{file}: category {c:?}"
                );
                assert!(
                    topic.is_file(),
                    "{file}: category {} has no page",
                    c.attr("term")
                );
            }
        }
    }
    // A person's feed holds exactly the briefs their page lists.
    let feed = parse(
        &read_text(&out.join("people/antony-blinken/atom.xml")),
        "blinken",
    );
    let on_page = read_text(&out.join("people/antony-blinken/index.html"));
    for e in feed.all("entry") {
        let path = e.one("id").text.trim_start_matches(SAMPLE_BASE).to_owned();
        assert!(
            on_page.contains(&format!("../../{path}")),
            "{path} is in the feed but not on the page"
        );
    }
}

/// A small site with `n` briefs on consecutive days of 2023 about one person.
fn dated_site(n: usize, extra: &str) -> Site {
    let site = Site::new();
    site.file(
        "site.yaml",
        format!("title: Desk\nbase_url: https://example.net/desk/\n{extra}"),
    );
    site.person(
        "ada-lovelace",
        "name: Ada Lovelace\naliases: [Countess Lovelace]\n",
        "",
    );
    for i in 0..n {
        let day = jiff::civil::date(2023, 1, 1) + jiff::Span::new().days(i as i64);
        site.brief(
            &format!("{day}-brief-{i}"),
            &format!("title: \"Brief number {i}\"\ndate: {day}\nsource: Desk Wire\npeople: [Ada Lovelace]\ntopics: [Engines]\n"),
            &format!("Paragraph {i} on the analytical engine and word{i}.\n"),
        );
    }
    site
}

fn entry_ids(xml: &str) -> Vec<String> {
    parse(xml, "feed")
        .all("entry")
        .map(|e| e.one("id").text.clone())
        .collect()
}

#[test]
fn feed_limit_caps_entries_and_ids_stay_stable_while_a_new_brief_leads() {
    let site = dated_site(8, "feed_limit: 5\n");
    site.build_ok(&[]);
    let first = site.read("atom.xml");
    let ids = entry_ids(&first);
    assert_eq!(ids.len(), 5, "feed_limit caps the entries");
    assert_eq!(ids[0], "https://example.net/desk/briefs/brief-7/");
    assert_eq!(ids[4], "https://example.net/desk/briefs/brief-3/");
    assert_eq!(entry_ids(&site.read("people/ada-lovelace/atom.xml")), ids);
    assert_eq!(entry_ids(&site.read("topics/engines/atom.xml")), ids);
    // The same input: the same bytes.
    site.build_ok(&[]);
    assert_eq!(site.read("atom.xml"), first);
    // A new brief leads every feed it belongs to; the others keep their ids.
    site.brief(
        "2024-01-01-news",
        "title: \"Fresh news\"\ndate: 2024-01-01\nsource: Other Wire\npeople: [Ada Lovelace]\n",
        "New text.\n",
    );
    site.build_ok(&[]);
    let after = entry_ids(&site.read("atom.xml"));
    assert_eq!(after[0], "https://example.net/desk/briefs/news/");
    assert_eq!(after[1..], ids[..4]);
    assert_eq!(
        entry_ids(&site.read("people/ada-lovelace/atom.xml"))[0],
        after[0]
    );
    assert_eq!(
        entry_ids(&site.read("sources/other-wire/atom.xml")),
        [after[0].clone()]
    );
    // The topic feed does not hold it.
    assert_eq!(entry_ids(&site.read("topics/engines/atom.xml")), ids);
}

#[test]
fn without_base_url_no_feed_or_sitemap_is_written_and_pages_do_not_link_them() {
    let site = dated_site(2, "");
    site.file("site.yaml", "title: Desk\n");
    let run = site.build_ok(&[]);
    assert_eq!(
        run.stdout.matches("note: no `base_url`").count(),
        1,
        "{}",
        run.stdout
    );
    let files = site.output_files();
    assert!(
        !files
            .iter()
            .any(|f| f.ends_with(".xml") || f == "robots.txt"),
        "{files:?}"
    );
    assert!(
        files.contains("search/index.js"),
        "search works without base_url"
    );
    let person = site.read("people/ada-lovelace/index.html");
    assert!(!person.contains("atom.xml"), "{person}");
}

#[test]
fn the_sitemap_lists_every_page_with_a_truthful_lastmod_and_robots_points_to_it() {
    let site = dated_site(3, "");
    site.brief(
        "2023-01-02-brief-1",
        "title: \"Brief number 1\"\ndate: 2023-01-02\nupdated: 2023-03-05\nsource: Desk Wire\npeople: [Ada Lovelace]\ntopics: [Engines]\n",
        "Revised.\n",
    );
    site.build_ok(&[]);
    let out = site.out();
    let base = "https://example.net/desk/";
    let sitemap = parse(&site.read("sitemap.xml"), "sitemap.xml");
    assert_eq!(sitemap.name, "urlset");
    let mut locs = BTreeMap::new();
    for url in sitemap.all("url") {
        let loc = url.one("loc").text.clone();
        let file =
            page_file(&out, base, &loc).unwrap_or_else(|| panic!("{loc} is not under {base}"));
        assert!(file.is_file(), "{loc} is not built");
        locs.insert(loc, url.all("lastmod").next().map(|l| l.text.clone()));
    }
    // Every page but the 404 page.
    let pages: BTreeSet<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with("index.html"))
        .map(|f| format!("{base}{}", f.trim_end_matches("index.html")))
        .collect();
    assert_eq!(locs.keys().cloned().collect::<BTreeSet<_>>(), pages);
    let lastmod = |path: &str| locs[&format!("{base}{path}")].clone();
    assert_eq!(lastmod("briefs/brief-0/").as_deref(), Some("2023-01-01"));
    assert_eq!(lastmod("briefs/brief-1/").as_deref(), Some("2023-03-05"));
    assert_eq!(lastmod("briefs/brief-2/").as_deref(), Some("2023-01-03"));
    // A list: its newest change.
    assert_eq!(
        lastmod("people/ada-lovelace/").as_deref(),
        Some("2023-03-05")
    );
    assert_eq!(lastmod("").as_deref(), Some("2023-03-05"));
    let robots = site.read("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.net/desk/sitemap.xml\n"),
        "{robots}"
    );
}

/// The JSON-LD objects of a page.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    let open = "<script type=\"application/ld+json\">";
    let mut out = Vec::new();
    for part in html.split(open).skip(1) {
        let json = &part[..part.find("</script>").expect("closed")];
        match serde_json::from_str(json).expect("JSON-LD parses") {
            serde_json::Value::Array(items) => out.extend(items),
            v => out.push(v),
        }
    }
    out
}

#[test]
fn json_ld_of_a_brief_and_a_person_has_the_schema_org_properties() {
    let (_dir, out) = build_sample();
    let brief = read_text(&out.join("briefs/blinken-qin-call/index.html"));
    let items = json_ld(&brief);
    let article = items
        .iter()
        .find(|i| i["@type"] == "NewsArticle")
        .expect("a NewsArticle");
    assert_eq!(
        article["headline"],
        "Blinken Calls Qin Gang Ahead of Beijing Trip"
    );
    assert_eq!(article["datePublished"], "2023-06-14T00:00:00Z");
    assert!(article["dateModified"].is_string());
    assert_eq!(
        article["url"],
        format!("{SAMPLE_BASE}briefs/blinken-qin-call/")
    );
    assert_eq!(article["publisher"][0]["@type"], "Organization");
    // Credited to its authors (the site's default author here), not its sources.
    assert_eq!(article["author"][0]["@type"], "Person");
    let byline_author = article["author"][0]["name"]
        .as_str()
        .expect("an author's name");
    assert!(
        brief.contains(&format!("rel=\"author\">{byline_author}</a>")),
        "the JSON-LD author {byline_author} is the byline's"
    );
    assert_eq!(
        article["sourceOrganization"][0]["name"],
        "U.S. Department of State"
    );
    let about: Vec<&str> = article["about"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(about.contains(&"Diplomacy"), "{about:?}");
    let mentions = article["mentions"].as_array().unwrap();
    let blinken = mentions
        .iter()
        .find(|m| m["name"] == "Antony Blinken")
        .expect("Blinken is mentioned");
    assert_eq!(blinken["@type"], "Person");
    assert_eq!(
        blinken["url"],
        format!("{SAMPLE_BASE}people/antony-blinken/")
    );
    let crumbs = items
        .iter()
        .find(|i| i["@type"] == "BreadcrumbList")
        .expect("breadcrumbs");
    let list = crumbs["itemListElement"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[2]["item"], article["url"]);

    let person = read_text(&out.join("people/antony-blinken/index.html"));
    let items = json_ld(&person);
    let profile = items
        .iter()
        .find(|i| i["@type"] == "ProfilePage")
        .expect("a ProfilePage");
    let p = &profile["mainEntity"];
    assert_eq!(p["@type"], "Person");
    assert_eq!(p["name"], "Antony Blinken");
    assert!(
        p["alternateName"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Tony Blinken"),
        "{p}"
    );
    assert!(p["jobTitle"].is_string());
    assert_eq!(p["affiliation"]["@type"], "Organization");
    // The meta tags beside it.
    assert!(brief.contains(
        "<meta name=\"citation_title\" content=\"Blinken Calls Qin Gang Ahead of Beijing Trip\">"
    ));
    assert!(brief.contains("<meta name=\"citation_publication_date\" content=\"2023/06/14\">"));
    assert!(brief.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(brief.contains("<meta property=\"article:tag\" content=\"Diplomacy\">"));
    assert!(person.contains("type=\"application/atom+xml\" title=\"China Desk Briefings · Antony Blinken\" href=\"../../people/antony-blinken/atom.xml\""));
    assert!(
        person.contains("<a href=\"../../people/antony-blinken/atom.xml\""),
        "a visible feed link"
    );
}

#[test]
fn a_title_closing_the_script_element_stays_inside_the_json() {
    let site = dated_site(0, "");
    site.brief(
        "2023-05-05-evil",
        "title: \"</script><script>alert(1)</script> & more\"\ndate: 2023-05-05\nsource: Desk Wire\n",
        "Body.\n",
    );
    site.build_ok(&[]);
    let html = site.read("briefs/evil/index.html");
    let items = json_ld(&html);
    assert_eq!(
        items[0]["headline"],
        "</script><script>alert(1)</script> & more"
    );
    assert!(!html.contains("<script>alert"), "{html}");
}

/// The search files of a built site, by name.
fn search_files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    crate::support::snapshot(&out.join("search"))
}

#[test]
fn adding_a_brief_leaves_the_search_files_of_older_briefs_as_they_were() {
    let site = dated_site(70, "");
    site.build_ok(&[]);
    let before = search_files(&site.out());
    assert!(
        before.contains_key("d/0.js") && before.contains_key("d/2.js"),
        "{:?}",
        before.keys()
    );
    site.brief(
        "2024-02-02-newest",
        "title: \"Zebras of Patagonia\"\ndate: 2024-02-02\nsource: Desk Wire\n",
        "Quokkas.\n",
    );
    site.build_ok(&[]);
    let after = search_files(&site.out());
    // Documents 0..63 are in chunks 0 and 1, untouched; the new one joins chunk 2.
    assert_eq!(before["d/0.js"], after["d/0.js"]);
    assert_eq!(before["d/1.js"], after["d/1.js"]);
    assert_ne!(before["d/2.js"], after["d/2.js"]);
    // Word shards of words the new brief lacks keep their bytes.
    assert_eq!(before["t/an.js"], after["t/an.js"]);
    assert_eq!(before["t/en.js"], after["t/en.js"]);
    let zebra = String::from_utf8(after["t/ze.js"].clone()).unwrap();
    assert!(zebra.contains("\"zebras\":[70,1]"), "{zebra}");
    let manifest = String::from_utf8(after["index.js"].clone()).unwrap();
    assert!(manifest.contains("\"n\":71"), "{manifest}");
}

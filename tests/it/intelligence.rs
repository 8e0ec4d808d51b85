//! Briefing intelligence: mention links in brief bodies, "Also mentioned", mention
//! sentences on person and topic pages, quotes by speaker, shared aliases, people
//! seen together, related briefs, the archive, sources, roles held on a brief's
//! date, citations and charts. Each test builds a small site and checks the exact
//! HTML written.

use crate::support::{
    Site, assert_error_at, assert_fails_untouched, assert_mentions, attrs, broken_links,
    is_external, resolve_link, run,
};

/// The text of `html` from the first `start` (included) to the next `end` after it
/// (excluded).
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found in:\n{html}"));
    let len = html[from..]
        .find(end)
        .unwrap_or_else(|| panic!("`{end}` not found after `{start}` in:\n{html}"));
    &html[from..from + len]
}

/// The rendered Markdown body of a brief page.
fn body(html: &str) -> &str {
    let from = html
        .find("<div class=\"body\">")
        .unwrap_or_else(|| panic!("no body in:\n{html}"));
    let rest = &html[from..];
    let end = ["<section class=\"pull-quotes\"", "<section class=\"panel\""]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or_else(|| panic!("no end of body in:\n{html}"));
    &rest[..end]
}

/// A group of a brief page's "In this brief" panel, from its `<h3>` to the end of
/// its list.
fn facts<'a>(html: &'a str, heading: &str) -> &'a str {
    between(html, &format!("<h3>{heading}</h3>"), "</ul>")
}

/// A section of a person or topic page, from the `<h2 id="...">` to its end.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    between(html, &format!("<h2 id=\"{id}\""), "</section>")
}

/// The `href` values of a fragment, in order.
fn hrefs(fragment: &str) -> Vec<String> {
    attrs(fragment, "href")
        .into_iter()
        .map(|a| a.value)
        .collect()
}

/// The brief slugs a fragment links to (`<root>briefs/<slug>/`), in order, once each.
fn brief_links(fragment: &str, root: &str) -> Vec<String> {
    let prefix = format!("{root}briefs/");
    let mut out: Vec<String> = Vec::new();
    for h in hrefs(fragment) {
        if let Some(slug) = h.strip_prefix(&prefix) {
            let slug = slug.trim_end_matches('/').to_owned();
            if !slug.is_empty() && !out.contains(&slug) {
                out.push(slug);
            }
        }
    }
    out
}

fn mention_count(html: &str) -> usize {
    html.matches("class=\"mention\"").count()
}

/// Asserts that every internal link and fragment of the built site resolves.
fn assert_links_resolve(site: &Site, base_path: &str) {
    let problems = broken_links(&site.out(), base_path);
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

fn with_mentions(site: &Site, mode: &str) {
    site.file(
        "site.yaml",
        format!("title: Test Briefings\nmentions: {mode}\n"),
    );
}

/// A registry person with overlapping aliases, and one brief naming him three ways
/// without listing him.
fn blinken_site(mode: Option<&str>) -> Site {
    let site = Site::new();
    if let Some(mode) = mode {
        with_mentions(&site, mode);
    }
    site.person(
        "antony-blinken",
        "name: Antony Blinken\naliases: [Blinken, Secretary Blinken]\nrole: U.S. Secretary of State\n",
        "Secretary of State.\n",
    )
    // A shorter name starting where "Antony Blinken" starts: the longer must win.
    .person("antony-jones", "name: Antony Jones\naliases: [Antony]\n", "")
    .brief(
        "2023-06-18-beijing-talks",
        "title: Beijing talks\ndate: 2023-06-18\nsource: Test Source\npeople: [Wang Yi]\n",
        "Secretary Blinken met Wang Yi in Beijing. Antony Blinken said the talks were candid. \
         Blinken flew home.\n",
    );
    site.build_ok(&[]);
    site
}

const BLINKEN: &str = "<a class=\"mention\" href=\"../../people/antony-blinken/\">";

#[test]
fn overlapping_aliases_link_only_the_first_mention_by_default() {
    let site = blinken_site(None);
    let html = site.read("briefs/beijing-talks/index.html");
    let body = body(&html);
    assert!(
        body.contains(&format!(
            "<p>{BLINKEN}Secretary Blinken</a> met Wang Yi in Beijing. Antony Blinken said \
             the talks were candid. Blinken flew home.</p>"
        )),
        "{body}"
    );
    assert_eq!(mention_count(body), 1, "{body}");
    assert_eq!(
        hrefs(facts(&html, "Also mentioned")),
        ["../../people/antony-blinken/"]
    );
    // The explicit setting gives the same page.
    let first = blinken_site(Some("first"));
    assert_eq!(first.read("briefs/beijing-talks/index.html"), html);
    assert_links_resolve(&site, "/");
}

#[test]
fn mentions_all_links_every_mention_longest_name_first() {
    let site = blinken_site(Some("all"));
    let html = site.read("briefs/beijing-talks/index.html");
    let body = body(&html);
    assert!(
        body.contains(&format!(
            "<p>{BLINKEN}Secretary Blinken</a> met Wang Yi in Beijing. {BLINKEN}Antony Blinken</a> \
             said the talks were candid. {BLINKEN}Blinken</a> flew home.</p>"
        )),
        "{body}"
    );
    assert_eq!(mention_count(body), 3, "{body}");
    // Never split: no link to the shorter alias inside the longer names.
    assert!(!body.contains(&format!("Secretary {BLINKEN}")), "{body}");
    assert!(!body.contains(&format!("Antony {BLINKEN}")), "{body}");
    assert!(!body.contains("people/antony-jones/"), "{body}");
    assert_links_resolve(&site, "/");
}

#[test]
fn mentions_none_links_nothing_but_still_records_the_mention() {
    let site = blinken_site(Some("none"));
    let html = site.read("briefs/beijing-talks/index.html");
    let body = body(&html);
    assert!(
        body.contains(
            "<p>Secretary Blinken met Wang Yi in Beijing. Antony Blinken said the talks were \
             candid. Blinken flew home.</p>"
        ),
        "{body}"
    );
    assert_eq!(mention_count(&html), 0, "{html}");
    // Not linked, but still known: the brief and his page still say so.
    assert_eq!(
        hrefs(facts(&html, "Also mentioned")),
        ["../../people/antony-blinken/"]
    );
    let person = site.read("people/antony-blinken/index.html");
    assert!(
        person.contains("<li class=\"mention\">\n<a href=\"../../briefs/beijing-talks/\">"),
        "{person}"
    );
    assert_links_resolve(&site, "/");
}

#[test]
fn accented_names_match_written_with_or_without_accents_in_any_case() {
    let site = Site::new();
    with_mentions(&site, "all");
    site.person(
        "recep-tayyip-erdogan",
        "name: Recep Tayyip Erdoğan\naliases: [Erdogan]\n",
        "",
    )
    .brief(
        "2023-05-29-election",
        "title: Election in Turkey\ndate: 2023-05-29\nsource: Test Source\n",
        "On Sunday Erdoğan won the runoff. ERDOGAN thanked voters. Recep Tayyip Erdogan spoke last.\n",
    );
    site.build_ok(&[]);
    let html = site.read("briefs/election/index.html");
    let link = "<a class=\"mention\" href=\"../../people/recep-tayyip-erdogan/\">";
    assert!(
        body(&html).contains(&format!(
            "<p>On Sunday {link}Erdoğan</a> won the runoff. {link}ERDOGAN</a> thanked voters. \
             {link}Recep Tayyip Erdogan</a> spoke last.</p>"
        )),
        "{}",
        body(&html)
    );
    assert_eq!(mention_count(body(&html)), 3);
    assert_eq!(
        hrefs(facts(&html, "Also mentioned")),
        ["../../people/recep-tayyip-erdogan/"]
    );
    assert_links_resolve(&site, "/");
}

#[test]
fn names_match_only_on_word_boundaries() {
    let site = Site::new();
    with_mentions(&site, "all");
    site.person("xi-jinping", "name: Xi Jinping\naliases: [Xi]\n", "")
        .brief(
            "2023-03-01-climate",
            "title: Climate envoy\ndate: 2023-03-01\nsource: Test Source\n",
            "Xie Zhenhua and Xinhua reported from Xiamen.\n",
        )
        .brief(
            "2023-03-02-aide",
            "title: An aide speaks\ndate: 2023-03-02\nsource: Test Source\n",
            "Today Xi's aide spoke.\n",
        );
    site.build_ok(&[]);
    let climate = site.read("briefs/climate/index.html");
    assert!(
        body(&climate).contains("<p>Xie Zhenhua and Xinhua reported from Xiamen.</p>"),
        "{}",
        body(&climate)
    );
    assert_eq!(mention_count(&climate), 0);
    assert!(!climate.contains("Also mentioned"), "{climate}");
    let aide = site.read("briefs/aide/index.html");
    assert!(
        body(&aide).contains(
            "<p>Today <a class=\"mention\" href=\"../../people/xi-jinping/\">Xi</a>\u{2019}s aide spoke.</p>"
        ),
        "{}",
        body(&aide)
    );
    // His page lists the possessive mention only.
    let xi = site.read("people/xi-jinping/index.html");
    assert_eq!(
        brief_links(section(&xi, "briefs-heading"), "../../"),
        ["aide"]
    );
    assert_links_resolve(&site, "/");
}

#[test]
fn names_in_code_links_and_headings_are_not_linked() {
    let site = Site::new();
    with_mentions(&site, "all");
    site.person(
        "antony-blinken",
        "name: Antony Blinken\naliases: [Blinken]\n",
        "",
    )
    .brief(
        "2023-06-18-code",
        "title: Code and links\ndate: 2023-06-18\nsource: Test Source\n",
        "## Blinken in Beijing\n\n\
         `Blinken` is a variable.\n\n\
         ```text\nBlinken()\n```\n\n\
         See [Blinken](https://x.org) for more.\n\n\
         Then Blinken spoke.\n",
    );
    site.build_ok(&[]);
    let html = site.read("briefs/code/index.html");
    let body = body(&html);
    assert!(
        body.contains(
            "<h2 id=\"blinken-in-beijing\">Blinken in Beijing <a class=\"anchor\" \
             href=\"#blinken-in-beijing\""
        ),
        "{body}"
    );
    assert!(
        body.contains("<p><code>Blinken</code> is a variable.</p>"),
        "{body}"
    );
    assert!(
        body.contains("<pre><code class=\"language-text\">Blinken()\n</code></pre>"),
        "{body}"
    );
    assert!(
        body.contains("<p>See <a href=\"https://x.org\">Blinken</a> for more.</p>"),
        "{body}"
    );
    assert!(
        body.contains(
            "<p>Then <a class=\"mention\" href=\"../../people/antony-blinken/\">Blinken</a> spoke.</p>"
        ),
        "{body}"
    );
    assert_eq!(mention_count(body), 1, "{body}");
    assert_links_resolve(&site, "/");
}

#[test]
fn names_in_raw_html_blocks_are_not_linked() {
    let site = Site::new();
    with_mentions(&site, "all");
    site.person("antony-blinken", "name: Antony Blinken\n", "")
        .brief(
            "2023-06-18-raw",
            "title: Raw block\ndate: 2023-06-18\nsource: Test Source\n",
            "<div class=\"note\">\nAntony Blinken in a block.\n</div>\n\nNothing else.\n",
        );
    site.build_ok(&[]);
    let html = site.read("briefs/raw/index.html");
    let body = body(&html);
    assert!(
        body.contains("<div class=\"note\">\nAntony Blinken in a block.\n</div>"),
        "{body}"
    );
    assert_eq!(mention_count(&html), 0, "{body}");
    assert_links_resolve(&site, "/");
}

#[test]
fn a_name_inside_a_raw_html_link_keeps_the_writers_link() {
    let site = Site::new();
    with_mentions(&site, "all");
    site.person("antony-blinken", "name: Antony Blinken\n", "")
        .brief(
            "2023-06-18-raw-link",
            "title: Raw link\ndate: 2023-06-18\nsource: Test Source\n",
            "See <a href=\"https://x.org/\">Antony Blinken</a> here.\n",
        );
    site.build_ok(&[]);
    let html = site.read("briefs/raw-link/index.html");
    let body = body(&html);
    // The writer's own link keeps its text; no mention link is nested in it (the
    // sanitizer would split the nested links and leave the writer's link empty).
    assert!(
        body.contains("<a href=\"https://x.org/\" rel=\"noopener noreferrer\">Antony Blinken</a>"),
        "{body}"
    );
    assert_eq!(mention_count(body), 0, "{body}");
    assert_links_resolve(&site, "/");
}

#[test]
fn names_inside_inline_raw_html_elements_are_not_linked() {
    let site = Site::new();
    with_mentions(&site, "all");
    site.person("antony-blinken", "name: Antony Blinken\n", "")
        .brief(
            "2023-06-18-raw-inline",
            "title: Raw inline\ndate: 2023-06-18\nsource: Test Source\n",
            "The <abbr title=\"Secretary of State\">Antony Blinken</abbr> visit ended.\n",
        );
    site.build_ok(&[]);
    let html = site.read("briefs/raw-inline/index.html");
    let body = body(&html);
    assert!(
        body.contains("<abbr title=\"Secretary of State\">Antony Blinken</abbr>"),
        "{body}"
    );
    assert_eq!(mention_count(body), 0, "{body}");
}

#[test]
fn a_quote_speaker_not_listed_joins_the_people_and_their_page_quotes_them() {
    let site = Site::new();
    site.person(
        "antony-blinken",
        "name: Antony Blinken\naliases: [Blinken]\n",
        "",
    )
    .brief(
        "2023-07-08-yellen-in-beijing",
        "title: Yellen in Beijing\n\
         date: 2023-07-08\n\
         source: Test Source\n\
         people: [Antony Blinken]\n\
         quotes:\n\
         \x20 - by: Janet Yellen\n\
         \x20   text: \"De-risk? Yes. Decouple? Absolutely not.\"\n\
         \x20   context: in Beijing\n\
         \x20 - by: Blinken\n\
         \x20   text: We will keep talking.\n",
        "The visit went ahead.\n",
    );
    site.build_ok(&[]);
    let html = site.read("briefs/yellen-in-beijing/index.html");
    // Listed once each: the quoted registry person is not repeated.
    assert_eq!(
        hrefs(facts(&html, "People")),
        ["../../people/antony-blinken/", "../../people/janet-yellen/"]
    );
    assert!(
        html.contains(
            "<figcaption><a href=\"../../people/janet-yellen/\">Janet Yellen</a>, in Beijing</figcaption>"
        ),
        "{html}"
    );
    let yellen = site.read("people/janet-yellen/index.html");
    let words = section(&yellen, "quotes-heading");
    assert!(words.contains(">In their words</h2>"), "{words}");
    assert!(
        words.contains(
            "<blockquote><p>De-risk? Yes. Decouple? Absolutely not.</p></blockquote>\n\
             <figcaption>in Beijing — <a href=\"../../briefs/yellen-in-beijing/\">Yellen in Beijing</a>, \
             <time datetime=\"2023-07-08\">July 8, 2023</time></figcaption>"
        ),
        "{words}"
    );
    assert!(!words.contains("We will keep talking."), "{words}");
    // The speaker's timeline lists the brief.
    assert!(
        yellen.contains("<li class=\"listed\">\n<a href=\"../../briefs/yellen-in-beijing/\">"),
        "{yellen}"
    );
    // A quote by alias lands on the registry person's page.
    let blinken = site.read("people/antony-blinken/index.html");
    let words = section(&blinken, "quotes-heading");
    assert!(
        words.contains(
            "<blockquote><p>We will keep talking.</p></blockquote>\n<figcaption>\
             <a href=\"../../briefs/yellen-in-beijing/\">Yellen in Beijing</a>"
        ),
        "{words}"
    );
    assert!(!words.contains("Decouple"), "{words}");
    assert_links_resolve(&site, "/");
}

/// Two registry people sharing the alias `Secretary`.
fn shared_alias_site() -> Site {
    let site = Site::new();
    with_mentions(&site, "all");
    site.person(
        "antony-blinken",
        "name: Antony Blinken\naliases: [Secretary, Blinken]\n",
        "",
    )
    .person(
        "janet-yellen",
        "name: Janet Yellen\naliases: [Secretary, Yellen]\n",
        "",
    )
    .brief(
        "2023-07-08-press",
        "title: Press day\ndate: 2023-07-08\nsource: Test Source\npeople: [Yellen]\n",
        "The Secretary met the press while Blinken was away.\n",
    );
    site
}

#[test]
fn an_alias_shared_by_two_people_is_not_linked_and_is_warned_about() {
    let site = shared_alias_site();
    let check = run(&["check", site.path().to_str().unwrap()]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    for stderr in [&check.stderr, &site.build_ok(&[]).stderr] {
        let warning = stderr
            .lines()
            .find(|l| l.contains("warning") && l.contains("claimed by more than one person"))
            .unwrap_or_else(|| panic!("no warning about the shared alias:\n{stderr}"));
        assert!(
            warning.contains("content/people/antony-blinken.md")
                && warning.contains("content/people/janet-yellen.md"),
            "the warning must name both files: {warning}"
        );
        assert!(warning.to_lowercase().contains("secretary"), "{warning}");
    }
    let html = site.read("briefs/press/index.html");
    assert!(
        body(&html).contains(
            "<p>The Secretary met the press while \
             <a class=\"mention\" href=\"../../people/antony-blinken/\">Blinken</a> was away.</p>"
        ),
        "{}",
        body(&html)
    );
    assert_eq!(mention_count(&html), 1);
    // Only the unambiguous alias counts as a mention.
    assert_eq!(
        hrefs(facts(&html, "Also mentioned")),
        ["../../people/antony-blinken/"]
    );
    assert_links_resolve(&site, "/");
}

#[test]
fn an_alias_shared_by_two_people_is_an_error_in_front_matter() {
    let site = shared_alias_site();
    site.build_ok(&[]);
    site.brief(
        "ambiguous",
        "title: Who?\ndate: 2023-07-09\nsource: Test Source\npeople: [Secretary]\n",
        "Body.\n",
    );
    let stderr = assert_fails_untouched(&site, &[]);
    assert_error_at(&stderr, "content/briefs/ambiguous.md", 5);
    assert_mentions(&stderr, "`Secretary` could be more than one person");
    assert_mentions(&stderr, "content/people/antony-blinken.md");
    assert_mentions(&stderr, "content/people/janet-yellen.md");
    let check = run(&["check", site.path().to_str().unwrap()]);
    assert_eq!(check.status, 1, "{}", check.stderr);
    assert_error_at(&check.stderr, "content/briefs/ambiguous.md", 5);
}

#[test]
fn people_and_topics_named_only_in_the_text_are_also_mentioned_with_their_sentence() {
    let site = Site::new();
    site.person(
        "antony-blinken",
        "name: Antony Blinken\naliases: [Blinken]\n",
        "",
    )
    .topic(
        "us-china-relations",
        "name: US-China relations\naliases: [U.S.-China relations]\n",
        "",
    )
    .brief(
        "2022-05-26-speech",
        "title: The China speech\ndate: 2022-05-26\nsource: Test Source\npeople: [Antony Blinken]\n",
        "Blinken set out the approach.\n",
    )
    .brief(
        "2023-06-18-wang-yi-in-beijing",
        "title: Wang Yi in Beijing\ndate: 2023-06-18\nsource: Test Source\npeople: [Wang Yi]\n",
        "Talks resumed. On Monday, Antony Blinken met Wang Yi in Beijing. \
         They discussed U.S.-China relations at length.\n",
    );
    site.build_ok(&[]);
    let html = site.read("briefs/wang-yi-in-beijing/index.html");
    assert_eq!(
        facts(&html, "Also mentioned"),
        "<h3>Also mentioned</h3>\n<ul class=\"tag-list\">\n\
         <li><a href=\"../../people/antony-blinken/\">Antony Blinken</a></li>\n"
    );
    assert_eq!(hrefs(facts(&html, "People")), ["../../people/wang-yi/"]);
    // Listed people are not "also" mentioned.
    let speech = site.read("briefs/speech/index.html");
    assert!(!speech.contains("Also mentioned"), "{speech}");

    let person = site.read("people/antony-blinken/index.html");
    let briefs = section(&person, "briefs-heading");
    let y2023 = between(briefs, "<h3 id=\"y2023\">2023</h3>", "</ol>");
    let y2022 = between(briefs, "<h3 id=\"y2022\">2022</h3>", "</ol>");
    assert!(
        briefs.find("id=\"y2023\"") < briefs.find("id=\"y2022\""),
        "years newest first: {briefs}"
    );
    assert!(
        y2023.contains(
            "<li class=\"mention\">\n<a href=\"../../briefs/wang-yi-in-beijing/\">Wang Yi in Beijing</a> \
             <span class=\"meta\"><time datetime=\"2023-06-18T00:00:00Z\">June 18, 2023</time> · mentioned</span>\n\
             <p class=\"context\">On Monday, <mark>Antony Blinken</mark> met Wang Yi in Beijing.</p>"
        ),
        "{y2023}"
    );
    assert!(!y2023.contains("class=\"listed\""), "{y2023}");
    assert!(
        y2022.contains(
            "<li class=\"listed\">\n<a href=\"../../briefs/speech/\">The China speech</a>"
        ),
        "{y2022}"
    );
    assert!(!y2022.contains("class=\"mention\""), "{y2022}");

    let topic = site.read("topics/us-china-relations/index.html");
    let briefs = section(&topic, "briefs-heading");
    assert!(
        briefs.contains(
            "<li class=\"mention\">\n<a href=\"../../briefs/wang-yi-in-beijing/\">Wang Yi in Beijing</a>"
        ),
        "{briefs}"
    );
    assert!(
        briefs.contains(
            "<p class=\"context\">They discussed <mark>U.S.-China relations</mark> at length.</p>"
        ),
        "{briefs}"
    );
    assert_links_resolve(&site, "/");
}

/// Four briefs: Alice and Zed share two, Alice and Bob one; Zed alone in a fourth.
fn together_site() -> Site {
    let site = Site::new();
    site.brief(
        "2023-01-10-one",
        "title: One\ndate: 2023-01-10\nsource: Test Source\npeople: [Alice Ames, Zed Zane]\ntopics: [Trade]\n",
        "One.\n",
    )
    .brief(
        "2023-02-10-two",
        "title: Two\ndate: 2023-02-10\nsource: Test Source\npeople: [Alice Ames, Zed Zane]\ntopics: [Trade]\n",
        "Two.\n",
    )
    .brief(
        "2023-03-10-three",
        "title: Three\ndate: 2023-03-10\nsource: Test Source\npeople: [Alice Ames, Bob Brown]\ntopics: [Energy]\n",
        "Three.\n",
    )
    .brief(
        "2023-04-10-four",
        "title: Four\ndate: 2023-04-10\nsource: Test Source\npeople: [Zed Zane]\ntopics: [Trade]\n",
        "Four.\n",
    );
    site.build_ok(&[]);
    site
}

#[test]
fn a_site_strings_table_translates_charts_and_the_archive() {
    let site = Site::new();
    site.file(
        "templates/strings.yaml",
        "# Only the keys this site changes.\n\
         archive: Archives\n\
         months: [janvier, février, mars, avril, mai, juin, juillet, août, septembre, octobre, novembre, décembre]\n\
         months_short: [janv., févr., mars, avr., mai, juin, juil., août, sept., oct., nov., déc.]\n\
         briefs_one: \"{n} note\"\n\
         briefs_many: \"{n} notes\"\n\
         chart_axis: Notes\n\
         person_activity: \"Notes sur {name}\"\n\
         together_cell: \"{name}, {period} : {briefs} en commun\"\n",
    )
    .brief(
        "2023-01-10-one",
        "title: One\ndate: 2023-01-10\nsource: Test Source\npeople: [Alice Ames, Zed Zane]\n",
        "One.\n",
    )
    .brief(
        "2023-02-10-two",
        "title: Two\ndate: 2023-02-10\nsource: Test Source\npeople: [Alice Ames, Zed Zane]\n",
        "Two.\n",
    )
    .brief(
        "2023-04-10-three",
        "title: Three\ndate: 2023-04-10\nsource: Test Source\npeople: [Alice Ames]\n",
        "Three.\n",
    );
    site.build_ok(&[]);

    let alice = site.read("people/alice-ames/index.html");
    let activity = between(section(&alice, "activity-heading"), "<svg", "</svg>");
    assert!(
        activity.contains("<title>Notes sur Alice Ames</title>"),
        "{activity}"
    );
    assert!(
        activity.contains("<title>janvier 2023: 1 note</title>")
            && activity.contains("<title>mars 2023: 0 notes</title>"),
        "{activity}"
    );
    assert!(
        activity.contains(">mars</text>") && activity.contains(">Notes</text>"),
        "{activity}"
    );
    // Keys the site leaves alone keep the built-in words, with the site's in them.
    assert!(
        activity.contains(
            "<desc>Briefs per month from janvier 2023 to avril 2023; 3 notes in total; \
             peak 1 in janvier 2023, février 2023, avril 2023."
        ),
        "{activity}"
    );
    for english in ["January", "Jan<", " brief<", " briefs<", ">Briefs<"] {
        assert!(!activity.contains(english), "{english} in {activity}");
    }
    let together = between(section(&alice, "together-heading"), "<svg", "</svg>");
    assert!(
        together.contains("<title>Zed Zane, février 2023 : 1 note en commun</title>"),
        "{together}"
    );

    let archive = site.read("archive/index.html");
    assert!(archive.contains("<title>Archives · "), "{archive}");
    let months = between(&archive, "<ul class=\"tag-list\">", "</ul>");
    for (number, name) in [("04", "avril"), ("02", "février"), ("01", "janvier")] {
        assert!(
            months.contains(&format!("#m{number}\">{name}</a>")),
            "{months}"
        );
    }
    assert!(!months.contains("January"), "{months}");
}

#[test]
fn most_often_with_counts_shared_briefs_most_first() {
    let site = together_site();
    let alice = site.read("people/alice-ames/index.html");
    let together = section(&alice, "together-heading");
    let list = between(together, "<ul class=\"tag-list\">", "</ul>");
    assert_eq!(
        list,
        "<ul class=\"tag-list\">\n\
         <li><a href=\"../../people/zed-zane/\">Zed Zane</a> <span class=\"count\">2 shared briefs</span></li>\n\
         <li><a href=\"../../people/bob-brown/\">Bob Brown</a> <span class=\"count\">1 shared brief</span></li>\n"
    );
    let zed = site.read("people/zed-zane/index.html");
    let list = between(
        section(&zed, "together-heading"),
        "<ul class=\"tag-list\">",
        "</ul>",
    );
    assert_eq!(
        list,
        "<ul class=\"tag-list\">\n\
         <li><a href=\"../../people/alice-ames/\">Alice Ames</a> <span class=\"count\">2 shared briefs</span></li>\n"
    );
    assert_links_resolve(&site, "/");
}

#[test]
fn person_topics_and_topic_people_carry_counts_most_first() {
    let site = together_site();
    let alice = site.read("people/alice-ames/index.html");
    assert_eq!(
        between(
            section(&alice, "topics-heading"),
            "<ul class=\"tag-list\">",
            "</ul>"
        ),
        "<ul class=\"tag-list\">\n\
         <li><a href=\"../../topics/trade/\">Trade</a> <span class=\"count\">2</span></li>\n\
         <li><a href=\"../../topics/energy/\">Energy</a> <span class=\"count\">1</span></li>\n"
    );
    let trade = site.read("topics/trade/index.html");
    let people = section(&trade, "people-heading");
    assert!(people.contains(">People most involved</h2>"), "{people}");
    assert_eq!(
        between(people, "<ul class=\"tag-list\">", "</ul>"),
        "<ul class=\"tag-list\">\n\
         <li><a href=\"../../people/zed-zane/\">Zed Zane</a> <span class=\"count\">3</span></li>\n\
         <li><a href=\"../../people/alice-ames/\">Alice Ames</a> <span class=\"count\">2</span></li>\n"
    );
    assert_links_resolve(&site, "/");
}

#[test]
fn person_and_topic_pages_carry_accessible_svg_charts_with_relative_links() {
    let site = together_site();
    let alice = site.read("people/alice-ames/index.html");
    let activity = between(section(&alice, "activity-heading"), "<svg", "</svg>");
    assert!(activity.contains("role=\"img\""), "{activity}");
    assert!(
        activity.contains("<title>Briefs involving Alice Ames over time</title>"),
        "{activity}"
    );
    // Three briefs, one a month from January to March 2023.
    assert!(
        activity.contains("<title>January 2023: 1 brief</title>")
            && activity.contains("<title>March 2023: 1 brief</title>"),
        "{activity}"
    );

    // When Alice shared briefs with whom: Zed in January and February, Bob in
    // March, the columns of her activity chart.
    let together = between(section(&alice, "together-heading"), "<svg", "</svg>");
    assert!(
        together.contains("class=\"chart together-chart\""),
        "{together}"
    );
    assert!(together.contains("role=\"img\""), "{together}");
    assert!(
        together.contains("<title>Who Alice Ames appeared with, and when</title>"),
        "{together}"
    );
    assert!(
        together.contains(
            "from January 2023 to March 2023: Zed Zane, 2 briefs (January 2023: 1, \
             February 2023: 1); Bob Brown, 1 brief (March 2023: 1).</desc>"
        ),
        "{together}"
    );
    for cell in [
        "Zed Zane, January 2023: 1 brief",
        "Zed Zane, February 2023: 1 brief",
        "Bob Brown, March 2023: 1 brief",
    ] {
        assert!(
            together.contains(&format!("<title>{cell}</title>")),
            "{together}"
        );
    }
    assert_eq!(
        together.matches("<g class=\"cell\">").count(),
        3,
        "{together}"
    );
    // Its figures, with each name linked relatively to their page.
    let figures = between(
        section(&alice, "together-heading"),
        "<details class=\"chart-data\">",
        "</details>",
    );
    assert!(
        figures.contains(
            "<tr><td><a href=\"../../people/zed-zane/\">Zed Zane</a></td><td>2</td>\
             <td>January 2023: 1, February 2023: 1</td></tr>"
        ),
        "{figures}"
    );
    let links = hrefs(figures);
    assert_eq!(
        links,
        ["../../people/zed-zane/", "../../people/bob-brown/"],
        "{figures}"
    );
    for link in &links {
        assert!(!link.starts_with('/') && !is_external(link), "{link}");
        let (file, _) = resolve_link("people/alice-ames/index.html", link, "/")
            .unwrap_or_else(|| panic!("{link} leaves the site"));
        assert!(site.out().join(&file).is_file(), "{link} -> {file}");
    }

    let trade = site.read("topics/trade/index.html");
    let activity = between(section(&trade, "activity-heading"), "<svg", "</svg>");
    assert!(activity.contains("role=\"img\""), "{activity}");
    assert!(
        activity.contains("<title>Briefs on Trade over time</title>"),
        "{activity}"
    );
    assert!(
        activity.contains("<title>April 2023: 1 brief</title>"),
        "{activity}"
    );
    assert_links_resolve(&site, "/");
}

/// The slugs of the "Related briefs" section of a brief page, in order.
fn related(site: &Site, slug: &str) -> Vec<String> {
    let html = site.read(&format!("briefs/{slug}/index.html"));
    match html.find("<section class=\"related\"") {
        Some(at) => brief_links(between(&html[at..], "<section", "</section>"), "../../"),
        None => Vec::new(),
    }
}

#[test]
fn related_briefs_rank_rare_people_first_then_nearest_in_time_at_most_five() {
    let site = Site::new();
    let brief = |file: &str, date: &str, people: &str| {
        site.brief(
            file,
            &format!("title: {file}\ndate: {date}\nsource: Test Source\npeople: [{people}]\n"),
            "Body.\n",
        );
    };
    // The target shares a rare person with one brief far away in time, and a
    // common person with six briefs, some much nearer.
    brief("target", "2023-06-15", "Rare Person, Common Person");
    brief("rare", "2023-01-01", "Rare Person");
    brief("c-minus-1-day", "2023-06-14", "Common Person");
    brief("c-plus-5-days", "2023-06-20", "Common Person");
    brief("c-minus-45-days", "2023-05-01", "Common Person");
    brief("c-plus-47-days", "2023-08-01", "Common Person");
    brief("c-minus-196-days", "2022-12-01", "Common Person");
    brief("c-minus-530-days", "2022-01-01", "Common Person");
    brief("unrelated", "2023-06-16", "Someone Else");
    // An archive around them, so that the common person is in an eighth of it:
    // enough to relate briefs (a person in most briefs would relate nothing).
    for i in 0..50 {
        brief(&format!("filler-{i}"), "2020-01-01", &format!("Filler {i}"));
    }
    site.build_ok(&[]);
    // What relates them is said next to each link.
    let target = site.read("briefs/target/index.html");
    assert!(
        target.contains("shares <a href=\"../../people/rare-person/\">Rare Person</a></span>"),
        "{target}"
    );
    assert_eq!(
        related(&site, "target"),
        [
            "rare",
            "c-minus-1-day",
            "c-plus-5-days",
            "c-minus-45-days",
            "c-plus-47-days"
        ]
    );
    // Briefs about the common person alone are most like each other (the target
    // is also about someone else) and tie; the nearest in time come first. The
    // one 530 days back, after eleven months without a brief on the person, is
    // another episode of the story, seen from both sides: the target, less alike
    // but in this episode, takes its place.
    assert_eq!(
        related(&site, "c-minus-45-days"),
        [
            "c-minus-1-day",
            "c-plus-5-days",
            "c-plus-47-days",
            "c-minus-196-days",
            "target"
        ]
    );
    assert_eq!(related(&site, "rare"), ["target"]);
    assert!(related(&site, "unrelated").is_empty());
    assert_links_resolve(&site, "/");
}

#[test]
fn the_archive_groups_briefs_by_year_and_month_newest_first() {
    let site = Site::new();
    let brief = |file: &str, title: &str, date: &str| {
        site.brief(
            file,
            &format!("title: {title}\ndate: {date}\nsource: Test Source\n"),
            "Body.\n",
        );
    };
    brief("spring-22", "Spring 2022", "2022-03-10");
    brief("autumn-22", "Autumn 2022", "2022-11-05");
    brief("jan-a", "January A", "2023-01-15");
    brief("jan-b", "January B", "2023-01-20");
    brief("june", "June", "2023-06-01");
    brief("nye", "New Year's Eve", "2023-12-31");
    site.build_ok(&[]);

    let archive = site.read("archive/index.html");
    let y2023 = archive.find("<h2 id=\"y2023\">").expect("a 2023 section");
    let y2022 = archive.find("<h2 id=\"y2022\">").expect("a 2022 section");
    assert!(y2023 < y2022, "years newest first:\n{archive}");
    assert!(
        archive.contains(
            "<h2 id=\"y2023\"><a href=\"../archive/2023/\">2023</a> <span class=\"count\">4 briefs</span></h2>\n\
             <ul class=\"tag-list\">\n\
             <li><a href=\"../archive/2023/#m12\">December</a> <span class=\"count\">1</span></li>\n\
             <li><a href=\"../archive/2023/#m06\">June</a> <span class=\"count\">1</span></li>\n\
             <li><a href=\"../archive/2023/#m01\">January</a> <span class=\"count\">2</span></li>\n\
             </ul>"
        ),
        "{archive}"
    );
    assert!(
        archive.contains(
            "<h2 id=\"y2022\"><a href=\"../archive/2022/\">2022</a> <span class=\"count\">2 briefs</span></h2>"
        ),
        "{archive}"
    );

    let year = site.read("archive/2023/index.html");
    let order: Vec<usize> = ["m12", "m06", "m01"]
        .iter()
        .map(|m| {
            year.find(&format!("<h2 id=\"{m}\">"))
                .unwrap_or_else(|| panic!("no {m} in:\n{year}"))
        })
        .collect();
    assert!(order.is_sorted(), "months newest first:\n{year}");
    assert_eq!(year.matches("<h2 id=\"m").count(), 3, "{year}");
    let month = |m: &str| {
        brief_links(
            between(&year, &format!("<h2 id=\"{m}\">"), "</section>"),
            "../../",
        )
    };
    assert!(year.contains("<h2 id=\"m12\">December 2023</h2>"), "{year}");
    assert!(year.contains("<h2 id=\"m01\">January 2023</h2>"), "{year}");
    assert_eq!(month("m12"), ["nye"]);
    assert_eq!(month("m06"), ["june"]);
    assert_eq!(month("m01"), ["jan-b", "jan-a"]);
    assert!(
        year.contains(
            "<a rel=\"next\" href=\"../../archive/2022/\"><span class=\"label\">Older</span> 2022</a>"
        ),
        "{year}"
    );

    let old = site.read("archive/2022/index.html");
    assert_eq!(
        brief_links(between(&old, "<h2 id=\"m11\">", "</section>"), "../../"),
        ["autumn-22"]
    );
    assert_eq!(
        brief_links(between(&old, "<h2 id=\"m03\">", "</section>"), "../../"),
        ["spring-22"]
    );
    assert!(
        old.contains(
            "<a rel=\"prev\" href=\"../../archive/2023/\"><span class=\"label\">Newer</span> 2023</a>"
        ),
        "{old}"
    );
    assert!(
        !site.out().join("archive/2021").exists(),
        "no page for a year without briefs"
    );
    assert_links_resolve(&site, "/");
}

#[test]
fn sources_are_listed_with_counts_and_each_has_its_briefs() {
    let site = Site::new();
    site.brief(
        "2023-01-01-a",
        "title: A\ndate: 2023-01-01\nsource: Reuters\n",
        "A.\n",
    )
    .brief(
        "2023-02-01-b",
        "title: B\ndate: 2023-02-01\nsource:\n  - name: Reuters\n  - name: Xinhua\n",
        "B.\n",
    )
    .brief(
        "2023-03-01-c",
        "title: C\ndate: 2023-03-01\nsource:\n  name: Reuters\n  url: https://www.reuters.com/\n",
        "C.\n",
    );
    site.build_ok(&[]);
    let sources = site.read("sources/index.html");
    assert!(
        sources.contains(
            "<li><a href=\"../sources/reuters/\">Reuters</a> <span class=\"count\">3 briefs</span></li>\n\
             <li><a href=\"../sources/xinhua/\">Xinhua</a> <span class=\"count\">1 brief</span></li>"
        ),
        "{sources}"
    );
    let reuters = site.read("sources/reuters/index.html");
    assert!(
        reuters.contains("Briefs citing this source (3)"),
        "{reuters}"
    );
    assert_eq!(brief_links(&reuters, "../../"), ["c", "b", "a"]);
    let xinhua = site.read("sources/xinhua/index.html");
    assert_eq!(brief_links(&xinhua, "../../"), ["b"]);
    assert_links_resolve(&site, "/");
}

#[test]
fn a_brief_shows_the_role_a_person_held_on_its_date() {
    // A deputy from 2015 to 2017, secretary from 2021.
    let site = Site::from_fixture("dated-roles");
    site.simple_brief(
        "2016-02-09-deputy",
        "Deputy in Beijing",
        "2016-02-09",
        &["Antony Blinken"],
    )
    .simple_brief(
        "2017-01-20-last-day",
        "Last day as deputy",
        "2017-01-20",
        &["Antony Blinken"],
    )
    .simple_brief(
        "2023-06-18-secretary",
        "Secretary in Beijing",
        "2023-06-18",
        &["Antony Blinken"],
    );
    site.build_ok(&[]);
    let then = "<li><a href=\"../../people/antony-blinken/\">Antony Blinken</a> <span class=\"role\">\
                then Deputy Secretary of State, U.S. Department of State</span></li>";
    let deputy = site.read("briefs/deputy/index.html");
    assert!(facts(&deputy, "People").contains(then), "{deputy}");
    // A role covers `[from, to)`: on the day it ends, and in the gap before the
    // next office, the history covers no role and none is shown (not today's).
    let last_day = site.read("briefs/last-day/index.html");
    assert!(
        facts(&last_day, "People")
            .contains("<li><a href=\"../../people/antony-blinken/\">Antony Blinken</a></li>"),
        "{last_day}"
    );
    let now = site.read("briefs/secretary/index.html");
    let people = facts(&now, "People");
    assert!(
        people.contains(
            "<li><a href=\"../../people/antony-blinken/\">Antony Blinken</a> <span class=\"role\">\
             U.S. Secretary of State</span></li>"
        ),
        "{people}"
    );
    assert!(!people.contains("then"), "{people}");
    assert_links_resolve(&site, "/");
}

#[test]
fn each_brief_carries_chicago_and_apa_citations_with_its_permalink() {
    let site = Site::new();
    site.file(
        "site.yaml",
        "title: China Desk\nbase_url: https://example.org/briefings/\n",
    );
    site.brief(
        "2023-06-14-blinken-trying-again",
        "title: Blinken Trying Again on China\ndate: 2023-06-14\nsource: Test Source\n",
        "Body.\n",
    )
    .brief(
        "2023-06-15-decouple",
        "title: Decouple?\ndate: 2023-06-15\nsource: Test Source\n",
        "Body.\n",
    );
    site.build_ok(&[]);
    let html = site.read("briefs/blinken-trying-again/index.html");
    let cite = between(&html, "<section class=\"cite\"", "</section>");
    assert!(cite.contains(">Cite this brief</h2>"), "{cite}");
    assert!(
        cite.contains(
            "<p class=\"citation\" id=\"citation-chicago\">China Desk. \u{201c}Blinken Trying Again \
             on China.\u{201d} June 14, 2023. https://example.org/briefings/briefs/blinken-trying-again/</p>"
        ),
        "{cite}"
    );
    assert!(
        cite.contains(
            "<p class=\"citation\" id=\"citation-apa\">China Desk. (2023, June 14). Blinken Trying \
             Again on China. https://example.org/briefings/briefs/blinken-trying-again/</p>"
        ),
        "{cite}"
    );
    let html = site.read("briefs/decouple/index.html");
    let cite = between(&html, "<section class=\"cite\"", "</section>");
    assert!(
        cite.contains(
            "China Desk. \u{201c}Decouple?\u{201d} June 15, 2023. https://example.org/briefings/briefs/decouple/</p>"
        ),
        "{cite}"
    );
    assert!(
        cite.contains(
            "China Desk. (2023, June 15). Decouple? https://example.org/briefings/briefs/decouple/</p>"
        ),
        "{cite}"
    );
    assert_links_resolve(&site, "/briefings/");
}

#[test]
fn counts_agree_between_the_people_index_and_the_person_page() {
    let site = Site::new();
    site.person(
        "antony-blinken",
        "name: Antony Blinken\naliases: [Blinken]\n",
        "",
    )
    .brief(
        "2023-06-18-listed",
        "title: Listed\ndate: 2023-06-18\nsource: Test Source\npeople: [Antony Blinken]\n",
        "Antony Blinken arrived.\n",
    )
    .brief(
        "2023-06-19-named",
        "title: Named\ndate: 2023-06-19\nsource: Test Source\n",
        "Talks went on after Antony Blinken left.\n",
    );
    site.build_ok(&[]);
    let index = site.read("people/index.html");
    assert!(
        index.contains("<span class=\"count\">2 briefs (1 listed, 1 mentioned)</span>"),
        "{index}"
    );
    let page = site.read("people/antony-blinken/index.html");
    assert!(page.contains("Briefs (2)"), "{page}");
    assert_links_resolve(&site, "/");
}

#[test]
fn a_person_page_shows_the_role_on_each_brief_date() {
    let site = Site::from_fixture("dated-roles");
    site.simple_brief(
        "2016-02-09-deputy",
        "Deputy",
        "2016-02-09",
        &["Antony Blinken"],
    )
    .simple_brief("2018-05-01-gap", "Gap", "2018-05-01", &["Antony Blinken"])
    .simple_brief(
        "2023-06-18-secretary",
        "Secretary",
        "2023-06-18",
        &["Antony Blinken"],
    );
    site.build_ok(&[]);
    let page = site.read("people/antony-blinken/index.html");
    let entry = |slug: &str| -> String {
        let at = page
            .find(&format!("href=\"../../briefs/{slug}/\""))
            .unwrap_or_else(|| panic!("{slug} listed:\n{page}"));
        page[at..at + page[at..].find("</span>").expect("a meta span")].to_owned()
    };
    assert!(
        entry("deputy").contains(" · then Deputy Secretary of State"),
        "{}",
        entry("deputy")
    );
    assert!(
        entry("secretary").contains(" · U.S. Secretary of State"),
        "{}",
        entry("secretary")
    );
    // No role covers the gap: none is shown, not today's.
    assert!(!entry("gap").contains(" · "), "{}", entry("gap"));
}

/// A site where "snap election" is an alias of the French topic, listed with
/// Emmanuel Macron by one brief.
fn snap_election_site() -> Site {
    let site = Site::new();
    site.person("emmanuel-macron", "name: Emmanuel Macron\naliases: [Macron]\n", "")
        .person("olaf-scholz", "name: Olaf Scholz\naliases: [Scholz]\n", "")
        .topic(
            "french-snap-election",
            "name: French snap election\naliases: [snap election]\n",
            "",
        )
        .brief(
            "dissolution",
            "title: Dissolution\ndate: 2024-06-09\nsource: S\npeople: [Emmanuel Macron]\ntopics: [French snap election]\n",
            "Macron dissolved the Assembly and called a snap election.\n",
        )
        .brief(
            "berlin",
            "title: Berlin\ndate: 2024-11-07\nsource: S\npeople: [Olaf Scholz]\n",
            "Scholz may face a snap election after the coalition broke up.\n",
        )
        .brief(
            "paris",
            "title: Paris\ndate: 2024-07-08\nsource: S\npeople: [Emmanuel Macron]\n",
            "The snap election left no majority.\n",
        )
        .brief(
            "named",
            "title: Named\ndate: 2024-07-01\nsource: S\n",
            "The French snap election went to a second round. The snap election \
             turnout was high.\n",
        );
    site
}

#[test]
fn a_topics_lower_case_alias_links_only_in_a_brief_about_the_topic() {
    let site = snap_election_site();
    site.build_ok(&[]);
    let link = "href=\"../../topics/french-snap-election/\"";
    let count = |slug: &str| {
        site.read(&format!("briefs/{slug}/index.html"))
            .matches(link)
            .count()
    };
    let body_links = |slug: &str| {
        let html = site.read(&format!("briefs/{slug}/index.html"));
        section_between(&html, "<div class=\"body\">", "</div>")
            .matches(link)
            .count()
    };
    // Lists the topic.
    assert_eq!(body_links("dissolution"), 1);
    // Germany's snap election: neither the topic nor anyone listed with it.
    assert_eq!(body_links("berlin"), 0);
    assert_eq!(count("berlin"), 0, "not mentioned anywhere on the page");
    // Macron is listed with the topic in another brief.
    assert_eq!(body_links("paris"), 1);
    // Named by its full name (only a first mention is linked by default; the
    // matcher's tests show the alias after the name counting as named).
    assert_eq!(body_links("named"), 1);
}

fn section_between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).expect("start marker") + from.len();
    let end = html[start..].find(to).map_or(html.len(), |e| start + e);
    &html[start..end]
}

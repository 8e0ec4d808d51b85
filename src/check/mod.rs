//! `dossier check`: everything a build validates, writing nothing, plus the
//! findings a build does not look for because they cost time or are matters of
//! judgement: links in bodies that point nowhere, names one typo away from a
//! registry name, briefs without a source URL, registry people no brief names,
//! quotes by people the brief does not list, dates in the future, duplicate
//! titles, and (asked for) external links that fail.
//!
//! Every finding is a [`Diagnostic`] with a stable [`Code`], located at
//! the line of the file it concerns.

pub mod external;
mod names;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::Timings;
use crate::content::front_matter::Located;
use crate::content::{BriefDoc, Documents};
use crate::error::{Diagnostic, Error, Severity};
use crate::project::{Compiled, Project};
use crate::render::links::{BriefUrls, LinkTarget, classify, content_key};
use crate::render::markdown::outline;
use crate::site::{BuildOptions, Lookup, Site};

pub use crate::error::Code;
use names::nearest;
pub(crate) use names::{RegistryName, nearest_registry_name, registry_names};

/// What to check beyond the build.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Include briefs marked `draft: true`.
    pub drafts: bool,
    /// Also request every external link of the bodies and sources.
    pub external: bool,
    /// "Today", for dates in the future; `None`: today in the site's time zone.
    pub today: Option<jiff::civil::Date>,
}

/// Checks a site without writing anything. Every finding (the build's warnings
/// and `check`'s own, errors among them) is in the `Ok` value, sorted by file and
/// line; the `Err` holds what stops the site from building at all.
pub fn check(
    site_dir: &Path,
    options: &CheckOptions,
    timings: &mut Timings,
) -> crate::Result<Vec<Diagnostic>> {
    crate::check_site_dir(site_dir)?;
    let mut project = Project::new(
        site_dir,
        None,
        BuildOptions {
            drafts: options.drafts,
            // Embargoed briefs are checked too: they will be published.
            future: true,
        },
    );
    timings.time("read files", || project.reload_everything());
    let compiled = timings.time("resolve and render bodies", || {
        project.compile().map_err(Error::Content)
    })?;
    let renderer = compiled.renderer();
    let pages = renderer.pages();
    // Rendered but not written; the ids of each page are kept for `#anchor` links.
    let ids: std::sync::Mutex<HashMap<String, HashSet<String>>> = Default::default();
    timings.time("render pages", || {
        renderer
            .render_each(&pages, |page| {
                let found = html_ids(&page.html);
                if let Ok(mut ids) = ids.lock() {
                    ids.insert(page.file, found);
                }
                Ok(())
            })
            .map_err(Error::Content)
    })?;
    let ids = ids.into_inner().unwrap_or_default();
    let mut files: HashSet<String> = pages.iter().map(|&p| renderer.file(p)).collect();
    files.extend(compiled.theme.assets.iter().map(|(name, _)| name.clone()));
    files.extend(crate::output::list_files(&site_dir.join("static")));
    // Feeds, the sitemap and the search index are files of the site too.
    files.extend(compiled.site_files().into_iter().map(|(name, _)| name));
    let docs = project.documents();
    let today = options
        .today
        .unwrap_or_else(|| compiled.site.config.today());

    let mut findings: Vec<Diagnostic> = compiled.site.warnings.clone();
    // Pages the last build into `public/` published that a build now would not.
    if let Ok(published) = crate::output::published(&site_dir.join("public")) {
        findings.extend(crate::output::removed_pages(
            &published,
            &compiled.page_files(),
            &site_dir.join("static"),
        ));
    }
    let ctx = Context::new(&compiled, &docs, &files, &ids);
    timings.time("check links and names", || {
        findings.extend(ctx.links());
        findings.extend(ctx.near_names());
        findings.extend(ctx.briefs(today));
        findings.extend(ctx.unreferenced_people());
    });
    if options.external {
        timings.time("check external links", || {
            findings.extend(external::check(
                &ctx.external_links(),
                &external::Limits::default(),
            ));
        });
    }
    findings.sort_by(|a, b| (&a.path, a.location, a.code).cmp(&(&b.path, b.location, b.code)));
    Ok(findings)
}

/// What the checks read: the compiled site, the documents by file, every file of
/// the output.
struct Context<'a> {
    compiled: &'a Compiled,
    docs: HashMap<&'a Path, &'a BriefDoc>,
    files: &'a HashSet<String>,
    /// The `id`s of every HTML page, by output file.
    ids: &'a HashMap<String, HashSet<String>>,
    urls: BriefUrls,
}

/// An external link and where it is written.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    /// The URL.
    pub url: String,
    /// The finding to report if it fails (its message is completed then).
    pub at: Diagnostic,
}

impl<'a> Context<'a> {
    fn new(
        compiled: &'a Compiled,
        docs: &'a Documents,
        files: &'a HashSet<String>,
        ids: &'a HashMap<String, HashSet<String>>,
    ) -> Self {
        Context {
            ids,
            compiled,
            docs: docs
                .briefs
                .iter()
                .map(|d| (d.path.as_path(), &**d))
                .collect(),
            files,
            urls: BriefUrls::new(&compiled.site),
        }
    }

    fn site(&self) -> &Site {
        &self.compiled.site
    }

    /// The briefs of the site (drafts only when asked for) with their documents.
    fn briefs_with_docs(&self) -> impl Iterator<Item = (&crate::site::Brief, &'a BriefDoc)> + '_ {
        self.site()
            .briefs
            .iter()
            .filter_map(|b| Some((&**b, *self.docs.get(b.path.as_path())?)))
    }

    /// The output file a site path (no leading slash) names, if the site has it.
    fn file_of(&self, path: &str) -> Option<String> {
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let path = path.trim_start_matches('/');
        let candidates = if path.is_empty() || path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_owned(), format!("{path}/index.html")]
        };
        candidates.into_iter().find(|f| self.files.contains(f))
    }

    /// Links in bodies to briefs, pages, files and anchors that do not exist.
    fn links(&self) -> Vec<Diagnostic> {
        let site = self.site();
        let config = &site.config.markdown;
        let mut out = Vec::new();
        for (brief, doc) in self.briefs_with_docs() {
            let own_page = format!("briefs/{}/index.html", brief.slug);
            let dir = brief
                .path
                .parent()
                .and_then(content_key)
                .unwrap_or_default();
            for (dest, offset) in outline(&brief.body, config).links {
                let at = |message: String, code: Code| {
                    let (line, column) = body_position(&brief.body, brief.body_line, offset);
                    Diagnostic::error(&brief.path, line, column, message)
                        .with_source(&doc.text)
                        .with_code(code)
                };
                // The output file the link leads to, and the fragment it asks for.
                let (file, fragment): (String, &str) = match classify(&dest, &dir) {
                    LinkTarget::Anchor(id) => (own_page.clone(), id),
                    LinkTarget::External => continue,
                    LinkTarget::Brief { file, fragment } => {
                        match file.as_deref().and_then(|f| self.urls.slug(f)) {
                            Some(slug) => (
                                format!("briefs/{slug}/index.html"),
                                fragment.trim_start_matches('#'),
                            ),
                            None => {
                                let draft = file.as_deref().is_some_and(|f| {
                                    self.docs
                                        .keys()
                                        .any(|p| content_key(p).as_deref() == Some(f))
                                });
                                out.push(at(format!("`{dest}` links to no brief"), Code::LinkBroken).with_help(
                                    match &file {
                                        Some(f) if draft => format!("`content/{f}` is not in this build: is it a draft? (`check --drafts` includes drafts)"),
                                        Some(f) => format!("there is no brief `content/{f}`; write `@/briefs/<file>.md` with the path under content/"),
                                        None => "the path climbs out of content/".to_owned(),
                                    },
                                ));
                                continue;
                            }
                        }
                    }
                    LinkTarget::Root { path, rest } => match self.file_of(path) {
                        Some(file) => (file, rest.split_once('#').map_or("", |(_, f)| f)),
                        None => {
                            out.push(
                                at(format!("`{dest}` links to no page or file of the site"), Code::LinkBroken)
                                    .with_help("a path starting with `/` is read from the site's root: a page such as /briefs/<slug>/, or a file of static/ by its path under static/"),
                            );
                            continue;
                        }
                    },
                    LinkTarget::Relative(rel) => {
                        let (path, rest) = rel.split_at(rel.find(['?', '#']).unwrap_or(rel.len()));
                        match join_url(&format!("briefs/{}", brief.slug), path)
                            .and_then(|p| self.file_of(&p))
                        {
                            Some(file) => (file, rest.split_once('#').map_or("", |(_, f)| f)),
                            None => {
                                out.push(
                                    at(format!("`{dest}` links to no page or file of the site"), Code::LinkBroken)
                                        .with_help(format!("a relative link is read from this brief's page, /briefs/{}/; link another brief as `@/briefs/<file>.md`", brief.slug)),
                                );
                                continue;
                            }
                        }
                    }
                };
                if fragment.is_empty() {
                    continue;
                }
                let Some(ids) = self.ids.get(&file) else {
                    continue; // not a page: a fragment of a file is not ours to check
                };
                let id = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
                if !ids.contains(id.as_ref()) {
                    let mut d = at(
                        format!("`{dest}`: the page has no anchor `#{id}`"),
                        Code::AnchorMissing,
                    );
                    if let Some(near) = nearest(&id, ids.iter().map(String::as_str)) {
                        d = d.with_help(format!("did you mean `#{near}`?"));
                    } else {
                        d = d.with_help("headings are linked by their text as a slug (`## Officials Downplay Trip` is `#officials-downplay-trip`) or their `{#id}`");
                    }
                    out.push(d);
                }
            }
        }
        out
    }

    /// Every external link of the bodies and sources, with where it is written.
    fn external_links(&self) -> Vec<ExternalLink> {
        let config = &self.site().config.markdown;
        let mut out = Vec::new();
        for (brief, doc) in self.briefs_with_docs() {
            for (dest, offset) in outline(&brief.body, config).links {
                if dest.starts_with("http://") || dest.starts_with("https://") {
                    let (line, column) = body_position(&brief.body, brief.body_line, offset);
                    out.push(ExternalLink {
                        at: Diagnostic::warning(&brief.path, line, column, String::new())
                            .with_source(&doc.text)
                            .with_code(Code::LinkExternal),
                        url: dest,
                    });
                }
            }
            for (i, s) in doc.meta.source.0.iter().enumerate() {
                if let Some(url) = &s.url {
                    let mut at = at_key(doc, &["source", &i.to_string(), "url"], String::new())
                        .with_code(Code::LinkExternal);
                    if at.location.is_none() || doc.meta.source.0.len() == 1 {
                        at = at_key(doc, &["source", "url"], String::new())
                            .with_code(Code::LinkExternal);
                    }
                    out.push(ExternalLink {
                        url: url.clone(),
                        at,
                    });
                }
            }
        }
        out
    }

    /// Per brief: no source URL, quotes by people not listed, a date in the
    /// future; across briefs: duplicate titles.
    fn briefs(&self, today: jiff::civil::Date) -> Vec<Diagnostic> {
        let site = self.site();
        let mut out = Vec::new();
        let mut titles: BTreeMap<String, &Path> = BTreeMap::new();
        // Oldest first, so that the later brief is the one told of the earlier.
        let mut ordered: Vec<_> = self.briefs_with_docs().collect();
        ordered.reverse();
        for (brief, doc) in ordered {
            if !brief.citations.is_empty() && brief.citations.iter().all(|c| c.url.is_none()) {
                out.push(
                    warn_at_key(doc, &["source"], "the brief's source has no URL".to_owned(), Code::SourceNoUrl)
                        .with_help("give the source as a map with `url:` (and `name:`), so readers can follow it"),
                );
            }
            let identity = |key: &str| match site.people_registry.lookup_key(key) {
                Lookup::Found(id) => Ok(id),
                _ => Err(key.to_owned()),
            };
            let listed: Vec<_> = doc.keys.people.iter().map(|k| identity(k)).collect();
            for (i, (q, key)) in doc.meta.quotes.iter().zip(&doc.keys.quotes).enumerate() {
                if !listed.contains(&identity(key)) {
                    out.push(
                        at_key_text(
                            doc,
                            &["quotes", &i.to_string(), "by"],
                            Some(q.by.as_str()),
                            format!(
                                "`{}` is quoted but not among the brief's people",
                                q.by.as_str()
                            ),
                        )
                        .with_code(Code::QuoteSpeakerUnlisted)
                        .with_help(format!(
                            "add `{}` to `people:`, or correct the speaker's name",
                            q.by.as_str()
                        )),
                    );
                }
            }
            if brief.date.date > today {
                out.push(
                    warn_at_key(
                        doc,
                        &["date"],
                        format!(
                            "the brief is dated {}, after today ({today})",
                            brief.date.date
                        ),
                        Code::DateFuture,
                    )
                    .with_help("correct the date, or keep the brief as `draft: true` until then"),
                );
            }
            let title_key = brief.title.trim().to_lowercase();
            match titles.get(title_key.as_str()) {
                Some(first) => out.push(
                    warn_at_key(
                        doc,
                        &["title"],
                        format!("the title `{}` is also the title of `{}`", brief.title, first.display()),
                        Code::TitleDuplicate,
                    )
                    .with_help("give each brief its own title, so lists and search results tell them apart"),
                ),
                None => {
                    titles.insert(title_key, &brief.path);
                }
            }
        }
        out
    }

    /// Registry people whom no brief lists, quotes or mentions.
    fn unreferenced_people(&self) -> Vec<Diagnostic> {
        let site = self.site();
        let mentioned: HashSet<crate::mentions::Target> = self
            .compiled
            .bodies
            .iter()
            .flat_map(|b| b.mentions.iter().map(|m| m.target))
            .collect();
        site.people
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let path = p.path.as_ref()?;
                let id = crate::site::PersonId::new(i);
                (p.briefs.is_empty() && !mentioned.contains(&crate::mentions::Target::Person(id)))
                    .then(|| {
                        Diagnostic::file_warning(
                            path,
                            format!("no brief names or mentions {}", p.name),
                        )
                        .with_code(Code::PersonUnreferenced)
                        .with_help("name them in a brief's `people:` or body, or remove the file")
                    })
            })
            .collect()
    }
}

/// A warning at the value of `key_path` in a brief's front matter.
fn warn_at_key(doc: &BriefDoc, key_path: &[&str], message: String, code: Code) -> Diagnostic {
    at_key(doc, key_path, message).with_code(code)
}

/// A warning at the value of `key_path`, or at the nearest key above it that can
/// be found (a flow list `[A, B]` has no line per item: there the item is looked
/// for by its text, `needle`, on the key's line).
fn at_key(doc: &BriefDoc, key_path: &[&str], message: String) -> Diagnostic {
    at_key_text(doc, key_path, None, message)
}

fn at_key_text(
    doc: &BriefDoc,
    key_path: &[&str],
    needle: Option<&str>,
    message: String,
) -> Diagnostic {
    use crate::content::front_matter::key_position;
    let at = Located {
        path: &doc.path,
        text: &doc.text,
        first_line: 2,
    };
    let (line, column) = (1..=key_path.len())
        .rev()
        .find_map(|n| {
            let (line, column) = key_position(&doc.yaml, &key_path[..n])?;
            if n == key_path.len() {
                return Some((line, column));
            }
            let text = doc.yaml.lines().nth(line - 1)?;
            let column = needle
                .and_then(|w| text.find(w))
                .map_or(column, |b| text[..b].chars().count() + 1);
            Some((line, column))
        })
        .unwrap_or((1, 1));
    let mut d = at.error(line, column, message);
    d.severity = Severity::Warning;
    d
}

/// The values of the `id` attributes of an HTML page (our own markup: attributes
/// double-quoted, `&`, `<` and `"` escaped).
fn html_ids(html: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        let Some(end) = rest.find('"') else { break };
        out.insert(
            rest[..end]
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#x27;", "'")
                .replace("&amp;", "&"),
        );
        rest = &rest[end..];
    }
    out
}

/// The 1-based line and column in the file of byte `offset` of a body that
/// starts at line `body_line`.
fn body_position(body: &str, body_line: usize, offset: usize) -> (usize, usize) {
    let before = &body[..offset.min(body.len())];
    let line = body_line + before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// `path` read from the URL folder `dir` (no leading or trailing slash), as a
/// browser would; `None` when it climbs above the site root.
fn join_url(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if path.is_empty() || path.ends_with('/') || path.ends_with("/.") || path.ends_with("..") {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::names::is_near;
    use super::*;

    #[test]
    fn typos_are_near_and_other_names_are_not() {
        assert!(is_near(1, "anthony-blinken", "antony-blinken"));
        assert!(is_near(1, "zelensky", "zelenskyy"));
        assert!(!is_near(2, "qin", "xi"));
        assert!(!is_near(0, "same", "same"));
    }

    #[test]
    fn relative_urls_are_read_from_the_page() {
        assert_eq!(join_url("briefs/a", "../b/").as_deref(), Some("briefs/b/"));
        assert_eq!(
            join_url("briefs/a", "../../people/x/").as_deref(),
            Some("people/x/")
        );
        assert_eq!(join_url("briefs/a", "../../../x/"), None);
        assert_eq!(
            join_url("briefs/a", "img.png").as_deref(),
            Some("briefs/a/img.png")
        );
    }

    #[test]
    fn ids_are_read_from_pages() {
        let ids = html_ids("<h2 id=\"a-b\">x</h2><p data-id=\"no\"><a id=\"q&amp;a\">");
        assert_eq!(ids, HashSet::from(["a-b".to_owned(), "q&a".to_owned()]));
    }

    #[test]
    fn body_offsets_become_file_positions() {
        assert_eq!(body_position("ab\ncd [x]", 7, 6), (8, 4));
        assert_eq!(body_position("[x]", 5, 0), (5, 1));
    }
}

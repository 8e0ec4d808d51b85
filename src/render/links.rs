//! Links between pages written in brief bodies, made relative to the page that
//! shows them so that a site works at any path (a sub-path `base_url`, `serve`):
//!
//! - `@/briefs/<file>.md` (the file under `content/`, with an optional `#anchor`)
//!   becomes the brief's URL;
//! - a relative link to a Markdown file (`other.md`, `../2022/x.md`) is read
//!   against the linking brief's folder and becomes that brief's URL;
//! - a root-relative link or image (`/img/map.png`, `/briefs/other/`) is a path
//!   from the site root (never the server root) and gets the page's `root`.
//!
//! Everything else (external links, `#anchors`, links already relative to the
//! page) is left as written. A link to a brief that does not exist is left as
//! written too; `check` reports it.

use ahash::AHashMap as HashMap;
use pulldown_cmark::CowStr;
use rayon::prelude::*;

use crate::render::markdown::Destinations;
use crate::site::Site;

/// The slug of every brief of a site by its file under `content/`
/// (`briefs/2023/a.md`), the key `@/` links use. Made once per resolved site.
#[derive(Debug, Default)]
pub struct BriefUrls {
    slugs: HashMap<String, String>,
}

impl BriefUrls {
    /// The briefs of `site`.
    pub fn new(site: &Site) -> BriefUrls {
        BriefUrls {
            // `serve` makes it again after each edit: the keys are made in parallel.
            slugs: site
                .briefs
                .par_iter()
                .filter_map(|b| Some((content_key(&b.path)?, b.slug.clone())))
                .collect::<Vec<_>>()
                .into_iter()
                .collect(),
        }
    }

    /// The slug of the brief in `file` (relative to `content/`).
    pub fn slug(&self, file: &str) -> Option<&str> {
        self.slugs.get(file).map(String::as_str)
    }
}

/// A file's path relative to `content/`, with `/` separators: the form `@/` links
/// and [`BriefUrls`] use. `None` for a path outside `content/` or not UTF-8.
pub fn content_key(path: &std::path::Path) -> Option<String> {
    // The usual path, already in that form, without taking it apart.
    if std::path::MAIN_SEPARATOR == '/'
        && let Some(rest) = path.to_str().and_then(|p| p.strip_prefix("content/"))
        && rest.split('/').all(|part| !part.is_empty() && part != ".")
    {
        return Some(rest.to_owned());
    }
    let rest = path.strip_prefix("content").ok()?;
    let parts: Option<Vec<&str>> = rest.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// What a link destination of a body points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget<'a> {
    /// A brief by its file under `content/` (normalised), and the fragment
    /// (`#...`, or empty) after it.
    Brief {
        /// `briefs/2023/a.md`; `None` when `..` climbs out of `content/`.
        file: Option<String>,
        /// `#anchor`, or empty.
        fragment: &'a str,
    },
    /// A path from the site root (no leading slash), with what follows it (`?`,
    /// `#`), written root-relative.
    Root {
        /// `img/map.png`, `briefs/other/`.
        path: &'a str,
        /// `?query#fragment`, or empty.
        rest: &'a str,
    },
    /// A path relative to the page, left as written.
    Relative(&'a str),
    /// An anchor on the same page: the id, without `#`.
    Anchor(&'a str),
    /// A URL with a scheme or host (`https://`, `mailto:`, `//host/`).
    External,
}

/// Classifies `dest`, written in the body of the brief in `dir` (its folder
/// relative to `content/`, `briefs/2023`).
pub fn classify<'a>(dest: &'a str, dir: &str) -> LinkTarget<'a> {
    if let Some(id) = dest.strip_prefix('#') {
        return LinkTarget::Anchor(id);
    }
    if let Some(rest) = dest.strip_prefix("@/") {
        let (path, fragment) = split_at_any(rest, "#");
        return LinkTarget::Brief {
            file: normalise("", path),
            fragment,
        };
    }
    if dest.starts_with("//") || has_scheme(dest) {
        return LinkTarget::External;
    }
    if let Some(rest) = dest.strip_prefix('/') {
        let (path, rest) = split_at_any(rest, "?#");
        return LinkTarget::Root { path, rest };
    }
    let (path, fragment) = split_at_any(dest, "?#");
    if path.ends_with(".md") || path.ends_with(".markdown") {
        return LinkTarget::Brief {
            file: normalise(dir, path),
            fragment: fragment.strip_prefix('?').map_or(fragment, |_| ""),
        };
    }
    LinkTarget::Relative(dest)
}

/// `s` split before the first of `chars` (the second part keeps that character).
fn split_at_any<'a>(s: &'a str, chars: &str) -> (&'a str, &'a str) {
    match s.find(|c| chars.contains(c)) {
        Some(i) => s.split_at(i),
        None => (s, ""),
    }
}

/// Whether `dest` starts with a URL scheme (`https:`, `mailto:`).
pub(crate) fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `path` read from folder `dir`, with `.` and `..` resolved; `None` when it climbs
/// above the root. Percent-escapes of spaces are decoded, as editors write them.
fn normalise(dir: &str, path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// What a rendered body's links to briefs resolved to: each brief file it names and
/// the slug it had (`None`: no such brief). A cached body stays valid while every
/// one of them resolves the same.
pub type LinkDeps = Vec<(String, Option<String>)>;

/// Whether every link of a body rendered earlier still resolves as it did.
pub fn deps_hold(deps: &LinkDeps, urls: &BriefUrls) -> bool {
    deps.iter()
        .all(|(file, slug)| urls.slug(file) == slug.as_deref())
}

/// The [`Destinations`] of one brief body: rewrites its links as the module says
/// and records what links to briefs resolved to.
pub struct BodyLinks<'u> {
    urls: &'u BriefUrls,
    dir: String,
    root: &'static str,
    /// What links to briefs resolved to so far.
    pub deps: LinkDeps,
}

impl<'u> BodyLinks<'u> {
    /// The links of the brief in `path` (relative to the site folder), shown on a
    /// page whose way back to the site root is `root`.
    pub fn new(urls: &'u BriefUrls, path: &std::path::Path, root: &'static str) -> BodyLinks<'u> {
        let dir = path.parent().and_then(content_key).unwrap_or_default();
        BodyLinks {
            urls,
            dir,
            root,
            deps: Vec::new(),
        }
    }
}

impl Destinations for BodyLinks<'_> {
    fn rewrite<'a>(&mut self, dest: CowStr<'a>) -> CowStr<'a> {
        let new = match classify(&dest, &self.dir) {
            LinkTarget::Brief { file, fragment } => {
                let slug = file
                    .as_deref()
                    .and_then(|f| self.urls.slug(f))
                    .map(str::to_owned);
                if let Some(file) = file {
                    self.deps.push((file, slug.clone()));
                }
                match slug {
                    Some(slug) => format!("{}briefs/{slug}/{fragment}", self.root),
                    None => return dest,
                }
            }
            LinkTarget::Root { path, rest } => format!("{}{path}{rest}", self.root),
            _ => return dest,
        };
        CowStr::from(new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_keys_are_paths_under_content_with_slashes() {
        let key = |p: &str| content_key(std::path::Path::new(p));
        assert_eq!(
            key("content/briefs/2023/a.md").as_deref(),
            Some("briefs/2023/a.md")
        );
        // Paths not already in that form give the same key.
        assert_eq!(
            key("content//briefs/./a.md").as_deref(),
            Some("briefs/a.md")
        );
        assert_eq!(key("content/briefs/").as_deref(), Some("briefs"));
        assert_eq!(key("content").as_deref(), Some(""));
        assert_eq!(key("contents/a.md"), None);
        assert_eq!(key("static/a.md"), None);
    }

    #[test]
    fn destinations_are_classified() {
        let dir = "briefs/2023";
        assert_eq!(
            classify("@/briefs/2022/a.md#x", dir),
            LinkTarget::Brief {
                file: Some("briefs/2022/a.md".into()),
                fragment: "#x"
            }
        );
        assert_eq!(
            classify("../2022/a%20b.md", dir),
            LinkTarget::Brief {
                file: Some("briefs/2022/a b.md".into()),
                fragment: ""
            }
        );
        assert_eq!(
            classify("../../../x.md", dir),
            LinkTarget::Brief {
                file: None,
                fragment: ""
            }
        );
        assert_eq!(
            classify("/img/map.png?v=1", dir),
            LinkTarget::Root {
                path: "img/map.png",
                rest: "?v=1"
            }
        );
        assert_eq!(classify("#top", dir), LinkTarget::Anchor("top"));
        assert_eq!(classify("https://x.org/a.md", dir), LinkTarget::External);
        assert_eq!(classify("mailto:a@b.org", dir), LinkTarget::External);
        assert_eq!(classify("//cdn.example/x.png", dir), LinkTarget::External);
        assert_eq!(
            classify("../other/", dir),
            LinkTarget::Relative("../other/")
        );
    }

    #[test]
    fn links_are_rewritten_and_recorded() {
        let mut urls = BriefUrls::default();
        urls.slugs.insert("briefs/2022/a.md".into(), "alpha".into());
        let mut links = BodyLinks::new(
            &urls,
            std::path::Path::new("content/briefs/2023/b.md"),
            "../../",
        );
        let r = |l: &mut BodyLinks<'_>, d: &'static str| l.rewrite(CowStr::Borrowed(d)).to_string();
        assert_eq!(
            r(&mut links, "@/briefs/2022/a.md#x"),
            "../../briefs/alpha/#x"
        );
        assert_eq!(r(&mut links, "../2022/a.md"), "../../briefs/alpha/");
        assert_eq!(r(&mut links, "/img/m.png"), "../../img/m.png");
        assert_eq!(r(&mut links, "@/briefs/none.md"), "@/briefs/none.md");
        assert_eq!(r(&mut links, "https://x.org/"), "https://x.org/");
        assert_eq!(
            links.deps,
            vec![
                ("briefs/2022/a.md".to_owned(), Some("alpha".to_owned())),
                ("briefs/2022/a.md".to_owned(), Some("alpha".to_owned())),
                ("briefs/none.md".to_owned(), None),
            ]
        );
        let deps = links.deps;
        assert!(deps_hold(&deps, &urls));
        urls.slugs.insert("briefs/2022/a.md".into(), "beta".into());
        assert!(!deps_hold(&deps, &urls));
    }
}

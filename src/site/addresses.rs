//! Where pages go besides the sections dossier names: standalone pages at
//! `/<slug>/`, old paths of briefs (`aliases:`) that redirect, and the checks that
//! no two of them, nor a section, claim one path.

use ahash::AHashMap as HashMap;
use std::sync::Arc;

use super::{Brief, StandalonePage};
use crate::content::PageDoc;
use crate::content::front_matter::{Located, key_position};
use crate::error::Diagnostic;

/// The site path of an alias: `/briefs/old/`, `briefs/old` and `briefs/old/` are
/// all `briefs/old/`. Each segment must be a plain URL segment, so the redirect is
/// written inside the output folder.
pub(super) fn alias_path(alias: &str) -> Result<String, String> {
    let trimmed = alias.trim().trim_matches('/');
    let trimmed = trimmed.strip_suffix("/index.html").unwrap_or(trimmed);
    if trimmed.is_empty() {
        return Err(format!("the alias `{alias}` is the site's home page"));
    }
    for segment in trimmed.split('/') {
        let plain = !segment.is_empty()
            && segment != "."
            && segment != ".."
            && segment.len() <= 200
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'));
        if !plain {
            return Err(format!(
                "the alias `{alias}` is not a path of this site: `{segment}` is not a plain URL segment"
            ));
        }
    }
    Ok(format!("{trimmed}/"))
}

/// The first segments of every path the site writes itself, which a page slug or
/// an alias cannot take.
pub(crate) const SECTIONS: &[&str] = &[
    "briefs",
    "people",
    "topics",
    "sources",
    "archive",
    "authors",
    "countries",
    "series",
    "404.html",
    "style.css",
];

/// The standalone pages, each at `/<slug>/`: a slug that is a built-in section or
/// another page's is an error.
pub(super) fn standalone_pages(
    docs: &[Arc<PageDoc>],
    errors: &mut Vec<Diagnostic>,
) -> Vec<StandalonePage> {
    let mut seen: HashMap<&str, &std::path::Path> = HashMap::new();
    let mut pages = Vec::with_capacity(docs.len());
    for doc in docs {
        let at = Located {
            path: &doc.path,
            text: &doc.text,
            first_line: 2,
        };
        let place = |message: String| {
            let pos =
                key_position(&doc.yaml, &["slug"]).or_else(|| key_position(&doc.yaml, &["title"]));
            let (line, column) = pos.unwrap_or((1, 1));
            at.error(line, column, message)
        };
        if SECTIONS.contains(&doc.slug.as_str()) {
            errors.push(
                place(format!(
                    "the page slug `{}` is a section of the site (/{}/): the page would replace it",
                    doc.slug, doc.slug
                ))
                .with_help(format!(
                    "set another `slug:`, such as `about-{}`; the sections are {}",
                    doc.slug,
                    SECTIONS.join(", ")
                )),
            );
            continue;
        }
        if let Some(first) = seen.insert(&doc.slug, &doc.path) {
            errors.push(
                place(format!(
                    "this page and `{}` would both be written to /{}/",
                    first.display(),
                    doc.slug
                ))
                .with_help("give one of them another `slug:` or file name"),
            );
            continue;
        }
        pages.push(StandalonePage {
            slug: doc.slug.clone(),
            title: doc.meta.title.0.clone(),
            menu: doc.meta.menu,
            weight: doc.meta.weight,
            extra: doc.meta.extra.clone(),
            body: doc.body.clone(),
            path: doc.path.clone(),
        });
    }
    pages
}

/// An error for each alias that is the path of a page the site writes (a brief, a
/// standalone page, a section) or another alias: one of them would be lost.
pub(super) fn path_collisions(
    briefs: &[std::sync::Arc<Brief>],
    pages: &[StandalonePage],
    errors: &mut Vec<Diagnostic>,
) {
    if briefs.iter().all(|b| b.aliases.is_empty()) {
        return;
    }
    let mut taken: HashMap<String, &std::path::Path> = HashMap::new();
    for b in briefs {
        taken.insert(format!("briefs/{}/", b.slug), &b.path);
    }
    for p in pages {
        taken.insert(format!("{}/", p.slug), &p.path);
    }
    for b in briefs {
        for alias in &b.aliases {
            let first = alias.split('/').next().unwrap_or_default();
            let clash = match taken.get(alias) {
                Some(other) => Some(format!("the page of `{}`", other.display())),
                None if alias.matches('/').count() == 1 && SECTIONS.contains(&first) => {
                    Some(format!("the section /{alias}"))
                }
                // Every page under a section but `briefs/` is named by the site.
                None if first != "briefs" && SECTIONS.contains(&first) => Some(format!(
                    "inside the section /{first}/, whose pages dossier names"
                )),
                None if alias.starts_with("briefs/page/") => Some("a page of /briefs/".into()),
                None => None,
            };
            match clash {
                Some(what) => errors.push(
                    Diagnostic::file_error(
                        &b.path,
                        format!("the alias `{alias}` is already {what}: a redirect there would replace it"),
                    )
                    .with_help("remove the alias, or point it at a path nothing else uses"),
                ),
                None => {
                    taken.insert(alias.clone(), &b.path);
                }
            }
        }
    }
}

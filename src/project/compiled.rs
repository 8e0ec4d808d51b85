//! A compiled site and what it writes: every page, the theme's assets and the
//! files made from the whole site (feeds, sitemap, search index). A full build
//! writes all of it; `serve` renders pages through [`Project::rebuild`](super::Project::rebuild).

use std::collections::HashSet;
use std::sync::Arc;

use crate::error::Error;
use crate::output::OutputFile;
use crate::render::{self, Rendered, Theme};
use crate::site;

/// A site loaded, resolved and rendered in memory: everything but the writing.
pub struct Compiled {
    /// The model.
    pub site: site::Site,
    /// The compiled theme, shared with later rebuilds that keep it.
    pub theme: Arc<Theme>,
    /// Rendered Markdown of each brief, by brief id.
    pub bodies: Vec<Arc<Rendered>>,
    /// Views shared between pages.
    pub views: render::Views,
}

impl Compiled {
    /// A renderer over this compiled site.
    pub fn renderer(&self) -> render::Renderer<'_> {
        render::Renderer::new(&self.site, &self.theme, &self.bodies, &self.views)
    }

    /// The output file of every page.
    pub fn page_files(&self) -> HashSet<String> {
        let renderer = self.renderer();
        renderer
            .pages()
            .into_iter()
            .map(|p| renderer.file(p))
            .collect()
    }

    /// Renders every page and writes it into the staging folder as soon as it is
    /// rendered (pages are never all held in memory), then the theme assets and
    /// the files made from the whole site (feeds, sitemap, search index).
    /// Returns the files written. Each stage and page is told to `progress`.
    pub fn write_into(
        &self,
        staging: &crate::output::Staging,
        timings: &mut crate::Timings,
        progress: Option<&dyn crate::Progress>,
    ) -> crate::Result<usize> {
        let renderer = self.renderer();
        let pages = renderer.pages();
        crate::progress::stage(progress, "render and write pages", pages.len());
        let done = crate::progress::counter(progress);
        timings.time("render and write pages", || {
            renderer
                .render_each(&pages, |page| {
                    crate::progress::count(done);
                    staging.write(&page.file, page.html.as_bytes())
                })
                .map_err(Error::Content)
        })?;
        for (name, bytes) in &self.theme.assets {
            staging.write(name, bytes)?;
        }
        let mut written = pages.len() + self.theme.assets.len();
        for (stage, make) in SITE_FILES {
            crate::progress::stage(progress, stage, 0);
            written += timings.time(stage, || -> crate::Result<usize> {
                let files = make(self);
                for (name, bytes) in &files {
                    staging.write(name, bytes)?;
                }
                Ok(files.len())
            })?;
        }
        Ok(written)
    }

    /// The files made from the whole site rather than from one page's context:
    /// Atom feeds, sitemap and `robots.txt` (when `base_url` is set) and the
    /// search index. A full build and every rebuild write them from this one
    /// function, so both give the same bytes.
    pub fn site_files(&self) -> Vec<OutputFile> {
        SITE_FILES.iter().flat_map(|(_, make)| make(self)).collect()
    }
}

/// What makes one kind of the files made from the whole site.
type MakeFiles = fn(&Compiled) -> Vec<OutputFile>;

/// The kinds of files made from the whole site, each a stage of a full build.
const SITE_FILES: [(&str, MakeFiles); 2] = [
    ("feeds and sitemap", |c| {
        crate::feeds::files(&c.renderer(), &c.site, &c.bodies)
    }),
    ("search index", |c| crate::search::files(&c.site, &c.bodies)),
];

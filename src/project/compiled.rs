//! A compiled site and what it writes: every page, the theme's assets and the
//! files made from the whole site (feeds, sitemap, search index). A full build
//! writes all of it; `serve` renders pages through [`Project::rebuild`](super::Project::rebuild).

use std::collections::HashSet;
use std::sync::Arc;

use crate::error::Error;
use crate::output::{FileSink, OutputFile};
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
    /// What resolving the site ended with, for a rebuild that links only the
    /// briefs an edit changed (taken by it).
    pub(crate) linked: Option<Box<site::Linked>>,
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
    ///
    /// It takes the compiled site so that what only pages and feeds read (the
    /// views) is let go before the search index, the last stage, is made, and
    /// the index lets each body go once it has read it: the index then grows into
    /// that memory rather than adding to the build's peak.
    pub fn write_into(
        self,
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
        let sink = |(name, bytes): OutputFile| staging.write(&name, &bytes);
        // The sitemap reads the pages' lists of briefs, which the views hold:
        // it is made first, the views are let go, and the feeds (the largest
        // of these files to make) and then the search index grow into their
        // memory rather than adding to the build's peak.
        let [(feeds, _), (search, _)] = SITE_FILES;
        crate::progress::stage(progress, feeds, 0);
        let started = std::time::Instant::now();
        let sitemaps = crate::feeds::sitemap_files(&renderer, &self.site);
        let Compiled {
            site,
            bodies,
            views,
            ..
        } = self;
        crate::release(views);
        written += crate::feeds::atom_files(&site, &bodies, &sink)?;
        for file in sitemaps {
            sink(file)?;
            written += 1;
        }
        timings.0.push((feeds, started.elapsed()));
        crate::progress::stage(progress, search, 0);
        written += timings.time(search, || {
            crate::search::files_releasing(&site, bodies, &sink)
        })?;
        crate::release(site);
        Ok(written)
    }

    /// The files made from the whole site rather than from one page's context:
    /// Atom feeds, sitemap and `robots.txt` (when `base_url` is set) and the
    /// search index, by name. A full build and every rebuild make them with the
    /// same functions, so both give the same bytes.
    pub fn site_files(&self) -> Vec<OutputFile> {
        let files = std::sync::Mutex::new(Vec::new());
        let keep = |file: OutputFile| -> crate::Result<()> {
            files
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(file);
            Ok(())
        };
        // Keeping a file in memory cannot fail.
        let _ = self.each_site_file(&keep);
        let mut files = files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

impl Compiled {
    /// [`Compiled::site_files`], each handed to `sink` as soon as it is made
    /// rather than all held: the first error of `sink` stops the work.
    pub fn each_site_file(&self, sink: FileSink<'_>) -> crate::Result<()> {
        for (_, make) in SITE_FILES {
            make(self, sink)?;
        }
        Ok(())
    }
}

/// What makes one kind of the files made from the whole site: it hands each
/// file to the sink as soon as it is made and returns how many it made.
type MakeFiles = fn(&Compiled, FileSink<'_>) -> crate::Result<usize>;

/// The kinds of files made from the whole site, each a stage of a full build.
const SITE_FILES: [(&str, MakeFiles); 2] = [
    ("feeds and sitemap", |c, sink| {
        crate::feeds::files(&c.renderer(), &c.site, &c.bodies, sink)
    }),
    ("search index", |c, sink| {
        crate::search::files(&c.site, &c.bodies, sink)
    }),
];

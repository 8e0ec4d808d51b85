//! Walking `content/`: which files are documents, in a deterministic order, read and
//! parsed in parallel, every problem collected.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{AuthorDoc, BriefDoc, PageDoc, PersonDoc, TopicDoc, normalize_owned};
use crate::confine::{Refusal, check_entry, check_path};
use crate::error::Diagnostic;

/// Every document of a site, each list sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Documents {
    /// `content/briefs/**/*.md`.
    pub briefs: Vec<Arc<BriefDoc>>,
    /// `content/people/**/*.md`.
    pub people: Vec<Arc<PersonDoc>>,
    /// `content/topics/**/*.md`.
    pub topics: Vec<Arc<TopicDoc>>,
    /// `content/authors/**/*.md`.
    pub authors: Vec<Arc<AuthorDoc>>,
    /// `content/pages/**/*.md`.
    pub pages: Vec<Arc<PageDoc>>,
}

/// The documents that parsed and the problems of those that did not.
#[derive(Debug, Default)]
pub struct LoadOutcome {
    /// What parsed.
    pub documents: Documents,
    /// Errors and warnings, in path order.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a file under `content/` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A brief.
    Brief,
    /// A people registry entry.
    Person,
    /// A topic registry entry.
    Topic,
    /// An author registry entry.
    Author,
    /// A standalone page.
    Page,
}

/// The folders of `content/` and what their documents are.
pub const FOLDERS: [(&str, Kind); 5] = [
    ("briefs", Kind::Brief),
    ("people", Kind::Person),
    ("topics", Kind::Topic),
    ("authors", Kind::Author),
    ("pages", Kind::Page),
];

/// Whether a file name has an extension dossier reads as Markdown (`.md`, and
/// `.markdown`, which some editors write).
pub fn is_markdown(rel: &Path) -> bool {
    rel.extension()
        .is_some_and(|e| e == "md" || e == "markdown")
}

/// The warning for a Markdown file under `content/` that no folder claims (a
/// misspelled `content/brief/`, a file at the top of `content/`): without it the
/// file would silently not be built. `None` for any other path.
pub fn misplaced(rel: &Path) -> Option<Diagnostic> {
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    if parts.next()? != "content" || !is_markdown(rel) {
        return None;
    }
    if rel
        .components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
    {
        return None;
    }
    let folder = parts.next()?;
    if FOLDERS.iter().any(|(name, _)| *name == folder) {
        return None;
    }
    let known = FOLDERS
        .iter()
        .map(|(name, _)| format!("`content/{name}/`"))
        .collect::<Vec<_>>()
        .join(", ");
    let closest = FOLDERS
        .iter()
        .map(|(name, _)| (strsim::damerau_levenshtein(&folder, name), *name))
        .min()
        .filter(|(d, _)| *d <= 2);
    let help = match closest {
        Some((_, name)) if rel.components().count() > 2 => {
            format!("did you mean `content/{name}/`? Documents are read from {known} only")
        }
        _ => format!("move it into one of {known}"),
    };
    Some(
        Diagnostic::file_warning(
            rel,
            "this Markdown file is in no folder dossier reads, so it is not built",
        )
        .with_help(help),
    )
}

/// Classifies a path relative to the site folder; `None` for files that are not
/// documents (other extensions, hidden files, editor temp and backup files).
pub fn classify(rel: &Path) -> Option<Kind> {
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    if parts.next()? != "content" {
        return None;
    }
    let folder = parts.next()?;
    let (_, kind) = *FOLDERS.iter().find(|(name, _)| *name == folder)?;
    // A file directly in `content/` is in no folder.
    parts.next()?;
    if rel
        .components()
        .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
    {
        return None;
    }
    is_markdown(rel).then_some(kind)
}

/// A sorted walk of `dir` that does not follow links and skips hidden and editor
/// files: how every folder of a site (`content/`, `templates/`, `static/`) is read.
pub(crate) fn walk(dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    WalkDir::new(dir)
        .follow_links(false)
        .sort_by(by_file_name)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()))
}

/// A sorted walk of `static/`: like [`walk`], but dotfiles and dot-folders a host
/// reads (`.well-known/`, `.nojekyll`, `.htaccess`) are kept; only junk is skipped
/// (see [`is_static_junk`]).
pub(crate) fn walk_static(dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    WalkDir::new(dir)
        .follow_links(false)
        .sort_by(by_file_name)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_static_junk(&e.file_name().to_string_lossy()))
}

/// The order of the entries of one folder: by file name, as `sort_by_file_name`
/// orders them. A folder of ten thousand briefs is sorted with some 130,000
/// comparisons, and `DirEntry::file_name` parses the whole path from its end each
/// time. On Unix the entries sorted together are the children of one folder, whose
/// paths are that folder's path, a `/` and the name: comparing the whole paths
/// byte by byte compares the names.
fn by_file_name(a: &walkdir::DirEntry, b: &walkdir::DirEntry) -> std::cmp::Ordering {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        a.path()
            .as_os_str()
            .as_bytes()
            .cmp(b.path().as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        a.file_name().cmp(b.file_name())
    }
}

/// What is never published from `static/`: operating system litter (`.DS_Store`,
/// `Thumbs.db`, `desktop.ini`), version control folders, and the temp and backup
/// files editors leave (`.#x`, `#x#`, `x~`, `x.swp`, vim's `4913`). Other dotfiles
/// are a host's configuration and are copied.
pub fn is_static_junk(name: &str) -> bool {
    matches!(
        name,
        ".DS_Store" | "._.DS_Store" | "Thumbs.db" | "desktop.ini" | ".git" | ".svn" | ".hg"
    ) || name.starts_with("._")
        || name.starts_with(".#")
        || (is_ignored_name(name) && !name.starts_with('.'))
        || (name.starts_with('.') && is_ignored_name(&name[1..]) && !name[1..].is_empty())
}

/// Hidden files and folders, and the temp and backup files editors leave beside the
/// file being edited (`.#x`, `#x#`, `x~`, `x.swp`, vim's `4913`).
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".orig",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Loads every document under `site_dir/content`.
pub fn load(site_dir: &Path) -> LoadOutcome {
    load_holding(site_dir, None)
}

/// [`load`], holding brief bodies in memory up to what `budget` allows and
/// leaving the rest in their files (see [`super::BodyFile`]); all of them without
/// a budget.
pub fn load_holding(site_dir: &Path, budget: Option<&super::TextBudget>) -> LoadOutcome {
    let mut outcome = LoadOutcome::default();
    let content = site_dir.join("content");
    let root = site_dir
        .canonicalize()
        .unwrap_or_else(|_| site_dir.to_path_buf());
    // A file where a folder belongs would walk as an empty site and replace a
    // good build with an empty one: it is an error, not nothing to build.
    for folder in [
        "content",
        "content/briefs",
        "content/people",
        "content/topics",
        "content/authors",
        "content/pages",
    ] {
        if std::fs::metadata(site_dir.join(folder)).is_ok_and(|m| !m.is_dir()) {
            outcome.diagnostics.push(
                Diagnostic::file_error(folder, format!("`{folder}` is a file, not a folder"))
                    .with_help(format!(
                        "move the file away and make `{folder}/` a folder of Markdown documents"
                    )),
            );
        }
    }
    if outcome
        .diagnostics
        .iter()
        .any(|d| d.path == Path::new("content"))
    {
        return outcome;
    }
    // Each file's path as the walk made it (to open it) and relative to the site.
    let mut files: Vec<(PathBuf, PathBuf, Kind)> = Vec::new();
    for entry in walk(&content) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| rel(site_dir, p))
                    .unwrap_or_else(|| PathBuf::from("content"));
                if e.io_error()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                    && e.depth() == 0
                {
                    outcome.diagnostics.push(
                        Diagnostic::file_warning(
                            "content",
                            "there is no `content/` folder here, so the site has no briefs",
                        )
                        .with_help(
                            "check the site folder given, or write briefs in `content/briefs/`",
                        ),
                    );
                    continue;
                }
                outcome
                    .diagnostics
                    .push(Diagnostic::file_error(path, format!("cannot read: {e}")));
                continue;
            }
        };
        let relative = rel(site_dir, entry.path());
        if entry.path_is_symlink() && entry.depth() > 0 && entry.path().is_dir() {
            // Linked folders are not followed, so content cannot reach outside the
            // site folder or loop; say so, or their briefs vanish without a word.
            outcome.diagnostics.push(
                Diagnostic::file_warning(
                    relative,
                    "symbolic link to a folder; skipped: linked folders are not followed",
                )
                .with_help("move or copy the folder into `content/`, or link its files one by one"),
            );
            continue;
        }
        let Some(kind) = classify(&relative) else {
            if entry.file_type().is_file()
                && let Some(warning) = misplaced(&relative)
            {
                outcome.diagnostics.push(warning);
            }
            continue;
        };
        match check_entry(&root, entry.path(), entry.file_type()) {
            Ok(()) => {}
            Err(Refusal::NotAFile) => continue,
            Err(refusal) => {
                outcome.diagnostics.push(Diagnostic::file_warning(
                    relative,
                    format!("{}; skipped", refusal.message()),
                ));
                continue;
            }
        }
        files.push((entry.into_path(), relative, kind));
    }
    let count = |k: Kind| files.iter().filter(|(_, _, kind)| *kind == k).count();
    let docs = &mut outcome.documents;
    docs.briefs.reserve_exact(count(Kind::Brief));
    docs.people.reserve_exact(count(Kind::Person));
    docs.topics.reserve_exact(count(Kind::Topic));
    docs.authors.reserve_exact(count(Kind::Author));
    docs.pages.reserve_exact(count(Kind::Page));
    let parsed: Vec<Result<Doc, Vec<Diagnostic>>> = files
        .into_par_iter()
        .map(|(full, relative, kind)| read_at(&full, relative, kind, budget))
        .collect();
    for result in parsed {
        match result {
            Ok(Doc::Brief(b)) => outcome.documents.briefs.push(b),
            Ok(Doc::Person(p)) => outcome.documents.people.push(p),
            Ok(Doc::Topic(t)) => outcome.documents.topics.push(t),
            Ok(Doc::Author(a)) => outcome.documents.authors.push(a),
            Ok(Doc::Page(p)) => outcome.documents.pages.push(p),
            Err(d) => outcome.diagnostics.extend(d),
        }
    }
    outcome
}

/// One parsed document of any kind, shared: a site kept between builds hands the
/// same documents to every re-resolution without copying them.
#[derive(Debug, Clone)]
pub enum Doc {
    /// A brief.
    Brief(Arc<BriefDoc>),
    /// A person.
    Person(Arc<PersonDoc>),
    /// A topic.
    Topic(Arc<TopicDoc>),
    /// An author.
    Author(Arc<AuthorDoc>),
    /// A standalone page.
    Page(Arc<PageDoc>),
}

/// Reads and parses one document; `relative` is relative to `site_dir`. The file is
/// read only if `check_path` allows it, so a single changed file is held to the
/// same rule as the full walk: a path the walk would skip gives the walk's warning
/// (and no document), anything unreadable or invalid gives errors.
pub fn load_file(site_dir: &Path, relative: &Path, kind: Kind) -> Result<Doc, Vec<Diagnostic>> {
    match check_path(site_dir, relative) {
        Ok(()) | Err(Refusal::Missing) => {}
        Err(refusal) => {
            return Err(vec![
                Diagnostic::file_warning(relative, format!("skipped: {}", refusal.message()))
                    .with_help(refusal.help()),
            ]);
        }
    }
    read_at(&site_dir.join(relative), relative.to_path_buf(), kind, None)
}

/// Reads and parses one document the caller has already checked: `full` is where
/// it is, `relative` its path relative to the site folder. The text is read once,
/// into the buffer the document keeps.
fn read_at(
    full: &Path,
    relative: PathBuf,
    kind: Kind,
    budget: Option<&super::TextBudget>,
) -> Result<Doc, Vec<Diagnostic>> {
    let bytes = read_bytes(full).map_err(|e| {
        vec![Diagnostic::file_error(
            &relative,
            format!("cannot read: {e}"),
        )]
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&bytes[line_start..at])
                .chars()
                .count()
                + 1;
            return Err(vec![
                Diagnostic::error(
                    &relative,
                    line,
                    column,
                    format!("the file is not valid UTF-8 (byte 0x{:02X})", bytes[at]),
                )
                .with_help("save the file with UTF-8 encoding"),
            ]);
        }
    };
    let text = normalize_owned(text);
    let path = relative;
    match kind {
        Kind::Brief => BriefDoc::parse(path, text).map(|d| {
            let d = match budget {
                Some(budget) => d.leave_body(full, budget),
                None => d,
            };
            Doc::Brief(Arc::new(d))
        }),
        Kind::Person => PersonDoc::parse(path, text).map(|d| Doc::Person(Arc::new(d))),
        Kind::Topic => TopicDoc::parse(path, text).map(|d| Doc::Topic(Arc::new(d))),
        Kind::Author => AuthorDoc::parse(path, text).map(|d| Doc::Author(Arc::new(d))),
        Kind::Page => PageDoc::parse(path, text).map(|d| Doc::Page(Arc::new(d))),
    }
}

/// A file's bytes, in a buffer of the size the file has when opened. Unlike
/// `std::fs::read`, it reads no further than that size, so a whole file costs one
/// `read` call rather than two (the second only to find the end); a file that grows
/// while it is read is read as it was when opened, as if read a moment earlier.
pub(super) fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(usize::try_from(size).unwrap_or(usize::MAX))
        .map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::OutOfMemory,
                format!("the file is too large to read ({size} bytes)"),
            )
        })?;
    file.take(size).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn rel(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_order_siblings_by_file_name_and_reading_keeps_the_bytes() {
        let site = tempfile::tempdir().expect("a temporary folder");
        let briefs = site.path().join("content/briefs");
        std::fs::create_dir_all(briefs.join("a")).expect("folders");
        let brief = "---\ntitle: T\ndate: 2023-06-14\nsource: S\n---\nBody \u{e9}\n";
        for name in [
            "a-b.md",
            "a/x.md",
            "B.md",
            "\u{e4}.md",
            "a.md",
            "ab.md",
            "A.md",
        ] {
            std::fs::write(briefs.join(name), brief).expect("brief");
        }
        let walked: Vec<PathBuf> = walk(&briefs)
            .map(|e| e.expect("an entry").into_path())
            .collect();
        let mut expected = walked.clone();
        // Siblings by file name, parents before their children: the order of paths.
        expected.sort();
        assert_eq!(walked, expected);
        assert_eq!(walked.len(), 9, "{walked:?}");
        let outcome = load(site.path());
        assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
        let paths: Vec<&Path> = outcome
            .documents
            .briefs
            .iter()
            .map(|b| b.path.as_path())
            .collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted);
        assert_eq!(paths.len(), 7);
        for b in &outcome.documents.briefs {
            assert_eq!(&*b.text, brief);
            assert_eq!(&*b.body, "Body \u{e9}\n");
        }
    }

    #[test]
    fn a_file_is_read_whole_whatever_its_size() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for size in [0, 1, 4095, 4096, 70_000, 300_001] {
            let path = dir.path().join(format!("{size}.md"));
            let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).expect("a file");
            let read = read_bytes(&path).expect("readable");
            assert_eq!(read.len(), size);
            assert!(read == bytes, "{size} bytes read differently");
        }
        let missing = read_bytes(&dir.path().join("missing.md")).unwrap_err();
        assert_eq!(missing.kind(), std::io::ErrorKind::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn linked_folders_are_skipped_with_a_warning() {
        let site = tempfile::tempdir().expect("a temporary folder");
        let outside = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir_all(site.path().join("content/briefs")).expect("content folder");
        std::fs::write(
            outside.path().join("a.md"),
            "---\ntitle: T\ndate: 2023-06-14\nsource: S\n---\n",
        )
        .expect("brief");
        std::os::unix::fs::symlink(outside.path(), site.path().join("content/briefs/linked"))
            .expect("symlink");
        let outcome = load(site.path());
        assert!(outcome.documents.briefs.is_empty());
        let warning = &outcome.diagnostics[0];
        assert!(!warning.is_error());
        assert_eq!(warning.path, Path::new("content/briefs/linked"));
        assert!(warning.message.contains("folder"), "{warning:?}");
    }

    #[cfg(unix)]
    #[test]
    fn one_rule_for_links_under_the_site() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(site.join("content/briefs")).unwrap();
        std::fs::create_dir_all(site.join("notes")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(site.join("content/briefs/a.md"), "a").unwrap();
        std::fs::write(site.join("notes/n.md"), "n").unwrap();
        std::fs::write(outside.join("x.md"), "x").unwrap();
        let briefs = site.join("content/briefs");
        symlink(site.join("notes/n.md"), briefs.join("inside.md")).unwrap();
        symlink(outside.join("x.md"), briefs.join("outside.md")).unwrap();
        symlink(site.join("notes"), briefs.join("folder.md")).unwrap();
        symlink(site.join("notes"), briefs.join("linked")).unwrap();
        symlink(&outside, site.join("content/away")).unwrap();
        let check = |rel: &str| check_path(&site, Path::new(rel));
        assert_eq!(check("content/briefs/a.md"), Ok(()));
        assert_eq!(check("content/briefs/inside.md"), Ok(()));
        assert_eq!(
            check("content/briefs/outside.md"),
            Err(Refusal::LinkOutside)
        );
        assert_eq!(check("content/briefs/folder.md"), Err(Refusal::LinkNotFile));
        assert_eq!(
            check("content/briefs/linked/n.md"),
            Err(Refusal::LinkedFolder)
        );
        assert_eq!(check("content/away/x.md"), Err(Refusal::LinkedFolder));
        assert_eq!(check("content/briefs/missing.md"), Err(Refusal::Missing));
        assert_eq!(check("content/briefs"), Err(Refusal::NotAFile));
        assert_eq!(check("content/../outside/x.md"), Err(Refusal::LinkedFolder));
        // The full walk agrees with the single-file check.
        let outcome = load(&site);
        let warned: Vec<_> = outcome
            .diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .map(|d| d.path.clone())
            .collect();
        assert_eq!(
            warned,
            [
                PathBuf::from("content/away"),
                PathBuf::from("content/briefs/folder.md"),
                PathBuf::from("content/briefs/linked"),
                PathBuf::from("content/briefs/outside.md")
            ]
        );
        assert!(
            load_file(&site, Path::new("content/briefs/outside.md"), Kind::Brief).is_err_and(
                |d| !d[0].is_error() && d[0].message.contains("outside the site folder")
            )
        );
    }

    #[test]
    fn classifies_documents_and_skips_editor_files() {
        assert_eq!(
            classify(Path::new("content/briefs/2023/a.md")),
            Some(Kind::Brief)
        );
        assert_eq!(
            classify(Path::new("content/people/a.md")),
            Some(Kind::Person)
        );
        assert_eq!(
            classify(Path::new("content/topics/a.md")),
            Some(Kind::Topic)
        );
        assert_eq!(
            classify(Path::new("content/briefs/a.markdown")),
            Some(Kind::Brief)
        );
        assert_eq!(
            classify(Path::new("content/pages/about.md")),
            Some(Kind::Page)
        );
        assert_eq!(
            classify(Path::new("content/authors/a.md")),
            Some(Kind::Author)
        );
        let warning = misplaced(Path::new("content/brief/a.md")).expect("a warning");
        assert!(!warning.is_error());
        assert!(
            warning
                .help
                .as_deref()
                .unwrap_or("")
                .contains("content/briefs/"),
            "{warning:?}"
        );
        assert!(misplaced(Path::new("content/a.markdown")).is_some());
        assert!(misplaced(Path::new("content/brief/a.txt")).is_none());
        assert!(misplaced(Path::new("content/briefs/a.md")).is_none());
        for skipped in [
            "content/briefs/a.txt",
            "content/briefs/.a.md",
            "content/briefs/.#a.md",
            "content/briefs/a.md~",
            "content/briefs/.a.md.swp",
            "content/briefs/.git/a.md",
            "content/other/a.md",
            "content/a.md",
            "static/a.md",
        ] {
            assert_eq!(classify(Path::new(skipped)), None, "{skipped}");
        }
    }
}

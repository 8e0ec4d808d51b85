//! Rendered pages to the output folder. Knows nothing of Markdown or templates.
//!
//! A full build must never destroy what is not dossier's, and a build that fails,
//! or is killed at any point, must leave the previous output usable. The output
//! folder `<parent>/<name>` (`public/` by default) is published as follows; every
//! temporary name lives in `<parent>`, so each step is a rename on one file system.
//!
//! 1. **Lock** `.<name>.lock` (an advisory lock): a second build of the same output
//!    fails at once, naming the lock, instead of waiting for a build that may never
//!    end. The system releases the lock when its process dies, however it dies;
//!    on Unix the file is removed when the build ends.
//! 2. **Recover** what killed builds left (under the lock, every leftover belongs to
//!    a dead build): if the output is missing and a `.<name>.old-<id>` exists, it is
//!    renamed back to the output. Each `.<name>.new-<id>` whose manifest carries its
//!    own `<id>` may hold entries moved out of the output in step 5: they are moved
//!    back. Then every `.<name>.new-*` and `.<name>.old-*` is removed.
//! 3. **Decide what is ours.** A file is refused (never renamed or written into).
//!    A folder is ours to replace when it is missing, holds only dotfiles, or holds
//!    a `.dossier-manifest` (the files an earlier build wrote, one relative path a
//!    line after a header with that build's id); anything else is refused unless
//!    `--clean` makes every non-dotfile ours. Dotfiles at the top (`.git`,
//!    `.nojekyll`) and files no manifest lists are never ours: they are kept.
//! 4. **Write** the new site into `.<name>.new-<id>`; on any error it is removed and
//!    nothing else was touched. A page whose bytes, length and file are unchanged
//!    since the previous build (by the stamps of its manifest) is a hard link to
//!    the previous output's file instead, which leaves the output as it was. The
//!    manifest is written last, beside its final name and renamed, so a manifest
//!    that exists is complete.
//! 5. **Carry** the kept entries of the output into the new folder, by rename
//!    (whole folders when nothing in them is ours). A kept file where the new site
//!    has a file fails the build, after the entries are moved back.
//! 6. **Swap**: on Linux one `renameat2(RENAME_EXCHANGE)`; elsewhere, or when the
//!    file system refuses it, the output is renamed to `.<name>.old-<id>` and the
//!    new folder to the output.
//! 7. **Remove** the previous output (now under the temporary name), then the lock.
//!
//! What a kill at each step leaves, and what step 2 of the next build does with it:
//!
//! - steps 1–4: a `.new-<id>` with no manifest of its own: removed.
//! - step 5: an output missing some kept entries, and a `.new-<id>` with its own
//!   manifest holding them: they are moved back, then the folder is removed.
//! - step 6 (exchange): atomic. Afterwards `.new-<id>` holds the previous output,
//!   whose manifest (if any) has an older id and from which everything kept has
//!   left: removed.
//! - step 6 (two renames), between them: no output, a `.old-<id>` (the previous
//!   site) and a `.new-<id>` (the new one with the kept entries): the `.old` is
//!   renamed back, the kept entries moved back into it, the `.new` removed.
//! - step 7: a leftover as after step 6: removed.
//!
//! The protocol guards against killed processes. After a power loss the renames are
//! as durable as the file system's journal makes them; file contents are not
//! flushed one by one (that would cost more than the build itself).

mod location;
mod manifest;
mod publish;
mod staging;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Error, Result};

pub use location::check_output_location;
pub use publish::Target;
pub use staging::Staging;

/// One file to write: its path relative to the output folder and its bytes.
pub type OutputFile = (String, Vec<u8>);

/// Where files go as soon as they are made (the staging folder of a build, or a
/// list kept in memory by a rebuild), from any thread.
pub type FileSink<'s> = &'s (dyn Fn(OutputFile) -> crate::Result<()> + Sync);

/// Writes a complete site: pages, then `static/` (which wins), into a temporary
/// folder beside `output`, then swaps it in, as a full build does (see the module
/// documentation). Returns the number of files written.
pub fn write_site(output: &Path, files: &[OutputFile], static_dir: Option<&Path>) -> Result<usize> {
    Target::open(output, false)?.publish(static_dir, |staging| staging.write_files(files))
}

/// Writes one file under `dir`, creating its folder.
pub fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    Staging::in_place(dir).write(rel, bytes)
}

/// Writes files under `dir`, creating folders first, then files in parallel.
pub fn write_files(dir: &Path, files: &[OutputFile]) -> Result<usize> {
    Staging::in_place(dir).write_files(files)
}

/// Updates files of a live output folder in place, each atomically (write beside,
/// then rename), skipping files whose bytes are unchanged. Returns the paths changed.
pub fn update_files(dir: &Path, files: &[OutputFile]) -> Result<Vec<String>> {
    let changed: Vec<Option<String>> = files
        .par_iter()
        .map(|(rel, bytes)| {
            let path = dir.join(rel);
            if std::fs::read(&path).is_ok_and(|old| &old == bytes) {
                return Ok(None);
            }
            replace_file(&path, bytes)?;
            Ok(Some(rel.clone()))
        })
        .collect::<Result<_>>()?;
    Ok(changed.into_iter().flatten().collect())
}

/// [`update_files`] of files known to have changed (`serve` hands out only files
/// whose hash changed), so that none is read first: after an edit of a person
/// named in thousands of briefs, reading their pages back costs as much as
/// writing them.
pub fn replace_files(dir: &Path, files: &[OutputFile]) -> Result<()> {
    files
        .par_iter()
        .try_for_each(|(rel, bytes)| replace_file(&dir.join(rel), bytes))
}

/// Writes `bytes` beside `path`, then renames it over `path`, creating its
/// folder when the first write finds none.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_file_name(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    match std::fs::write(&tmp, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
        }
        written => written.map_err(|e| Error::io(&tmp, e))?,
    }
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// Copies `static/` into a folder as it is; hidden and editor files are skipped,
/// and a symbolic link is copied only where `confine::check_entry`
/// allows it (a link to a file inside the site folder, which is `from`'s parent).
pub fn copy_static(from: &Path, to: &Path) -> Result<usize> {
    let site_dir = match from.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    copy_static_within(site_dir, from, to).map(|(count, _)| count)
}

/// [`copy_static`] of `from`, a folder anywhere under `static/`, with the site folder
/// given; returns the number of files copied and the files refused by the link rule.
pub(crate) fn copy_static_within(
    site_dir: &Path,
    from: &Path,
    to: &Path,
) -> Result<(usize, Vec<(PathBuf, crate::confine::Refusal)>)> {
    Staging::in_place(to).copy_static(site_dir, from)
}

/// The files the manifest of `dir` lists (the last build into it); an error when
/// it has none.
pub fn published(dir: &Path) -> std::io::Result<std::collections::BTreeSet<String>> {
    manifest::read_manifest(dir)?
        .map(|m| m.files)
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
}

/// A warning for each page (`<path>/index.html`) that the previous build published
/// (`published`, from its manifest) and this one does not write (neither a page of
/// `pages` nor a file of `static_dir`): a link to it somewhere now breaks. The
/// warning names the URL and says how to keep it (an alias of the brief that
/// moved). A numbered page of a list (`<list>/page/<n>/`) is not an address of its
/// own: it goes when its list gets shorter, and its list's own page warns when the
/// whole list goes.
pub fn removed_pages(
    published: &std::collections::BTreeSet<String>,
    pages: &std::collections::HashSet<String>,
    static_dir: &Path,
) -> Vec<crate::error::Diagnostic> {
    published
        .iter()
        .filter(|f| f.ends_with("index.html") && !f.starts_with('.'))
        .filter(|f| !is_numbered_page(f))
        .filter(|f| !pages.contains(*f) && !static_dir.join(f).is_file())
        .map(|f| {
            let url = format!("/{}", f.trim_end_matches("index.html"));
            crate::error::Diagnostic::file_warning(
                url.clone(),
                format!("the previous build published `{url}` and this one removes it: links to it will break"),
            )
            .with_help(format!(
                "if a brief moved, keep its old address with `aliases: [{}]` in its front matter",
                url.trim_start_matches('/')
            ))
        })
        .collect()
}

/// Whether `file` is a numbered page of a list: `[<list>/]page/<n>/index.html`.
fn is_numbered_page(file: &str) -> bool {
    let mut parts = file.rsplit('/');
    parts.next() == Some("index.html")
        && parts
            .next()
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && parts.next() == Some("page")
}

/// The files of a folder, relative paths sorted; for tests and the dev server.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = WalkDir::new(dir)
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_list_pages_are_not_warned_of() {
        let published: std::collections::BTreeSet<String> = [
            "people/x/index.html",
            "people/x/page/2/index.html",
            "briefs/page/7/index.html",
            "page/index.html",
            "people/page/index.html",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let warned: Vec<String> =
            removed_pages(&published, &Default::default(), Path::new("/nonexistent"))
                .into_iter()
                .map(|d| d.path.display().to_string())
                .collect();
        assert_eq!(warned, ["/page/", "/people/page/", "/people/x/"]);
    }

    #[test]
    fn a_swap_replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("a/index.html".into(), b"one".to_vec())], None).unwrap();
        write_site(&out, &[("b/index.html".into(), b"two".to_vec())], None).unwrap();
        assert_eq!(list_files(&out), [manifest::MANIFEST, "b/index.html"]);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "temporary folders left behind");
    }

    #[test]
    fn in_place_updates_skip_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        write_files(dir.path(), &[("x.html".into(), b"same".to_vec())]).unwrap();
        let changed = update_files(
            dir.path(),
            &[
                ("x.html".into(), b"same".to_vec()),
                ("y/z.html".into(), b"new".to_vec()),
            ],
        )
        .unwrap();
        assert_eq!(changed, ["y/z.html"]);
    }

    #[test]
    fn replacing_files_makes_their_folders_and_leaves_nothing_beside() {
        let dir = tempfile::tempdir().unwrap();
        write_files(dir.path(), &[("x.html".into(), b"old".to_vec())]).unwrap();
        replace_files(
            dir.path(),
            &[
                ("x.html".into(), b"new".to_vec()),
                ("a/b/c.html".into(), b"deep".to_vec()),
            ],
        )
        .unwrap();
        assert_eq!(std::fs::read(dir.path().join("x.html")).unwrap(), b"new");
        assert_eq!(
            std::fs::read(dir.path().join("a/b/c.html")).unwrap(),
            b"deep"
        );
        assert_eq!(list_files(dir.path()), ["a/b/c.html", "x.html"]);
    }
}

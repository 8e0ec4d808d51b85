//! Rendered pages to the output folder. A full build writes a complete new folder
//! beside the old one and swaps it in only when everything is written, so a failed
//! build never leaves a half-built site. Knows nothing of Markdown or templates.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::load::{Refusal, check_entry, is_ignored_name};
use crate::error::{Error, Result};

/// One file to write: its path relative to the output folder and its bytes.
pub type OutputFile = (String, Vec<u8>);

/// Refuses an output folder that is, or contains, the site or its content: writing
/// there would destroy the writer's files. Checked before anything is touched.
pub fn check_output_location(site_dir: &Path, output: &Path) -> Result<()> {
    let site = site_dir
        .canonicalize()
        .map_err(|e| Error::io(site_dir, e))?;
    let out = absolute(output)?;
    for (other, name) in [
        (site.clone(), "the site folder"),
        (site.join("content"), "the content folder"),
        (site.join("templates"), "the templates folder"),
        (site.join("static"), "the static folder"),
    ] {
        if out == other {
            return Err(Error::UnsafeOutput {
                output: output.to_path_buf(),
                other: PathBuf::from(name),
                relation: "is",
            });
        }
        if other.starts_with(&out) {
            return Err(Error::UnsafeOutput {
                output: output.to_path_buf(),
                other: PathBuf::from(name),
                relation: "contains",
            });
        }
        if name != "the site folder" && out.starts_with(&other) {
            return Err(Error::UnsafeOutput {
                output: output.to_path_buf(),
                other: PathBuf::from(name),
                relation: "is inside",
            });
        }
    }
    Ok(())
}

/// The absolute form of a path that may not exist yet, with symlinks of its
/// existing ancestors resolved.
fn absolute(path: &Path) -> Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io(".", e))?
            .join(path)
    };
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(path),
        }
    }
}

/// Writes a complete site: pages, then theme assets, then `static/` (which wins over
/// both), into a temporary folder beside `output`, then swaps it in. Returns the
/// number of files written.
pub fn write_site(output: &Path, files: &[OutputFile], static_dir: Option<&Path>) -> Result<usize> {
    write_site_with(output, static_dir, |temp| write_files(temp, files))
}

/// Like [`write_site`], with the pages written by `fill` into the temporary folder
/// it is given, so a build can write each page as soon as it is rendered instead of
/// holding the whole site in memory. An error from `fill` discards the folder.
pub fn write_site_with<E>(
    output: &Path,
    static_dir: Option<&Path>,
    fill: impl FnOnce(&Path) -> Result<usize, E>,
) -> Result<usize, E>
where
    E: From<Error>,
{
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let stamp = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    );
    let temp = parent.join(format!(".{name}.new-{stamp}"));
    let result = (|| {
        std::fs::create_dir_all(&temp).map_err(|e| Error::io(&temp, e))?;
        let mut count = fill(&temp)?;
        if let Some(dir) = static_dir.filter(|d| d.is_dir()) {
            count += copy_static(dir, &temp)?;
        }
        Ok(count)
    })();
    let count = match result {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&temp);
            return Err(e);
        }
    };
    swap_in(&temp, output, &parent.join(format!(".{name}.old-{stamp}")))?;
    Ok(count)
}

/// Moves `new` to `output`, keeping the old folder until the new one is in place.
fn swap_in(new: &Path, output: &Path, old: &Path) -> Result<()> {
    let had_old = output.exists();
    if had_old {
        if let Err(e) = std::fs::rename(output, old) {
            let _ = std::fs::remove_dir_all(new);
            return Err(Error::io(output, e));
        }
    }
    if let Err(e) = std::fs::rename(new, output) {
        if had_old {
            let _ = std::fs::rename(old, output);
        }
        let _ = std::fs::remove_dir_all(new);
        return Err(Error::io(output, e));
    }
    if had_old {
        std::fs::remove_dir_all(old).map_err(|e| Error::io(old, e))?;
    }
    Ok(())
}

/// Writes one file under `dir`, creating its folder.
pub fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
}

/// Writes files under `dir`, creating folders first, then files in parallel.
pub fn write_files(dir: &Path, files: &[OutputFile]) -> Result<usize> {
    let folders: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|(rel, _)| dir.join(rel).parent().map(Path::to_path_buf))
        .collect();
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // create_dir_all tolerates another thread creating the same parent concurrently.
    folders
        .par_iter()
        .try_for_each(|f| std::fs::create_dir_all(f).map_err(|e| Error::io(f, e)))?;
    files.par_iter().try_for_each(|(rel, bytes)| {
        let path = dir.join(rel);
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    })?;
    Ok(files.len())
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
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            let tmp = path.with_file_name(format!(
                ".{}.tmp-{}",
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                std::process::id()
            ));
            std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
            std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
            Ok(Some(rel.clone()))
        })
        .collect::<Result<_>>()?;
    Ok(changed.into_iter().flatten().collect())
}

/// Copies `static/` into the output as it is; hidden and editor files are skipped,
/// and a symbolic link is copied only where [`crate::content::load::check_entry`]
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
) -> Result<(usize, Vec<(PathBuf, Refusal)>)> {
    let root = site_dir
        .canonicalize()
        .map_err(|e| Error::io(site_dir, e))?;
    let mut count = 0;
    let mut refused = Vec::new();
    let walker = WalkDir::new(from)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(from).to_path_buf();
            Error::io(path, e.into())
        })?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
            continue;
        }
        match check_entry(&root, entry.path(), entry.file_type()) {
            Ok(()) => {
                if target.is_dir() {
                    std::fs::remove_dir_all(&target).map_err(|e| Error::io(&target, e))?;
                }
                std::fs::copy(entry.path(), &target).map_err(|e| Error::io(entry.path(), e))?;
                count += 1;
            }
            Err(Refusal::NotAFile) => {}
            Err(refusal) => refused.push((entry.path().to_path_buf(), refusal)),
        }
    }
    Ok((count, refused))
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
    fn output_may_not_hold_the_site() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("content")).unwrap();
        assert!(check_output_location(site.path(), &site.path().join("public")).is_ok());
        assert!(check_output_location(site.path(), site.path()).is_err());
        assert!(check_output_location(site.path(), &site.path().join("content")).is_err());
        assert!(check_output_location(site.path(), &site.path().join("content/x")).is_err());
        assert!(check_output_location(site.path(), site.path().parent().unwrap()).is_err());
    }

    #[test]
    fn a_swap_replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[("a/index.html".into(), b"one".to_vec())], None).unwrap();
        write_site(&out, &[("b/index.html".into(), b"two".to_vec())], None).unwrap();
        assert_eq!(list_files(&out), ["b/index.html"]);
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
}

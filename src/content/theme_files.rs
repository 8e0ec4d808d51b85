//! A site's `templates/` folder read into memory: templates (text), assets (bytes,
//! `.css`) and the words table (`strings.yaml`). The render layer compiles them
//! and does no I/O of its own.

use std::path::{Path, PathBuf};

use super::load::walk;
use crate::error::Diagnostic;

/// The files of a site's `templates/` folder.
#[derive(Debug, Default)]
pub struct ThemeFiles {
    /// (name relative to `templates/`, text, path to show in errors).
    pub templates: Vec<(String, String, PathBuf)>,
    /// (name relative to `templates/`, bytes): copied to the output.
    pub assets: Vec<(String, Vec<u8>)>,
    /// The words table's text and path, when the site has one.
    pub strings: Option<(String, PathBuf)>,
}

/// Reads `site_dir/templates` (nothing when there is none), skipping hidden and
/// editor files. Every unreadable file is reported.
pub fn read(site_dir: &Path) -> Result<ThemeFiles, Vec<Diagnostic>> {
    let mut files = ThemeFiles::default();
    let mut problems = Vec::new();
    let dir = site_dir.join("templates");
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in walk(&dir) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .and_then(|p| p.strip_prefix(site_dir).ok())
                    .map_or_else(|| PathBuf::from("templates"), Path::to_path_buf);
                problems.push(Diagnostic::file_error(path, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let name = rel.to_string_lossy().replace('\\', "/");
        let shown = Path::new("templates").join(rel);
        match std::fs::read(entry.path()) {
            Ok(bytes) if name.ends_with(".css") => files.assets.push((name, bytes)),
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) if name == "strings.yaml" => {
                    files.strings = Some((super::normalize_text(&text), shown));
                }
                Ok(text) => files
                    .templates
                    .push((name, super::normalize_text(&text), shown)),
                Err(_) => problems.push(Diagnostic::file_error(
                    shown,
                    "the template is not valid UTF-8",
                )),
            },
            Err(e) => problems.push(Diagnostic::file_error(shown, format!("cannot read: {e}"))),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Writes `files` (name relative to `templates/`, bytes) into `dir`, creating
/// folders: the built-in theme written out for editing. Refuses before writing
/// anything when one of the files exists, so that an edited theme is never
/// overwritten.
pub fn export(dir: &Path, files: &[(&str, &[u8])]) -> crate::Result<Vec<PathBuf>> {
    if let Some((name, _)) = files.iter().find(|(name, _)| dir.join(name).exists()) {
        return Err(crate::Error::OutputRefused {
            output: dir.to_path_buf(),
            reason: format!(
                "{} already exists; export into a new folder (`dossier theme export other-folder`) or move the existing files away",
                dir.join(name).display()
            ),
        });
    }
    let mut written = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let path = dir.join(name);
        let write = |path: &Path| -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)
        };
        write(&path).map_err(|source| crate::Error::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_writes_folders_and_never_overwrites() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("templates");
        let files: [(&str, &[u8]); 2] = [("base.html", b"<html>"), ("partials/x.html", b"x")];
        let written = export(&out, &files).expect("an empty folder takes the theme");
        assert_eq!(written.len(), 2);
        assert_eq!(std::fs::read(out.join("partials/x.html")).unwrap(), b"x");
        std::fs::write(out.join("base.html"), "edited").unwrap();
        let e = export(&out, &files).expect_err("existing files are kept");
        assert!(e.to_string().contains("base.html"), "{e}");
        assert_eq!(std::fs::read(out.join("base.html")).unwrap(), b"edited");
    }
}

//! One fuzz input: the files of a site folder, written into a temporary folder for
//! each run. Corpus entries are stored as such folders, byte for byte.

use std::path::Path;

#[derive(Clone, Debug, Default)]
pub struct Case {
    /// `(path relative to the site folder, bytes)`, in the order written.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Case {
    /// Sets a file, replacing one at the same path.
    pub fn file(&mut self, path: &str, contents: impl Into<Vec<u8>>) {
        let contents = contents.into();
        match self.files.iter_mut().find(|(p, _)| p == path) {
            Some(slot) => slot.1 = contents,
            None => self.files.push((path.to_owned(), contents)),
        }
    }

    pub fn write_into(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir.join("content/briefs"))?;
        for (path, bytes) in &self.files {
            let full = dir.join(path);
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(full, bytes)?;
        }
        Ok(())
    }

    /// Reads a stored case: every file under `dir`, sorted.
    pub fn load(dir: &Path) -> Case {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .expect("a readable corpus folder")
                .map(|e| e.expect("a readable corpus entry").path())
                .collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    walk(root, &path, out);
                } else {
                    let rel = path
                        .strip_prefix(root)
                        .expect("walked under the root")
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.push((rel, std::fs::read(&path).expect("a readable corpus file")));
                }
            }
        }
        let mut files = Vec::new();
        walk(dir, dir, &mut files);
        Case { files }
    }

    /// Stores the case as a site folder (replacing what `dir` held).
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        self.write_into(dir)
    }

    pub fn size(&self) -> usize {
        self.files.iter().map(|(p, b)| p.len() + b.len()).sum()
    }

    /// A readable dump for a failure message.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (path, bytes) in &self.files {
            out.push_str(&format!("--- {path} ({} bytes)\n", bytes.len()));
            let shown = &bytes[..bytes.len().min(2000)];
            match std::str::from_utf8(shown) {
                Ok(s) => out.push_str(&format!("{s:?}\n")),
                Err(_) => out.push_str(&format!("{:?}\n", String::from_utf8_lossy(shown))),
            }
        }
        out
    }
}

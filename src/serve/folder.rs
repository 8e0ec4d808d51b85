//! Where the preview is written: a memory-backed folder when the system has one
//! with room for the site, else the temporary folder.
//!
//! The preview is thrown away when the server stops, so nothing is gained by
//! putting it on a disk, and much is lost: tens of thousands of small files
//! created in a disk-backed `/tmp` took twice the time of the same files in
//! memory (a first build of 10,000 briefs: 8 s against 3.5 s here). Hugo serves
//! from memory for the same reason.

use std::path::{Path, PathBuf};

/// A site's output takes about this many times its content's bytes (pages, feeds
/// and search index; 6 times at 10,000 generated briefs), with room to spare.
const OUTPUT_PER_CONTENT_BYTE: u64 = 8;

/// Room kept free besides the output, for the rebuilds' new files and for
/// whatever else uses the folder.
const SPARE_BYTES: u64 = 256 << 20;

/// The folder to hold the preview folder: `TMPDIR` when it is set (the user
/// chose it), else the first memory-backed folder (`$XDG_RUNTIME_DIR`, then
/// `/dev/shm`) with room for the site's output, else the system's temporary
/// folder. Public so that measurements of `serve` write where it does.
pub fn preview_parent(site_dir: &Path) -> PathBuf {
    if std::env::var_os("TMPDIR").is_some_and(|v| !v.is_empty()) {
        return std::env::temp_dir();
    }
    let needed = content_bytes(&site_dir.join("content"))
        .saturating_mul(OUTPUT_PER_CONTENT_BYTE)
        .saturating_add(SPARE_BYTES);
    let runtime = std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    runtime
        .into_iter()
        .chain(std::iter::once(PathBuf::from("/dev/shm")))
        .find(|dir| in_memory_with_room(dir, needed))
        .unwrap_or_else(std::env::temp_dir)
}

/// The bytes of the files under `dir` (0 when it cannot be read: the first build
/// reports that).
fn content_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Whether `dir` is a writable folder in memory (tmpfs) with `needed` bytes free.
#[cfg(target_os = "linux")]
fn in_memory_with_room(dir: &Path, needed: u64) -> bool {
    /// `TMPFS_MAGIC` of `statfs(2)`.
    const TMPFS_MAGIC: u64 = 0x0102_1994;
    let Ok(fs) = rustix::fs::statfs(dir) else {
        return false;
    };
    // The fields' integer types differ between targets; each holds these values.
    #[allow(clippy::useless_conversion, clippy::unnecessary_cast)]
    let (kind, blocks, block_size) = (fs.f_type as u64, fs.f_bavail as u64, fs.f_bsize as u64);
    let free = blocks.saturating_mul(block_size);
    kind == TMPFS_MAGIC
        && free >= needed
        && rustix::fs::access(dir, rustix::fs::Access::WRITE_OK).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn in_memory_with_room(_: &Path, _: u64) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_bytes_add_up_every_file_below() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("briefs/2024")).expect("folders");
        std::fs::write(content.join("briefs/2024/a.md"), "x".repeat(1000)).expect("a file");
        std::fs::write(content.join("people.yaml"), "y".repeat(24)).expect("a file");
        assert_eq!(content_bytes(&content), 1024);
        assert_eq!(content_bytes(&dir.path().join("missing")), 0);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn only_a_memory_backed_folder_with_room_holds_the_preview() {
        let dev_shm = Path::new("/dev/shm");
        if !dev_shm.is_dir() {
            eprintln!("skipped: this system has no /dev/shm");
            return;
        }
        assert!(in_memory_with_room(dev_shm, 1));
        assert!(!in_memory_with_room(dev_shm, u64::MAX));
        // /proc is never tmpfs.
        assert!(!in_memory_with_room(Path::new("/proc"), 1));
        assert!(!in_memory_with_room(Path::new("/no/such/folder"), 1));
    }
}

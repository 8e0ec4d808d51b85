//! The output folder: a build never destroys what is not dossier's, never swaps in
//! a failed build, and repairs what a killed build left.

use std::fs::File;
use std::path::Path;

use crate::support::{
    Site, assert_fails_untouched, assert_mentions, built_site, entries, list_files, snapshot,
};

/// A process id that is not alive: that of a child that has exited.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the binary starts");
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Asserts a build with `args` is refused (status 3) with a message containing
/// each of `needles`, and that `dir` (the whole scratch folder) is unchanged.
fn refused_untouched(site: &Site, args: &[&str], needles: &[&str]) -> String {
    let before = snapshot(site.scratch());
    let run = site.build(args);
    assert_eq!(run.status, 3, "the build should be refused: {run:?}");
    for needle in needles {
        assert_mentions(&run.stderr, needle);
    }
    assert!(
        snapshot(site.scratch()) == before,
        "a refused build changed files: before {:?}, after {:?}",
        before.keys().collect::<Vec<_>>(),
        snapshot(site.scratch()).keys().collect::<Vec<_>>()
    );
    run.stderr
}

#[test]
fn dot_dot_after_a_missing_folder_cannot_reach_the_site() {
    let site = built_site();
    let s = site.path();
    let name = s.file_name().unwrap().to_str().unwrap();
    for output in [
        s.join("typo/../content"),
        s.join("typo/../../").join(name),
        s.join("a/b/../../static/x"),
    ] {
        refused_untouched(&site, &["-o", arg(&output)], &["refusing"]);
        assert!(!s.join("typo").exists() && !s.join("a").exists());
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_to_the_content_is_refused() {
    let site = built_site();
    let links = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(site.path(), links.path().join("link")).unwrap();
    let output = links.path().join("link/typo/../content");
    refused_untouched(
        &site,
        &["-o", arg(&output)],
        &["refusing", "content folder"],
    );
    assert_eq!(entries(links.path()), ["link".to_owned()].into());
}

#[test]
fn an_unrelated_folder_is_refused_and_untouched() {
    let site = built_site();
    let mine = site.scratch().join("documents");
    write(&mine.join("thesis.tex"), "years of work");
    write(&mine.join("notes/a.txt"), "notes");
    let err = refused_untouched(&site, &["-o", arg(&mine)], &["refusing", "documents"]);
    assert_mentions(&err, "`thesis.tex`");
    assert_mentions(&err, "--clean");
}

#[test]
fn a_file_is_refused_and_untouched() {
    let site = built_site();
    let report = site.scratch().join("report.txt");
    write(&report, "quarterly numbers");
    let err = refused_untouched(&site, &["-o", arg(&report)], &["report.txt"]);
    assert_mentions(&err, "is a file");
    // Not even with --clean.
    refused_untouched(&site, &["-o", arg(&report), "--clean"], &["is a file"]);
}

#[test]
fn a_gh_pages_worktree_keeps_git_cname_and_nojekyll() {
    let site = Site::new();
    site.simple_brief("first", "First", "2023-01-01", &[]);
    site.simple_brief("second", "Second", "2023-01-02", &[]);
    let deploy = site.scratch().join("deploy");
    // A worktree's `.git` is a file naming the repository.
    write(
        &deploy.join(".git"),
        "gitdir: /repo/.git/worktrees/deploy\n",
    );
    write(&deploy.join(".nojekyll"), "");
    site.build_ok(&["-o", arg(&deploy)]);
    write(&deploy.join("CNAME"), "briefings.example.org\n");
    write(&deploy.join("downloads/report.pdf"), "%PDF");
    site.remove("content/briefs/first.md");
    site.build_ok(&["-o", arg(&deploy)]);
    let files = list_files(&deploy);
    for kept in [".git", ".nojekyll", "CNAME", "downloads/report.pdf"] {
        assert!(files.contains(kept), "{kept} was lost: {files:?}");
    }
    assert_eq!(
        std::fs::read_to_string(deploy.join(".git")).unwrap(),
        "gitdir: /repo/.git/worktrees/deploy\n"
    );
    assert!(files.contains("briefs/second/index.html"), "{files:?}");
    assert!(
        !files.contains("briefs/first/index.html"),
        "the deleted brief's page stayed: {files:?}"
    );
    assert_eq!(
        entries(site.scratch()),
        ["deploy", "site"].map(String::from).into(),
        "temporary folders or the lock were left beside the output"
    );
}

#[test]
fn a_deleted_briefs_page_is_removed_and_the_manifest_follows() {
    let site = Site::new();
    site.simple_brief("first", "First", "2023-01-01", &[]);
    site.simple_brief("second", "Second", "2023-01-02", &[]);
    site.build_ok(&[]);
    assert!(
        site.read(".dossier-manifest")
            .contains("briefs/first/index.html")
    );
    site.remove("content/briefs/first.md");
    site.build_ok(&[]);
    assert!(!site.out().join("briefs/first").exists());
    let manifest = site.read(".dossier-manifest");
    assert!(!manifest.contains("briefs/first/"), "{manifest}");
    assert!(manifest.contains("briefs/second/index.html"), "{manifest}");
}

#[test]
fn clean_replaces_a_foreign_folder_but_keeps_its_dotfiles() {
    let site = built_site();
    let www = site.scratch().join("www");
    write(&www.join("old-site/index.html"), "made by another tool");
    write(&www.join(".git/HEAD"), "ref: refs/heads/gh-pages\n");
    write(&www.join(".well-known/security.txt"), "Contact: x");
    site.build_ok(&["-o", arg(&www), "--clean"]);
    let files = list_files(&www);
    assert!(!files.contains("old-site/index.html"), "{files:?}");
    assert!(files.contains("index.html"), "{files:?}");
    assert!(files.contains(".git/HEAD") && files.contains(".well-known/security.txt"));
    // Once built, the folder is dossier's: no --clean needed.
    site.build_ok(&["-o", arg(&www)]);
}

#[test]
fn a_folder_of_only_dotfiles_counts_as_empty() {
    let site = built_site();
    let www = site.scratch().join("www");
    write(&www.join(".git/HEAD"), "ref");
    site.build_ok(&["-o", arg(&www)]);
    assert!(list_files(&www).contains(".git/HEAD"));
}

#[test]
fn a_hand_written_file_in_the_way_of_a_page_is_refused() {
    let site = built_site();
    write(&site.out().join("briefs/new/index.html"), "written by hand");
    site.simple_brief("new", "New", "2023-07-01", &[]);
    let err = assert_fails_untouched(&site, &[]);
    assert_mentions(&err, "briefs/new/index.html");
    assert_mentions(&err, "--clean");
    site.build_ok(&["--clean"]);
    assert_ne!(site.read("briefs/new/index.html"), "written by hand");
}

#[test]
fn leftovers_of_a_killed_build_are_removed() {
    let site = built_site();
    let pid = dead_pid();
    let new = site.path().join(format!(".public.new-{pid}-1"));
    write(&new.join("briefs/half/index.html"), "half written");
    let old = site.path().join(format!(".public.old-{pid}-2"));
    write(&old.join("index.html"), "a previous site");
    site.build_ok(&[]);
    assert!(!new.exists() && !old.exists());
    assert_eq!(
        entries(site.path()),
        ["content", "public", "site.yaml"].map(String::from).into()
    );
    assert!(!site.output_files().contains("briefs/half/index.html"));
}

#[test]
fn a_missing_output_is_restored_from_its_old_copy() {
    let site = built_site();
    write(&site.out().join("CNAME"), "example.org");
    let before = snapshot(&site.out());
    // A kill between the two renames of the fallback swap: the previous output
    // renamed away, the new one (holding the kept entries) not yet in place.
    let pid = dead_pid();
    let old = site.path().join(format!(".public.old-{pid}-5"));
    std::fs::rename(site.out(), &old).unwrap();
    let new = site.path().join(format!(".public.new-{pid}-5"));
    write(&new.join("index.html"), "new");
    write(
        &new.join(".dossier-manifest"),
        &format!("# dossier manifest {pid}-5\nindex.html\n"),
    );
    std::fs::rename(old.join("CNAME"), new.join("CNAME")).unwrap();
    // Even a build that then fails repairs the output first.
    site.file("content/briefs/bad.md", "no front matter\n");
    let run = site.build(&[]);
    assert_eq!(run.status, 1, "{run:?}");
    assert!(
        snapshot(&site.out()) == before,
        "the output was not restored"
    );
    assert!(!old.exists() && !new.exists());
    site.remove("content/briefs/bad.md");
    site.build_ok(&[]);
    assert!(site.output_files().contains("CNAME"));
}

#[test]
fn a_second_build_fails_while_the_lock_is_held() {
    let site = built_site();
    let lock_path = site.path().join(".public.lock");
    let lock = File::create(&lock_path).unwrap();
    lock.try_lock().expect("the test takes the lock");
    let before = snapshot(&site.out());
    site.simple_brief("later", "Later", "2023-08-01", &[]);
    let run = site.build(&[]);
    assert_eq!(run.status, 3, "{run:?}");
    assert_mentions(&run.stderr, "another dossier build");
    assert_mentions(&run.stderr, ".public.lock");
    assert!(snapshot(&site.out()) == before, "the output changed");
    drop(lock);
    site.build_ok(&[]);
    assert!(site.output_files().contains("briefs/later/index.html"));
    assert!(!lock_path.exists(), "the lock file was left behind");
}

#[test]
fn content_as_a_file_is_an_error_and_keeps_the_output() {
    let site = built_site();
    std::fs::remove_dir_all(site.path().join("content")).unwrap();
    site.file("content", "not a folder");
    let err = assert_fails_untouched(&site, &[]);
    assert_mentions(&err, "content: error: `content` is a file, not a folder");
}

#[test]
fn failed_builds_never_swap_in_new_output() {
    // A content error.
    let site = built_site();
    site.file("content/briefs/bad.md", "---\ntitle: [unclosed\n---\n");
    assert_fails_untouched(&site, &[]);
    // A template error.
    let site = built_site();
    site.file("templates/brief.html", "{% if %}\n");
    assert_fails_untouched(&site, &[]);
    // A bad output location.
    let site = built_site();
    let content = site.path().join("typo/../content");
    assert_fails_untouched(&site, &["-o", arg(&content)]);
}

#[test]
fn an_over_long_slug_is_refused_before_anything_is_written() {
    let site = built_site();
    let slug: String = "a".repeat(300);
    site.brief(
        "long",
        &format!("title: Long\ndate: 2023-02-01\nsource: S\nslug: {slug}\n"),
        "Body.\n",
    );
    // Long derived slugs are cut and explicit ones refused where they are written,
    // so no file name can be too long for the file system; the write-side error
    // names the output path (see the staging unit tests).
    let err = assert_fails_untouched(&site, &[]);
    assert_mentions(&err, "content/briefs/long.md:5");
    assert!(!err.contains(".public.new"), "{err}");
}

/// The manifest lists exactly the files of the output, pages and static files
/// alike, also when a static file takes the place of a page's folder.
#[test]
fn the_manifest_lists_exactly_what_was_written() {
    let site = built_site();
    write(&site.path().join("static/css/extra.css"), "p {}");
    write(&site.path().join("static/robots.txt"), "User-agent: *");
    let check = |site: &Site| {
        site.build_ok(&[]);
        let manifest = site.read(".dossier-manifest");
        // A page's line begins with its stamp (`=hash:length:mtime path`); a
        // static file's is the path alone.
        let listed: std::collections::BTreeSet<String> = manifest
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| match l.strip_prefix('=') {
                Some(stamped) => stamped.split_once(' ').expect("stamp, space, path").1,
                None => l,
            })
            .map(str::to_owned)
            .collect();
        let mut files = list_files(&site.out());
        files.remove(".dossier-manifest");
        assert_eq!(listed, files);
        assert!(
            manifest.contains(" index.html\n") && manifest.contains("\n="),
            "{manifest}"
        );
    };
    check(&site);
    // A static file named like the folder of the sources index replaces it.
    write(&site.path().join("static/sources"), "a file, not a folder");
    check(&site);
}

//! What a publication needs beyond briefs: a host's dotfiles in `static/`, authors,
//! custom fields and images, standalone pages, a second taxonomy, redirects from
//! old URLs, warnings for what would otherwise be ignored, and embargoed briefs.

use crate::support::Site;

#[test]
fn static_dotfiles_are_published_and_junk_is_not() {
    let site = Site::from_fixture("static-dotfiles");
    site.file("static/.DS_Store", "junk")
        .file("static/img/Thumbs.db", "junk")
        .file("static/.notes.txt.swp", "junk")
        .file("static/notes.txt~", "junk")
        .file("static/.git/config", "junk");
    site.build_ok(&[]);
    let files = site.output_files();
    for kept in [".nojekyll", ".htaccess", ".well-known/security.txt"] {
        assert!(files.contains(kept), "{kept} missing: {files:?}");
    }
    assert_eq!(site.read(".htaccess"), "ErrorDocument 404 /404.html\n");
    for junk in [
        ".DS_Store",
        "img/Thumbs.db",
        ".notes.txt.swp",
        "notes.txt~",
        ".git/config",
    ] {
        assert!(!files.contains(junk), "{junk} published: {files:?}");
    }
    // A second build replaces what the first wrote from `static/` (the output's
    // top-level dotfiles it wrote are its own), and one removed from `static/`
    // leaves the output.
    site.file("static/.htaccess", "Options -Indexes\n");
    site.remove("static/.nojekyll");
    site.build_ok(&[]);
    assert_eq!(site.read(".htaccess"), "Options -Indexes\n");
    let files = site.output_files();
    assert!(!files.contains(".nojekyll"), "{files:?}");
    assert!(files.contains(".well-known/security.txt"), "{files:?}");
}

#[test]
fn serve_mirrors_static_dotfiles_but_not_junk() {
    let site = Site::from_fixture("static-dotfiles");
    let out = site.scratch().join("served");
    std::fs::create_dir_all(&out).unwrap();
    site.file("static/.DS_Store", "junk");
    let changed = dossier::serve::sync_static(
        site.path(),
        &out,
        &[
            "static/.htaccess".into(),
            "static/.well-known".into(),
        ],
    );
    assert_eq!(changed, [".htaccess", ".well-known"]);
    assert!(out.join(".well-known/security.txt").is_file());
    let mut batch = dossier::serve::watch::Batch::default();
    batch.add(std::path::Path::new("static/.DS_Store"));
    batch.add(std::path::Path::new("static/.nojekyll"));
    assert_eq!(
        batch.statics,
        [std::path::PathBuf::from("static/.nojekyll")]
    );
}

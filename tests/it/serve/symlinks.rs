//! Symbolic links are held to one rule on every path: `build`'s walk of
//! `content/` and copy of `static/`, and `serve`'s reload of a changed file and
//! copy of a changed static file. A link is read only when it leads to a
//! regular file inside the site folder; links made while `serve` runs are no
//! exception.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;

use super::live::{Events, Fixture, Serve, brief};
use crate::support::{Site, list_files, read_text};

/// Planted outside the site; must never be published.
const SECRET: &str = "SECRET-link-5d2e-NEVER-PUBLISHED";

/// `<scratch>/outside/`: a secret text file and a secret (valid) brief.
fn plant_outside(scratch: &Path) -> std::path::PathBuf {
    let outside = scratch.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), SECRET).unwrap();
    std::fs::write(
        outside.join("secret.md"),
        format!("---\ntitle: \"{SECRET}\"\ndate: 2023-01-01\nsource: X\n---\n{SECRET}\n"),
    )
    .unwrap();
    outside
}

/// Every file under `dir` that holds the secret or looks like /etc/passwd.
fn leaks(dir: &Path) -> Vec<String> {
    list_files(dir)
        .into_iter()
        .filter(|rel| {
            let bytes = std::fs::read(dir.join(rel)).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            text.contains(SECRET) || text.contains("root:")
        })
        .collect()
}

#[test]
fn build_reads_only_links_to_files_inside_the_site() {
    let site = Site::new();
    site.simple_brief("real", "Real Brief", "2023-05-01", &[]);
    site.file(
        "notes/inside.md",
        "---\ntitle: Linked Inside\ndate: 2023-05-02\nsource: X\n---\nok\n",
    );
    site.file("static/real.css", "p{}");
    let outside = plant_outside(site.scratch());
    let root = site.path();
    symlink(
        root.join("notes/inside.md"),
        root.join("content/briefs/inside.md"),
    )
    .unwrap();
    symlink(
        outside.join("secret.md"),
        root.join("content/briefs/leak.md"),
    )
    .unwrap();
    symlink(root.join("static/real.css"), root.join("static/alias.css")).unwrap();
    symlink(outside.join("secret.txt"), root.join("static/secret.txt")).unwrap();
    symlink("/etc/passwd", root.join("static/passwd")).unwrap();
    symlink(&outside, root.join("static/leakdir")).unwrap();

    let run = site.build_ok(&[]);
    assert!(
        run.stderr.contains("content/briefs/leak.md")
            && run.stderr.contains("outside the site folder"),
        "{}",
        run.stderr
    );
    let files = site.output_files();
    assert!(files.contains("briefs/inside/index.html"), "{files:?}");
    assert_eq!(read_text(&site.out().join("alias.css")), "p{}");
    for absent in [
        "secret.txt",
        "passwd",
        "leakdir/secret.txt",
        "briefs/leak/index.html",
    ] {
        assert!(!files.contains(absent), "{absent} published: {files:?}");
    }
    assert_eq!(leaks(&site.out()), Vec::<String>::new());
}

#[test]
fn links_made_while_serving_follow_the_build_rule() {
    let fixture = Fixture::new("title: Test Briefings\n");
    let outside = plant_outside(fixture.scratch());
    let root = fixture.site();
    fixture.write("notes/inside.md", &brief("Linked Inside", "2023-05-02"));
    let mut serve = Serve::start(&fixture, &[]);
    let served = serve.served_dir(&fixture);
    let mut events = Events::open(&serve);

    // Allowed on both paths: links to files inside the site.
    symlink(
        root.join("notes/inside.md"),
        root.join("content/briefs/inside.md"),
    )
    .unwrap();
    events.expect_reload_of(&serve.path("briefs/inside/"));
    assert_eq!(serve.get(&serve.path("briefs/inside/")).status, 200);
    symlink(root.join("static/extra.css"), root.join("static/alias.css")).unwrap();
    events.expect_named("css");
    assert_eq!(
        serve.get(&serve.path("alias.css")).text(),
        "p { color: black; }\n"
    );

    // Refused: links leading out of the site, to a file or to a folder.
    symlink(outside.join("secret.txt"), root.join("static/secret.txt")).unwrap();
    symlink("/etc/passwd", root.join("static/passwd")).unwrap();
    symlink(&outside, root.join("static/leakdir")).unwrap();
    for name in ["static/secret.txt", "static/passwd", "static/leakdir"] {
        serve.wait_stderr(&format!("{name}: symbolic link"));
    }
    symlink(
        outside.join("secret.md"),
        root.join("content/briefs/leak.md"),
    )
    .unwrap();
    // Skipped with the warning `build` gives, not published.
    let stderr = serve.wait_stderr("content/briefs/leak.md");
    assert!(
        stderr.contains("content/briefs/leak.md: warning: skipped: symbolic link to a file outside the site folder"),
        "{stderr}"
    );

    for path in [
        "secret.txt",
        "passwd",
        "leakdir/secret.txt",
        "leakdir/",
        "briefs/leak/",
    ] {
        let res = serve.get(&serve.path(path));
        assert_eq!(res.status, 404, "{path}");
        assert!(
            !res.text().contains(SECRET) && !res.text().contains("root:"),
            "{path}"
        );
    }
    assert!(!serve.get(&serve.path("")).text().contains(SECRET));
    assert_eq!(leaks(&served), Vec::<String>::new());

    // Replacing a served file by a link to the outside withdraws it.
    std::fs::remove_file(root.join("static/extra.css")).unwrap();
    symlink(outside.join("secret.txt"), root.join("static/extra.css")).unwrap();
    serve.wait_stderr("static/extra.css: symbolic link");
    assert_eq!(serve.get(&serve.path("extra.css")).status, 404);
    assert_eq!(leaks(&served), Vec::<String>::new());
    drop(events);
    serve.stop_with("TERM");
}

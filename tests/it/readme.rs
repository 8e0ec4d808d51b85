//! README.md's commands, run as written in a clean copy of the repository: the
//! sample site builds and `check` finds nothing, and a new site made with the two
//! commands README gives builds too.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::read_text;

/// The repository's files (those git tracks, else every file but build output),
/// copied into a new temporary folder.
fn clean_copy() -> (tempfile::TempDir, PathBuf) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("dossier");
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(repo)
        .output()
        .ok()
        .filter(|o| o.status.success() && !o.stdout.is_empty());
    let files: Vec<PathBuf> = match listed {
        Some(out) => out
            .stdout
            .split(|&b| b == 0)
            .filter(|f| !f.is_empty())
            .map(|f| PathBuf::from(String::from_utf8_lossy(f).into_owned()))
            .collect(),
        None => walkdir::WalkDir::new(repo)
            .into_iter()
            .filter_entry(|e| !matches!(e.file_name().to_str(), Some("target" | ".git" | "public")))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(repo).unwrap().to_path_buf())
            .collect(),
    };
    for rel in files {
        let from = repo.join(&rel);
        if !from.is_file() {
            continue; // deleted in the work tree
        }
        let to = copy.join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    (tmp, copy)
}

/// The `dossier` commands of README's shell blocks (a `cargo run --release --`
/// prefix counts as `dossier`), in order, except the long-running `serve`.
fn readme_commands(readme: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = !in_sh && line.trim() == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let line = line.split(" #").next().unwrap_or(line).trim();
        for part in line.split("&&").map(str::trim) {
            let rest = part
                .strip_prefix("dossier ")
                .or_else(|| part.strip_prefix("cargo run --release -- "));
            if let Some(rest) = rest
                && !rest.starts_with("serve")
            {
                out.push(shell_words(rest));
            } else if let Some(dir) = part.strip_prefix("cd ") {
                out.push(vec!["cd".to_owned(), dir.to_owned()]);
            }
        }
    }
    out
}

/// Words of a shell command line with double-quoted strings (all README uses).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

#[test]
fn shell_words_split_like_a_shell() {
    assert_eq!(
        shell_words(r#"new brief "Talks in Geneva" --people "A, B" --site ."#),
        [
            "new",
            "brief",
            "Talks in Geneva",
            "--people",
            "A, B",
            "--site",
            "."
        ]
    );
}

#[test]
fn readme_commands_work_in_a_clean_copy() {
    let (_tmp, copy) = clean_copy();
    let readme = read_text(&copy.join("README.md"));
    assert!(
        readme.contains("cargo install --locked --path ."),
        "README says how to install"
    );
    let commands = readme_commands(&readme);
    for needed in [&["build"][..], &["check"], &["init", "my-briefings"]] {
        assert!(
            commands.iter().any(|c| c == needed),
            "README has no `dossier {}` in a sh block: {commands:?}",
            needed.join(" ")
        );
    }
    let mut cwd = copy.clone();
    for command in &commands {
        if command[0] == "cd" {
            cwd = cwd.join(&command[1]);
            continue;
        }
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(command)
            .current_dir(&cwd)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "`dossier {}` failed in {}:\n{stderr}",
            command.join(" "),
            cwd.display()
        );
        // The sample site and a new site build and check without a warning
        // (`new` may warn of names the new registry does not have yet).
        if matches!(command[0].as_str(), "build" | "check") {
            assert!(
                !stderr.contains("warning"),
                "`dossier {}` warned:\n{stderr}",
                command.join(" ")
            );
        }
    }
    // The new site, with what README's `new` commands added, builds.
    let new_site = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .current_dir(&cwd)
        .output()
        .unwrap();
    assert!(
        new_site.status.success() && cwd.join("public/index.html").is_file(),
        "{}",
        String::from_utf8_lossy(&new_site.stderr)
    );
    // The sample site was built at the root of the copy, and `check` there found
    // nothing even when warnings fail it.
    assert!(copy.join("public/index.html").is_file());
    let strict = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--deny-warnings"])
        .current_dir(&copy)
        .output()
        .unwrap();
    assert!(
        strict.status.success(),
        "{}",
        String::from_utf8_lossy(&strict.stderr)
    );
}

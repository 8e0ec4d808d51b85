//! `dossier init`: a new site that builds, previews and checks cleanly at once.

use std::path::Path;

use super::Terminal;
use crate::cli::InitArgs;
use crate::error::{Error, exit};

/// Creates the site and prints the next two commands.
pub(super) fn init(term: &Terminal, args: &InitArgs) -> i32 {
    let today = jiff::Zoned::now().date();
    match create(&args.dir, args.force, today) {
        Ok(()) => {
            term.say(format!("created a new site in {}", args.dir.display()));
            term.say("next:");
            if args.dir == Path::new(".") {
                term.say("  dossier build");
            } else {
                term.say(format!("  cd {}", shell_word(&args.dir.to_string_lossy())));
            }
            term.say("  dossier serve --open");
            exit::OK
        }
        Err(e) => term.fail(&e),
    }
}

/// `word` quoted for a POSIX shell when it needs it.
fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Writes the site's files into `dir`: it must be missing or empty, or (with
/// `force`) hold no site yet. Files already there are never replaced.
pub(crate) fn create(dir: &Path, force: bool, today: jiff::civil::Date) -> crate::Result<()> {
    let refuse = |message: String| Error::Site {
        path: dir.to_path_buf(),
        message,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(refuse("is a file, not a folder".into()));
    }
    if dir.is_dir() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            if dir.join("site.yaml").exists() || dir.join("content").exists() {
                return Err(refuse(
                    "already holds a site (site.yaml or content/); init never writes over one"
                        .into(),
                ));
            }
            if !force {
                return Err(refuse(
                    "is not empty; choose a new or empty folder, or add --force to write the site beside what is there (existing files are kept)".into(),
                ));
            }
        }
    }
    let year = today.year();
    let date = today.to_string();
    let brief = format!("content/briefs/{year}/{date}-first-brief.md");
    let files: [(&str, String); 6] = [
        ("site.yaml", SITE_YAML.to_owned()),
        (".gitignore", "public/\n".to_owned()),
        ("content/people/ada-lovelace.md", PERSON.to_owned()),
        ("content/topics/computing.md", TOPIC.to_owned()),
        (&brief, BRIEF.replace("{date}", &date)),
        ("static/.gitkeep", String::new()),
    ];
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        write_new(&path, text)?;
    }
    Ok(())
}

/// Writes a file that must not exist yet (never replaced, even in a race).
pub(crate) fn write_new(path: &Path, text: &str) -> crate::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Site {
                    path: path.to_path_buf(),
                    message: "already exists; it was left as it is (choose another name, or remove the file first)".into(),
                }
            } else {
                Error::io(path, e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(path, e))
}

const SITE_YAML: &str = "\
# Site settings. Every key is optional: a commented line shows the default.
title: My Briefings
description: Briefings on the people and topics we follow.
# base_url: https://example.org/briefings/   # where the site is published, for canonical links
# language: en                  # <html lang>
# briefs_per_page: 20           # briefs per page of /briefs/ and other lists
# index_per_page: 1000          # entries per page of /people/, /topics/, /sources/
# home_briefs: 10               # briefs on the home page
# mentions: first               # names in bodies linked: first (per brief), all, none
# time_zone: Europe/Paris       # what \"today\" is for `dossier new` and `check`; default: this machine's
# markdown:
#   raw_html: sanitize          # raw HTML in bodies: sanitize, escape, allow (trusted writers only)
#   smart_punctuation: true
# extra: {}                     # free values for your own templates (config.extra)
";

const PERSON: &str = "\
---
name: Ada Lovelace
aliases: [Lovelace, Countess of Lovelace]
role: Mathematician
organization: Analytical Engine project
roles:
  - title: Translator and annotator
    organization: Analytical Engine project
    from: 1842-01-01
    to: 1843-12-31
  - title: Mathematician
    from: 1844-01-01
country: United Kingdom
---
Ada Lovelace wrote the first published program for a general-purpose computer.
Replace this file with a person your briefs follow: `dossier new person \"Name\"`.
";

const TOPIC: &str = "\
---
name: Computing
aliases: [computers]
---
Machines that calculate. Replace this topic with one of yours: `dossier new topic \"Name\"`.
";

const BRIEF: &str = "\
---
title: A First Brief
date: {date}
source:
  name: Example Gazette
  url: https://example.org/
  title: The article this brief is based on
people: [Ada Lovelace]
topics: [Computing]
summary: What a brief looks like; write your own with `dossier new brief \"Title\"`.
quotes:
  - by: Ada Lovelace
    text: \"The Analytical Engine weaves algebraic patterns.\"
draft: false
---
Lovelace is named in this paragraph, so her page lists this brief with the sentence.
Names and aliases of the registry are linked in the text.

## How to link

Link a heading of this page as [`#how-to-link`](#how-to-link), another brief as
`@/briefs/<year>/<file>.md`, and a file of `static/` from the site root, as
`/files/report.pdf`: links are made relative, so the site works at any path.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_when_needed() {
        assert_eq!(shell_word("my-site"), "my-site");
        assert_eq!(shell_word("my site"), "'my site'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}

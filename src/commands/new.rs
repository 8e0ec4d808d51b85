//! `dossier new brief|person|topic`: a new file with every field in place, its
//! names checked against the registry.

use std::path::{Path, PathBuf};

use super::Terminal;
use super::init::write_new;
use crate::check::{RegistryName, nearest_registry_name, registry_names};
use crate::cli::{NewBriefArgs, NewCommand, NewCommon, NewPersonArgs, NewTopicArgs};
use crate::content::Documents;
use crate::error::{Diagnostic, Error, exit};
use crate::slug::{name_key, slugify};

/// Writes the file, prints its path, and opens it when asked.
pub(super) fn new(term: &Terminal, command: NewCommand) -> i32 {
    let (common, outcome) = match command {
        NewCommand::Brief(args) => {
            let outcome = brief(&args);
            (args.common, outcome)
        }
        NewCommand::Person(args) => {
            let outcome = person(&args);
            (args.common, outcome)
        }
        NewCommand::Topic(args) => {
            let outcome = topic(&args);
            (args.common, outcome)
        }
    };
    match outcome {
        Ok((path, warnings)) => {
            term.diagnostics(&warnings);
            println!("{}", path.display());
            if common.open {
                return open(term, &common.site_dir.join(&path));
            }
            exit::OK
        }
        Err(e) => term.fail(&e),
    }
}

/// What a `new` command wrote (relative to the site folder) and its warnings.
type Written = (PathBuf, Vec<Diagnostic>);

fn brief(args: &NewBriefArgs) -> crate::Result<Written> {
    let site_dir = &args.common.site_dir;
    crate::check_site_dir(site_dir)?;
    let config = crate::load_config(site_dir, None)?;
    let date = match &args.date {
        Some(text) => text.parse::<jiff::civil::Date>().map_err(|_| Error::Site {
            path: PathBuf::from("--date"),
            message: format!("`{text}` is not a date: write it as YYYY-MM-DD"),
        })?,
        None => config.today(),
    };
    let slug = slugify(&args.title);
    if slug.is_empty() {
        return Err(Error::Site {
            path: PathBuf::from("TITLE"),
            message: "the title needs letters or digits to make a file name from".into(),
        });
    }
    let rel = PathBuf::from(format!("content/briefs/{}/{date}-{slug}.md", date.year()));
    let people = split_list(args.people.as_deref());
    let topics = split_list(args.topics.as_deref());
    let docs = crate::content::load(site_dir).documents;
    let mut warnings = Vec::new();
    let known_people = people_names(&docs);
    let known_topics = topic_names(&docs);
    for name in &people {
        warnings.extend(unknown_name(&rel, name, &known_people, "person", "people"));
    }
    for name in &topics {
        warnings.extend(unknown_name(&rel, name, &known_topics, "topic", "topics"));
    }
    let (source_name, url) = match (&args.source, &args.url) {
        (Some(s), url) if is_url(s) && url.is_none() => (Some(host_of(s)), Some(s.clone())),
        (Some(s), url) => (Some(s.clone()), url.clone()),
        (None, Some(url)) => (Some(host_of(url)), Some(url.clone())),
        (None, None) => (None, None),
    };
    let mut text = String::from("---\n");
    text.push_str(&format!("title: {}\n", quote(&args.title)));
    text.push_str(&format!("date: {date}\n"));
    text.push_str("source:\n");
    match &source_name {
        Some(name) => text.push_str(&format!("  name: {}   # who published it\n", quote(name))),
        None => text.push_str(
            "  name: \"Source to name\"   # who published it; the brief stays a draft until then\n",
        ),
    }
    match &url {
        Some(url) => text.push_str(&format!("  url: {}\n", quote(url))),
        None => text.push_str("  url:            # link to the document\n"),
    }
    text.push_str("  title:          # the document's own title\n");
    text.push_str("  issued:         # its date, YYYY-MM-DD\n");
    text.push_str(&format!(
        "people: {}   # names, aliases or slugs of content/people/\n",
        flow_list(&people)
    ));
    text.push_str(&format!("topics: {}\n", flow_list(&topics)));
    text.push_str("summary:          # one or two sentences for lists; else the first paragraph\n");
    text.push_str(
        "quotes: []        # - by: Name\n                  #   text: \"What was said.\"\n",
    );
    text.push_str(&format!("draft: {}\n", source_name.is_none()));
    text.push_str("# slug: custom-slug          # else the file name without its date\n");
    text.push_str("# updated: YYYY-MM-DD\n");
    text.push_str("---\n\nWrite the brief here.\n");
    let path = site_dir.join(&rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    write_new(&path, &text)?;
    Ok((rel, warnings))
}

fn person(args: &NewPersonArgs) -> crate::Result<Written> {
    registry_file(
        &args.common,
        "people",
        "person",
        &args.name,
        &args.aliases,
        "role:             # the current or best-known role\n\
         organization:\n\
         roles: []         # - title: ...\n                  #   organization: ...\n                  #   from: YYYY-MM-DD\n                  #   to: YYYY-MM-DD   (none while held)\n\
         country:\n",
        "A short biography in Markdown.\n",
    )
}

fn topic(args: &NewTopicArgs) -> crate::Result<Written> {
    registry_file(
        &args.common,
        "topics",
        "topic",
        &args.name,
        &args.aliases,
        "",
        "A short description in Markdown.\n",
    )
}

/// Writes `content/<folder>/<slug>.md` for a new registry entry; a name already in
/// the registry, or one typo away from a registry name, is a warning.
fn registry_file(
    common: &NewCommon,
    folder: &str,
    what: &str,
    name: &str,
    aliases: &[String],
    fields: &str,
    body: &str,
) -> crate::Result<Written> {
    let site_dir = &common.site_dir;
    crate::check_site_dir(site_dir)?;
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(Error::Site {
            path: PathBuf::from("NAME"),
            message: "the name needs letters or digits to make a file name from".into(),
        });
    }
    let rel = PathBuf::from(format!("content/{folder}/{slug}.md"));
    let docs = crate::content::load(site_dir).documents;
    let known = if folder == "people" {
        people_names(&docs)
    } else {
        topic_names(&docs)
    };
    let names: Vec<RegistryName<'_>> =
        registry_names(known.iter().map(|(n, a, f)| (n.as_str(), a, f.as_path())));
    let mut warnings = Vec::new();
    let key = name_key(name);
    if let Some(same) = names.iter().find(|n| name_key(n.written) == key) {
        warnings.push(
            Diagnostic::file_warning(
                &rel,
                format!(
                    "`{name}` is already a name of the {what} in `{}`",
                    same.file.display()
                ),
            )
            .with_help("briefs that use it will be ambiguous; remove one of the two"),
        );
    } else if let Some(near) = nearest_registry_name(&key, &names) {
        warnings.push(Diagnostic::file_warning(
            &rel,
            format!(
                "`{name}` is close to `{}` of `{}`: is it the same {what}?",
                near.written,
                near.file.display()
            ),
        ));
    }
    let text = format!(
        "---\nname: {}\naliases: {}\n{fields}---\n{body}",
        quote(name),
        flow_list(aliases),
    );
    let path = site_dir.join(&rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    write_new(&path, &text)?;
    Ok((rel, warnings))
}

/// Registry entries as (name, aliases, file).
type Known = Vec<(String, Vec<String>, PathBuf)>;

fn people_names(docs: &Documents) -> Known {
    docs.people
        .iter()
        .map(|p| {
            (
                p.meta.name.as_str().to_owned(),
                std::iter::once(p.slug.clone())
                    .chain(p.meta.aliases.iter().map(|a| a.as_str().to_owned()))
                    .collect(),
                p.path.clone(),
            )
        })
        .collect()
}

fn topic_names(docs: &Documents) -> Known {
    docs.topics
        .iter()
        .map(|t| {
            (
                t.meta.name.as_str().to_owned(),
                std::iter::once(t.slug.clone())
                    .chain(t.meta.aliases.iter().map(|a| a.as_str().to_owned()))
                    .collect(),
                t.path.clone(),
            )
        })
        .collect()
}

/// The warning for a name of a new brief that no registry entry has.
fn unknown_name(
    rel: &Path,
    name: &str,
    known: &Known,
    what: &str,
    folder: &str,
) -> Option<Diagnostic> {
    let names = registry_names(known.iter().map(|(n, a, f)| (n.as_str(), a, f.as_path())));
    let key = name_key(name);
    if names.iter().any(|n| name_key(n.written) == key) {
        return None;
    }
    let d = Diagnostic::file_warning(
        rel,
        format!("`{name}` is not in the {folder} registry (content/{folder}/)"),
    );
    Some(match nearest_registry_name(&key, &names) {
        Some(near) => d.with_code(crate::error::Code::NameNearDuplicate).with_help(format!(
            "did you mean `{}` (`{}`)? Otherwise it gets a page of its own",
            near.written,
            near.file.display()
        )),
        None => d.with_help(format!(
            "it gets a page with its name only; `dossier new {what} \"{name}\"` adds it to the registry"
        )),
    })
}

/// `"A, B"` as its items, trimmed, empty ones dropped.
fn split_list(list: Option<&str>) -> Vec<String> {
    list.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A YAML double-quoted string (a JSON string is one).
fn quote(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// `[A, "B C"]` as a YAML flow list of quoted strings.
fn flow_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn is_url(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

/// The host of a URL, as a publisher's name when only a URL is given.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or(rest)
        .to_owned()
}

/// Opens `path` in `$VISUAL` or `$EDITOR` (which may hold arguments) and waits.
fn open(term: &Terminal, path: &Path) -> i32 {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()));
    let Some(editor) = editor else {
        eprintln!("cannot open the file: set $EDITOR (for example `export EDITOR=nano`)");
        return exit::USAGE;
    };
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or_default();
    match std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status()
    {
        Ok(status) if status.success() => exit::OK,
        Ok(status) => {
            if !term.quiet {
                eprintln!("{editor} exited with {status}");
            }
            exit::IO
        }
        Err(e) => {
            eprintln!("cannot run the editor `{editor}`: {e}");
            exit::IO
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_quotes_are_yaml() {
        assert_eq!(split_list(Some(" A, B ,,C")), ["A", "B", "C"]);
        assert_eq!(flow_list(&["a \"b\"".into()]), r#"["a \"b\""]"#);
        assert_eq!(host_of("https://www.state.gov/x?y"), "www.state.gov");
    }
}

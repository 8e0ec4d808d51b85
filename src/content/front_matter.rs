//! Splitting a file into its `---` front matter block and its body, and turning the
//! YAML into typed structs, with every error located on the line of the file
//! (not of the block) and a hint where one helps.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::Diagnostic;

/// Front matter larger than this is refused before it reaches the YAML parser, so a
/// pathological file costs bounded time and memory.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// A file cut in two at its front matter fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// 1-based line of the file where `yaml` starts.
    pub yaml_line: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
}

/// Why a file could not be split: a line of the file, a message and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: &'static str,
}

/// Splits normalised text (no BOM, `\n` line ends). The block opens with a first line
/// that is exactly `---` and closes at the next line that is exactly `---`; a `---`
/// later in the body is left to Markdown as a thematic break.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError {
            line: 1,
            message: "the file is empty".into(),
            help: "a brief starts with a front matter block: a line `---`, `title:`, `date:` and `source:` keys, and a closing `---`",
        });
    }
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    else {
        let first = text.lines().next().unwrap_or("");
        let help = if first.trim() == "---" || first.starts_with("---") {
            "the opening fence must be exactly `---` on a line of its own, with nothing after it"
        } else {
            "did you forget the front matter? Start the file with a line `---`, the YAML keys, and a closing `---`"
        };
        return Err(SplitError {
            line: 1,
            message: "no front matter: the file does not start with a `---` line".into(),
            help,
        });
    };
    let mut offset = 0;
    for (i, line) in after_open.split_inclusive('\n').enumerate() {
        if line.trim_end_matches('\n') == "---" {
            let yaml = &after_open[..offset];
            if yaml.len() > MAX_FRONT_MATTER_BYTES {
                return Err(too_large());
            }
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body: &after_open[offset + line.len()..],
                body_line: i + 3,
            });
        }
        offset += line.len();
        if offset > MAX_FRONT_MATTER_BYTES {
            return Err(too_large());
        }
    }
    Err(SplitError {
        line: 1,
        message: "the front matter opened on line 1 is never closed".into(),
        help: "add a line that is exactly `---` after the last front matter key",
    })
}

fn too_large() -> SplitError {
    SplitError {
        line: 1,
        message: format!(
            "the front matter is larger than {} KiB",
            MAX_FRONT_MATTER_BYTES / 1024
        ),
        help: "front matter holds metadata only; move long text into the body below the closing `---`",
    }
}

/// Where a YAML text sits in its file, for locating errors.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    /// The file, relative to the site folder.
    pub path: &'a Path,
    /// The whole file's text, for the snippet under an error.
    pub text: &'a str,
    /// 1-based line of the file where the YAML starts.
    pub first_line: usize,
}

impl Located<'_> {
    /// An error at a position of the YAML (1-based line and column within it).
    pub fn error(&self, yaml_line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        let line = if yaml_line == 0 {
            0
        } else {
            self.first_line + yaml_line - 1
        };
        Diagnostic::error(self.path, line, column, message).with_source(self.text)
    }

    /// An error at the value of `key_path` (e.g. `["source", "issued"]`), or at the
    /// start of the block when the key cannot be found.
    pub fn error_at_key(
        &self,
        yaml: &str,
        key_path: &[&str],
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = key_position(yaml, key_path).unwrap_or((1, 1));
        self.error(line, column, message)
    }
}

/// Splits a document into its front matter and body and parses the front matter
/// into `T`: what every kind of document (brief, page, person, topic) starts with.
/// Returns the metadata, the split, and where the YAML sits for later errors.
pub fn read<'a, T: DeserializeOwned>(
    path: &'a Path,
    text: &'a str,
) -> Result<(T, Split<'a>, Located<'a>), Vec<Diagnostic>> {
    let split = split(text).map_err(|e| {
        vec![
            Diagnostic::error(path, e.line, 1, e.message)
                .with_help(e.help)
                .with_source(text),
        ]
    })?;
    let at = Located {
        path,
        text,
        first_line: split.yaml_line,
    };
    let meta = parse_yaml(&at, split.yaml).map_err(|d| vec![d])?;
    Ok((meta, split, at))
}

/// Parses YAML into `T`, mapping the parser's error to a located diagnostic.
pub fn parse_yaml<T: DeserializeOwned>(at: &Located<'_>, yaml: &str) -> Result<T, Diagnostic> {
    if yaml.trim().is_empty() {
        return Err(at
            .error(0, 0, "the front matter is empty")
            .with_help("write the keys between the two `---` lines, for example `title: ...`"));
    }
    if let Err(r) = super::yaml_guard::check(yaml) {
        return Err(at.error(r.line, r.column, r.message).with_help(r.help));
    }
    // An alias needs an anchor (`&`) and a reference (`*`); only a text holding both
    // can expand beyond its size, so only such a text pays for the second walk.
    if yaml.contains('&')
        && yaml.contains('*')
        && !super::yaml_guard::expansion_within(yaml, MAX_EXPANSION_FACTOR * yaml.len() + 4096)
    {
        return Err(at
            .error(0, 0, "the YAML expands to far more than its own size")
            .with_help("write each value out in full instead of using anchors (`&name`) and aliases (`*name`)"));
    }
    serde_yaml::from_str(yaml).map_err(|e| yaml_error(at, yaml, &e))
}

/// How many times its own length a YAML text may grow to once parsed: text without
/// aliases grows at most 1.5 times (escapes such as `\P` are shorter than the
/// character they stand for), so only alias expansion ever reaches this.
const MAX_EXPANSION_FACTOR: usize = 4;

fn yaml_error(at: &Located<'_>, yaml: &str, e: &serde_yaml::Error) -> Diagnostic {
    let raw = e.to_string();
    let (mut line, mut column) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    // The parser appends " at line L column C"; we give the position ourselves. When it
    // adds ", while parsing a flow sequence at line L column C", the start of that
    // construct (an unclosed bracket or quote) is the place to look.
    let message = match raw.find(" at line ") {
        Some(i) => {
            let mut m = raw[..i].to_string();
            if let Some(w) = raw.find(", while ") {
                let rest = &raw[w + 2..];
                let what = rest.split(" at line ").next().unwrap_or(rest);
                if let Some(pos) = parse_position(rest) {
                    (line, column) = pos;
                }
                m = format!("{m} {what}");
            }
            m
        }
        None => raw.clone(),
    };
    // Duplicate keys are located by the parser at the start of the mapping; point at
    // the repeated key instead.
    if let Some(key) = message
        .split("duplicate field `")
        .nth(1)
        .and_then(|r| r.split('`').next())
        && let Some(pos) = repeated_key(yaml, key, line, column)
    {
        (line, column) = pos;
    }
    let offending = yaml.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let mut d = at.error(line.max(1), column, tidy_message(&message, offending));
    if let Some(help) = hint(&message, offending) {
        d = d.with_help(help);
    }
    d
}

/// The position of the second `key` of the block mapping whose first key is at
/// `line`:`column` (1-based), reading plain, single- and double-quoted keys alike.
fn repeated_key(yaml: &str, key: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let indent = column.checked_sub(1)?;
    let mut seen = 0;
    for (i, text) in yaml.lines().enumerate().skip(line.checked_sub(1)?) {
        let content = text.trim_start();
        let lead = text.len() - content.len();
        if i + 1 > line && !content.is_empty() && !content.starts_with('#') && lead < indent {
            break;
        }
        if i + 1 > line && lead != indent {
            continue;
        }
        let Some(at) = text.get(indent..) else {
            continue;
        };
        let (written, rest) = match at.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let close = at[1..].find(q)? + 1;
                (&at[1..close], &at[close + 1..])
            }
            _ => match at.find(':') {
                Some(colon) => (at[..colon].trim_end(), &at[colon..]),
                None => continue,
            },
        };
        if written == key && rest.trim_start().starts_with(':') {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, indent + 1));
            }
        }
    }
    None
}

/// Reads "at line L column C" from a parser message.
fn parse_position(s: &str) -> Option<(usize, usize)> {
    let rest = s.split(" at line ").nth(1)?;
    let mut words = rest.split_whitespace();
    let line = words.next()?.trim_end_matches(',').parse().ok()?;
    if words.next()? != "column" {
        return None;
    }
    let column = words.next()?.trim_end_matches([',', '.']).parse().ok()?;
    Some((line, column))
}

/// Rewords the parser's messages where a writer would not recognise them.
fn tidy_message(message: &str, offending_line: &str) -> String {
    if offending_line.contains('\t') && message.contains("cannot start any token")
        || message.contains("tab character")
    {
        return "a tab character is not allowed here: YAML indents with spaces".into();
    }
    if message.contains("more than one document") {
        return "the front matter holds more than one YAML document".into();
    }
    if message.contains("recursion limit exceeded") {
        return "the front matter is nested too deeply".into();
    }
    if message.contains("repetition limit exceeded") {
        return "the front matter expands aliases too many times".into();
    }
    message.replace("invalid type: unit value", "empty value (null)")
}

fn hint(message: &str, offending_line: &str) -> Option<String> {
    if offending_line.contains('\t') {
        return Some("replace the tab with spaces".into());
    }
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|s| s.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let best = expected
            .iter()
            .map(|k| (strsim::damerau_levenshtein(unknown, k), *k))
            .filter(|(d, k)| *d <= 2.max(k.len() / 3))
            .min();
        let own = if expected.contains(&"extra") {
            format!(
                " (a field of the site's own goes under `extra:`, as `extra:` then `  {unknown}: ...`)"
            )
        } else {
            String::new()
        };
        return Some(match best {
            Some((_, k)) => format!("did you mean `{k}`?{own}"),
            None => format!(
                "the keys allowed here are {}{own}",
                expected
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    if message.contains("invalid date") {
        return Some(
            "write a date as YYYY-MM-DD (2023-06-14) or an RFC 3339 date-time (2023-06-14T09:30:00-04:00), and check the day exists in that month"
                .into(),
        );
    }
    if message.contains("tab character") {
        return Some("YAML does not allow tabs for indentation; indent with spaces".into());
    }
    if message.contains("duplicate") {
        return Some("each key may appear once; remove or merge the repeated one".into());
    }
    if message.contains("more than one document") {
        return Some("a `---` inside the front matter starts a new YAML document; the block ends at the first line that is exactly `---`".into());
    }
    if message.contains("mapping values are not allowed") {
        return Some("a value containing `: ` must be quoted, for example `title: \"Blinken: a second try\"`".into());
    }
    None
}

/// The 1-based line and column of the value of `key_path` in `yaml`, found by
/// indentation: good enough to point at a key that parsed but failed validation.
/// A numeric component selects the n-th (0-based) `- ` item of a list.
pub fn key_position(yaml: &str, key_path: &[&str]) -> Option<(usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut start = 0;
    let mut end = lines.len();
    let mut min_indent = 0usize;
    let mut found = None;
    for component in key_path {
        let mut hit = None;
        if let Ok(n) = component.parse::<usize>() {
            let mut count = 0;
            for (i, line) in lines.iter().enumerate().take(end).skip(start) {
                let trimmed = line.trim_start();
                let indent = line.len() - trimmed.len();
                if indent >= min_indent && trimmed.starts_with("- ") || trimmed == "-" {
                    if count == n {
                        hit = Some((i, indent + 2, indent));
                        break;
                    }
                    count += 1;
                }
            }
        } else {
            for (i, line) in lines.iter().enumerate().take(end).skip(start) {
                let trimmed = line.trim_start().trim_start_matches("- ");
                let indent = line.len() - trimmed.len();
                if indent < min_indent {
                    continue;
                }
                if let Some(rest) = trimmed.strip_prefix(component)
                    && rest.trim_start().starts_with(':')
                {
                    let value_col = line.len() - rest.trim_start()[1..].trim_start().len();
                    hit = Some((i, value_col.min(line.len()), indent));
                    break;
                }
            }
        }
        let (i, col, indent) = hit?;
        found = Some((i + 1, col + 1));
        // The children of this node: following lines indented deeper (or list items at the same indent).
        start = i;
        min_indent = indent;
        end = lines[i + 1..]
            .iter()
            .position(|l| {
                let t = l.trim_start();
                !t.is_empty() && l.len() - t.len() <= indent && !t.starts_with("- ")
            })
            .map_or(lines.len(), |p| i + 1 + p);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn a_later_fence_is_a_thematic_break() {
        let s = split("---\na: 1\n---\none\n\n---\n\ntwo\n").unwrap();
        assert_eq!(s.yaml, "a: 1\n");
        assert!(s.body.contains("---"));
    }

    #[test]
    fn only_an_exact_fence_closes() {
        let e = split("---\na: 1\n--- \n----\nbody").unwrap_err();
        assert!(e.message.contains("never closed"), "{}", e.message);
        let e = split("title: x\n").unwrap_err();
        assert!(e.message.contains("does not start"));
        assert!(split("").unwrap_err().message.contains("empty"));
        assert!(split("   \n\n").unwrap_err().message.contains("empty"));
    }

    #[test]
    fn front_matter_size_is_capped() {
        let big = format!("---\n{}---\n", "a: b\n".repeat(20_000));
        assert!(split(&big).unwrap_err().message.contains("larger than"));
    }

    #[test]
    fn duplicate_keys_are_located_at_the_repeat() {
        let at = |yaml: &str| {
            let located = Located {
                path: Path::new("a.md"),
                text: yaml,
                first_line: 1,
            };
            let d = parse_yaml::<crate::content::RawBrief>(&located, yaml).unwrap_err();
            assert!(d.message.contains("duplicate"), "{d:?}");
            (d.line().unwrap_or(0), d.column().unwrap_or(0))
        };
        assert_eq!(
            at("title: T\nsource:\n  name: A\n  url: https://a/\n  name: B\n"),
            (5, 3)
        );
        assert_eq!(at("title: T\n\"title\": U\n"), (2, 1));
        assert_eq!(at("title: T\ndate: 2023-01-01\n'title': U\n"), (3, 1));
        assert_eq!(
            at("title: T\nquotes:\n  - by: A\n    text: x\n    by: B\n"),
            (5, 5)
        );
        assert_eq!(
            at("title: T\nquotes:\n  - by: A\n    text: x\n  - by: B\n    text: y\n    text: z\n"),
            (7, 5)
        );
    }

    #[test]
    fn finds_nested_keys() {
        let y = "title: x\nsource:\n  name: A\n  issued: 2023-01-01\nquotes:\n  - by: X\n    text: a\n  - by: Y\n    text: b\n";
        assert_eq!(key_position(y, &["title"]), Some((1, 8)));
        assert_eq!(key_position(y, &["source", "issued"]), Some((4, 11)));
        assert_eq!(key_position(y, &["quotes", "1", "by"]), Some((8, 9)));
        assert_eq!(key_position(y, &["missing"]), None);
    }
}

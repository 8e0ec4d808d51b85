//! Partials written into the templates that include them, before compiling.
//!
//! Tera renders an `{% include %}` by starting a new interpreter state whose
//! every variable lookup walks up to the including template's; a list page runs
//! one per brief, and at 10,000 briefs those includes cost about a twentieth of a
//! full build. A partial that only prints, tests and loops (no `set`, no blocks,
//! no includes of its own) means exactly the same when its text stands in place
//! of the `include` statement: it reads the same variables, including the loop
//! variables around the statement, and writes nothing back. So such partials are
//! written in; any other partial stays an include.
//!
//! The inlined text is wrapped in `{% if true %}…{% endif %}` so that whitespace
//! control at its edges (`{#-`, `-%}`) trims inside it, as it did in its own file,
//! and never the including template's text. Messages about a template must name
//! the file the user wrote: [`super::templates::Theme`] compiles the templates as
//! written to report any error (see there).

use std::collections::BTreeMap;

/// The statements a partial may hold to be written in: those that neither set a
/// variable, refer to another template nor act on a loop around the `include`
/// (`break` and `continue` would, once written in).
const PLAIN_STATEMENTS: &[&str] = &["if", "elif", "else", "endif", "for", "endfor"];

/// The templates with every eligible `{% include "name" %}` replaced by the text
/// of `name`, or `None` when no statement could be replaced.
pub(super) fn inline_partials(
    texts: &BTreeMap<String, String>,
) -> Option<BTreeMap<String, String>> {
    let mut changed = false;
    let out = texts
        .iter()
        .map(|(name, text)| {
            let inlined = inline_in(text, |partial| {
                texts
                    .get(partial)
                    .filter(|p| partial != name && is_plain(p))
                    .map(String::as_str)
            });
            changed |= inlined.is_some();
            (name.clone(), inlined.unwrap_or_else(|| text.clone()))
        })
        .collect();
    changed.then_some(out)
}

/// A piece of template text, as Tera's lexer cuts it.
#[derive(Debug, PartialEq)]
enum Piece<'t> {
    /// Raw text, or an expression or comment (kept as it is).
    Other,
    /// A statement: its inside, between `{%` and `%}`.
    Statement(&'t str),
}

/// Calls `each` on every piece of `text` with its byte range; false if the text
/// holds an unterminated tag (left for Tera to report).
fn pieces<'t>(text: &'t str, mut each: impl FnMut(std::ops::Range<usize>, Piece<'t>)) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(open) = text[at..].find('{').map(|i| at + i) {
        let close = match bytes.get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        let Some(end) = text[open + 2..].find(close).map(|i| open + 2 + i) else {
            return false;
        };
        let piece = if close == "%}" {
            Piece::Statement(&text[open + 2..end])
        } else {
            Piece::Other
        };
        each(open..end + 2, piece);
        at = end + 2;
    }
    true
}

/// The keyword of a statement's inside (` if x -` gives `if`).
fn keyword(inside: &str) -> &str {
    let inside = inside.strip_prefix('-').unwrap_or(inside).trim_start();
    let end = inside
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inside.len());
    &inside[..end]
}

/// Whether a partial holds only plain statements, and does not print the whole
/// context (`__tera_context`, which an include shows from its own scope).
fn is_plain(text: &str) -> bool {
    let mut plain = !text.contains("__tera_context");
    let whole = pieces(text, |_, piece| {
        if let Piece::Statement(inside) = piece {
            plain &= PLAIN_STATEMENTS.contains(&keyword(inside));
        }
    });
    whole && plain
}

/// The template named by `{% include "name" %}` with no whitespace control and
/// no other words.
fn included(inside: &str) -> Option<&str> {
    if inside.starts_with('-') || inside.ends_with('-') {
        return None;
    }
    let rest = inside.trim().strip_prefix("include")?.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let name = rest[1..].strip_suffix(quote)?;
    (!name.contains(quote)).then_some(name)
}

/// `text` with each eligible include replaced, or `None` if none was.
fn inline_in<'a>(text: &str, partial: impl Fn(&str) -> Option<&'a str>) -> Option<String> {
    let mut out = String::new();
    let mut copied = 0;
    let mut raw = false;
    let whole = pieces(text, |range, piece| {
        let Piece::Statement(inside) = piece else {
            return;
        };
        match keyword(inside) {
            "raw" => raw = true,
            "endraw" => raw = false,
            _ => {}
        }
        if raw {
            return;
        }
        if let Some(body) = included(inside).and_then(&partial) {
            out.push_str(&text[copied..range.start]);
            out.push_str("{% if true %}");
            out.push_str(body);
            out.push_str("{% endif %}");
            copied = range.end;
        }
    });
    if !whole || copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect()
    }

    #[test]
    fn a_plain_partial_is_written_in_and_others_stay_includes() {
        let t = texts(&[
            (
                "list.html",
                "<ol>{% for b in bs %}{% include \"item.html\" %}{% endfor %}</ol>",
            ),
            (
                "item.html",
                "{#- one -#}\n<li>{% if b.x %}{{ b.x }}{% endif %}</li>\n",
            ),
            ("setter.html", "{% set y = 1 %}{{ y }}"),
            ("uses_setter.html", "{% include \"setter.html\" %}"),
            ("trimmed.html", "a {%- include \"item.html\" %}"),
        ]);
        let out = inline_partials(&t).expect("one include is written in");
        assert_eq!(
            out["list.html"],
            "<ol>{% for b in bs %}{% if true %}{#- one -#}\n<li>{% if b.x %}{{ b.x }}{% endif %}</li>\n{% endif %}{% endfor %}</ol>"
        );
        assert_eq!(out["uses_setter.html"], t["uses_setter.html"]);
        assert_eq!(out["trimmed.html"], t["trimmed.html"]);
        assert_eq!(out["item.html"], t["item.html"]);
    }

    #[test]
    fn includes_in_comments_raw_blocks_and_of_unknown_templates_are_left() {
        let t = texts(&[
            (
                "a.html",
                "{# {% include \"p.html\" %} #}{% raw %}{% include \"p.html\" %}{% endraw %}{% include \"nope.html\" %}",
            ),
            ("p.html", "x"),
        ]);
        assert_eq!(inline_partials(&t), None);
    }

    #[test]
    fn statements_are_read_by_their_keyword() {
        assert_eq!(keyword(" if a "), "if");
        assert_eq!(keyword("- endfor -"), "endfor");
        assert_eq!(
            included(" include \"partials/x.html\" "),
            Some("partials/x.html")
        );
        assert_eq!(included(" include 'x.html' "), Some("x.html"));
        assert_eq!(included(" include \"x.html\" -"), None);
        assert_eq!(included("- include \"x.html\" "), None);
        assert_eq!(included(" include \"x.html\" ignore missing "), None);
        assert!(is_plain(
            "{% for a in b %}{% if a %}{{ a }}{% endif %}{% endfor %}"
        ));
        assert!(
            !is_plain("{% if a %}{% break %}{% endif %}"),
            "it would break the includer's loop"
        );
        assert!(!is_plain("{{ __tera_context }}"));
        assert!(!is_plain("{% include \"x.html\" %}"));
        assert!(!is_plain("{% block a %}{% endblock %}"));
        assert!(!is_plain("{% if a"), "an unterminated tag");
    }
}

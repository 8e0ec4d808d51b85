//! A lexical pass over front matter and `site.yaml` before the YAML parser sees
//! them. It refuses, at their own line and column, what the format leaves out and
//! what could make the parser slow or the deserialised value huge:
//!
//! - tags (`!include x`, `!!binary`, any `!tag`): the format has no typed values,
//!   and a tag the reader silently ignores would mislead the writer;
//! - anchors and aliases (`&a`, `*a`): front matter is short enough to write out,
//!   and aliases let a few kilobytes expand to gigabytes;
//! - flow collections (`[...]`, `{...}`) nested deeper than [`MAX_FLOW_DEPTH`]: the
//!   parser's cost grows with the square of that depth;
//! - tabs in indentation, located at the tab itself (the parser reports them at
//!   the end of the previous token).
//!
//! The pass follows YAML's token rules closely enough to tell an indicator from the
//! same character inside a quoted, plain or block scalar (`title: Rock & roll`,
//! `summary: *very* short`, `quote: "a !b"` are text). As a second line of defence,
//! [`expansion_within`] bounds what a document expands to once parsed.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The deepest nesting of `[` and `{` accepted; real front matter uses one or two.
pub const MAX_FLOW_DEPTH: usize = 32;

/// Something the format does not accept, at a 1-based line and column of the YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 1-based line of the YAML text.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: &'static str,
}

/// Checks `yaml` for tags, anchors, aliases, deep flow nesting and tab indentation.
pub fn check(yaml: &str) -> Result<(), Refusal> {
    let mut depth = 0usize;
    // The quote character of a quoted scalar that runs on (to a later line).
    let mut quote: Option<u8> = None;
    // Lines more indented than this belong to a block scalar (`|`, `>`).
    let mut block_scalar: Option<usize> = None;
    // Lines more indented than this continue a plain scalar of block context.
    let mut plain_continues: Option<usize> = None;
    // A plain scalar of flow context runs on across line breaks.
    let mut flow_plain = false;
    for (index, line) in yaml.lines().enumerate() {
        let number = index + 1;
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line.trim();
        if let Some(parent) = block_scalar {
            if content.is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        if quote.is_none() && depth == 0 {
            if let Some(parent) = plain_continues.take() {
                if content.is_empty() {
                    plain_continues = Some(parent);
                    continue;
                }
                if indent > parent && !content.starts_with('#') {
                    plain_continues = Some(parent);
                    continue;
                }
            }
            let rest = &line[indent..];
            if rest.starts_with('\t') && !content.is_empty() {
                return Err(Refusal {
                    line: number,
                    column: indent + 1,
                    message: "a tab character is not allowed here: YAML indents with spaces".into(),
                    help: "replace the tab with spaces",
                });
            }
            if rest.starts_with('%') && indent == 0 {
                continue;
            }
        }
        // Every character the pass acts on is ASCII, and a byte of a multi-byte
        // character never equals one, so the line is read a byte at a time: such a
        // byte does what its character would (it continues a plain or quoted scalar,
        // or starts a plain one). Columns are counted in characters when reported.
        let bytes = line.as_bytes();
        let mut token_start = true;
        let mut in_plain = depth > 0 && flow_plain;
        let mut after_space = true;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            let next = bytes.get(i + 1).copied();
            let at = |message: String, help: &'static str| Refusal {
                line: number,
                // `i` is at an ASCII indicator, so it is a char boundary.
                column: line[..i].chars().count() + 1,
                message,
                help,
            };
            if let Some(q) = quote {
                if c == q {
                    if q == b'\'' && next == Some(b'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                    token_start = false;
                } else if q == b'"' && c == b'\\' {
                    i += 1;
                }
                i += 1;
                continue;
            }
            let blank_after = next.is_none_or(|n| n == b' ' || n == b'\t');
            let flow_indicator_after =
                next.is_some_and(|n| matches!(n, b',' | b'[' | b']' | b'{' | b'}'));
            if c == b' ' || c == b'\t' {
                after_space = true;
                if !in_plain {
                    token_start = true;
                }
                i += 1;
                continue;
            }
            if c == b'#' && after_space {
                break;
            }
            after_space = false;
            if in_plain {
                if c == b':' && (blank_after || depth > 0 && flow_indicator_after) {
                    in_plain = false;
                    token_start = true;
                } else if depth > 0 && matches!(c, b',' | b'[' | b']' | b'{' | b'}') {
                    in_plain = false;
                    continue; // read it again as an indicator
                }
                i += 1;
                continue;
            }
            match c {
                b',' if depth > 0 => token_start = true,
                b'[' | b'{' if depth > 0 || token_start => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Err(at(
                            format!("lists and maps are nested more than {MAX_FLOW_DEPTH} deep"),
                            "front matter holds flat metadata; write the value without so many nested brackets",
                        ));
                    }
                    token_start = true;
                }
                b']' | b'}' if depth > 0 => {
                    depth -= 1;
                    token_start = false;
                }
                b':' if blank_after || depth > 0 || !token_start => token_start = true,
                b'\'' | b'"' if token_start => quote = Some(c),
                b'!' if token_start => {
                    let tag: String = line[i..]
                        .chars()
                        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
                        .collect();
                    return Err(at(
                        format!("the YAML tag `{tag}` is not allowed"),
                        "dossier reads plain values only; remove the tag, or quote the value if the `!` belongs to the text",
                    ));
                }
                b'&' if token_start && !blank_after => {
                    return Err(at(
                        "YAML anchors (`&name`) are not allowed".into(),
                        "write the value out in full; if the `&` belongs to the text, quote the value",
                    ));
                }
                b'*' if token_start && !blank_after => {
                    return Err(at(
                        "YAML aliases (`*name`) are not allowed".into(),
                        "write the value out in full; if the `*` belongs to the text, quote the value",
                    ));
                }
                b'|' | b'>' if token_start && depth == 0 => {
                    block_scalar = Some(indent);
                    break;
                }
                b'-' | b'?' if token_start && blank_after => token_start = false,
                _ => {
                    in_plain = true;
                    token_start = false;
                }
            }
            i += 1;
        }
        if depth == 0 {
            flow_plain = false;
            if in_plain && quote.is_none() {
                plain_continues = Some(indent);
            }
        } else {
            flow_plain = in_plain;
        }
    }
    Ok(())
}

/// Whether `yaml`, once parsed, stays within `budget` units (one per node plus one
/// per byte of text). Without aliases a document expands to less than twice its
/// length, so a budget of a few times the length only ever stops an alias bomb; the
/// walk stops as soon as the budget is spent, so it costs at most the budget.
pub fn expansion_within(yaml: &str, budget: usize) -> bool {
    let mut left = budget;
    let result = Measure { left: &mut left }.deserialize(serde_yaml::Deserializer::from_str(yaml));
    !matches!(result, Err(e) if e.to_string().contains(OVER_BUDGET))
}

const OVER_BUDGET: &str = "expansion budget spent";

struct Measure<'a> {
    left: &'a mut usize,
}

impl Measure<'_> {
    fn spend<E: de::Error>(&mut self, units: usize) -> Result<(), E> {
        match self.left.checked_sub(units) {
            Some(left) => {
                *self.left = left;
                Ok(())
            }
            None => Err(E::custom(OVER_BUDGET)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Measure<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Measure<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(mut self, _: bool) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_i64<E: de::Error>(mut self, _: i64) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_u64<E: de::Error>(mut self, _: u64) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_f64<E: de::Error>(mut self, _: f64) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<(), E> {
        self.spend(1 + v.len())
    }
    fn visit_unit<E: de::Error>(mut self) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_none<E: de::Error>(mut self) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.spend(1)?;
        while seq
            .next_element_seed(Measure {
                left: &mut *self.left,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.spend(1)?;
        while map
            .next_key_seed(Measure {
                left: &mut *self.left,
            })?
            .is_some()
        {
            map.next_value_seed(Measure {
                left: &mut *self.left,
            })?;
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use de::VariantAccess;
        let left = self.left;
        let ((), variant) = data.variant_seed(Measure { left: &mut *left })?;
        variant.newtype_variant_seed(Measure { left })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(yaml: &str) -> Refusal {
        check(yaml).expect_err(yaml)
    }

    #[test]
    fn ordinary_front_matter_passes() {
        for ok in [
            "title: Rock & roll\ndate: 2023-06-14\nsource: S\n",
            "summary: very *short*, & more! Right?\n",
            "summary: a long text\n  *that continues* on\n  & on !here\n",
            "quote: \"a !b &c *d\"\nother: 'It''s !fine'\n",
            "people: [Antony Blinken, Qin Gang]\ntopics: [\"a, b\", 'c']\n",
            "source:\n  - name: A\n    url: https://x.org/a#b\n  - name: B\n",
            "body: |\n  [[[[ !x &y *z\n  \tcode\nnext: 1\n",
            "folded: >\n  !x\n\n  &y\nnext: 1\n",
            "title: a # comment with !tag &a *b [[[\n",
            "title: x#y!z\n",
            "map: {a: 1, b: [1, 2, {c: d}]}\n",
            "json: {\"a\":\"b\", \"c\":[1,2]}\n",
            "list: [a\n  !not-a-tag, b]\n",
            "url: http://x.org/*star\n",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
            assert!(
                serde_yaml::from_str::<serde_yaml::Value>(ok).is_ok(),
                "the parser accepts {ok}"
            );
        }
    }

    #[test]
    fn syntax_errors_are_left_to_the_parser() {
        assert_eq!(check("title: Blinken: a second try\n"), Ok(()));
        assert_eq!(check("title: [unclosed\n"), Ok(()));
        assert_eq!(check("title: \"unclosed\n"), Ok(()));
    }

    #[test]
    fn tags_are_refused_where_they_stand() {
        for (yaml, line, column) in [
            ("title: !include /etc/passwd\n", 1, 8),
            ("a: 1\nb: !!binary aGVsbG8=\n", 2, 4),
            ("people: [a, !x b]\n", 1, 13),
            ("source:\n  name: ! S\n", 2, 9),
            ("list:\n  - !tag\n", 2, 5),
            ("!map\na: 1\n", 1, 1),
        ] {
            let r = refused(yaml);
            assert_eq!((r.line, r.column), (line, column), "{yaml}: {r:?}");
            assert!(r.message.contains("tag"), "{r:?}");
        }
    }

    #[test]
    fn anchors_and_aliases_are_refused() {
        let r = refused("a: &x [1, 2]\nb: *x\n");
        assert_eq!((r.line, r.column), (1, 4));
        assert!(r.message.contains("anchor"));
        let r = refused("a: 1\nb: [*x]\n");
        assert_eq!((r.line, r.column), (2, 5));
        assert!(r.message.contains("alias"));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        for (yaml, line, column) in [
            ("people: [Zoë Ångström, !x b]\n", 1, 24),
            ("a: [\"é\\\"ü\", &x b]\n", 1, 13),
            ("title: Ça\nb: [«», *x]\n", 2, 9),
            ("q: 'Ça''s !ok'\nz: !é\n", 2, 4),
        ] {
            let r = refused(yaml);
            assert_eq!((r.line, r.column), (line, column), "{yaml}: {r:?}");
        }
        let r = refused("q: 'Ça''s !ok'\nz: !é\n");
        assert!(r.message.contains("`!é`"), "{r:?}");
        for ok in [
            "title: «Ça» !va & *bien*\n",
            "q: \"ü\\é !x\"\nr: '¡&x!'\n",
            "list: [Zoë, 'Å, b', \"[ü]\"]\n",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn deep_flow_nesting_is_refused_early() {
        let deep = format!("title: {}\n", "[".repeat(65_000));
        let r = refused(&deep);
        assert_eq!((r.line, r.column), (1, 8 + MAX_FLOW_DEPTH));
        let ok = format!(
            "a: {}{}\n",
            "[".repeat(MAX_FLOW_DEPTH),
            "]".repeat(MAX_FLOW_DEPTH)
        );
        assert_eq!(check(&ok), Ok(()));
        // Brackets inside quotes do not count; real ones behind a quote do.
        let hidden = format!("a: [\"{}\", {}\n", "]".repeat(40), "[".repeat(40));
        assert!(check(&hidden).is_err());
    }

    #[test]
    fn tabs_in_indentation_are_located_at_the_tab() {
        let r = refused("title: T\nsource:\n\tname: S\n");
        assert_eq!((r.line, r.column), (3, 1));
        let r = refused("a:\n  b: 1\n  \tc: 2\n");
        assert_eq!((r.line, r.column), (3, 3));
    }

    #[test]
    fn alias_bombs_exceed_any_small_budget() {
        let mut bomb = String::from("a0: &a0 [\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]\n");
        for n in 1..10 {
            let p = n - 1;
            bomb.push_str(&format!(
                "a{n}: &a{n} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(!expansion_within(&bomb, 4 * bomb.len()));
        let plain = "title: T\npeople: [a, b, c]\nsource:\n  name: S\n";
        assert!(expansion_within(plain, 2 * plain.len()));
    }
}

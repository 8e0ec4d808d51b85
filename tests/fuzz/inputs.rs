//! Structure-aware generators for the three targets: YAML front matter (as a tree
//! emitted in block and flow styles, with anchors, aliases, tags and odd scalars,
//! then optionally damaged byte by byte), Markdown bodies, and people registries
//! whose names and aliases overlap each other and the body text.
//!
//! Every string that comes from front matter carries `PROBE` now and then; the
//! oracle checks that it only ever reaches the output escaped.

use crate::case::Case;
use crate::rng::Rng;

/// The marker injected into front matter values.
pub const PROBE: &str = "<x-probe>";

const ODD_SCALARS: &[&str] = &[
    "",
    " ",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "True",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "0",
    "-0",
    "0x1F",
    "0o17",
    "0b101",
    "1e400",
    "-1e400",
    "1_000",
    ".inf",
    "-.Inf",
    ".nan",
    "99999999999999999999999999999999999999",
    "-9223372036854775809",
    "18446744073709551616",
    "3.",
    ".5",
    "1:20",
    "12:30:00",
    "2023-06-14",
    "2023-02-30",
    "2023-13-01",
    "0000-00-00",
    "9999-12-31",
    "-2023-01-01",
    "+2023-01-01",
    "2023-6-4",
    "2023-06-14T25:00:00Z",
    "2023-06-14T12:00:00+25:00",
    "2023-06-14T12:00:00.123456789Z",
    "2023-06-14 12:00:00",
    "2023-06-14t12:00:00z",
    "20230614",
    "<x-probe>",
    "<script>alert(1)</script>",
    "\"><x-probe>",
    "'><x-probe a='",
    "{{ config.title }}",
    "{% raw %}",
    "{# x #}",
    "&amp;",
    "&lt;x-probe&gt;",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "https://x.org/<x-probe>",
    "http://a b",
    "mailto:x@y",
    "https://",
    "//evil.example/",
    "data:text/html,<x-probe>",
    "ü",
    "İstanbul",
    "Strauß",
    "ﬁ",
    "ς",
    "\u{202e}abc",
    "a\u{301}",
    "😀",
    "中文",
    "\u{200d}",
    "\u{feff}",
    "-",
    "--",
    "---",
    "...",
    "?",
    ":",
    "- x",
    "? x",
    ": x",
    "#",
    "@x",
    "`x`",
    "%x",
    "!x",
    "&x",
    "*x",
    "|",
    ">",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    "\"",
    "\\",
    "\t",
    "a\tb",
];

/// Name parts that overlap under case, accent and punctuation folding.
const NAME_TOKENS: &[&str] = &[
    "Li",
    "Wei",
    "Li Wei",
    "Wang",
    "Wang Yi",
    "Yi",
    "Zoë",
    "Zoe",
    "ZOË",
    "Ó Briain",
    "O'Brien",
    "O’Brien",
    "OBrien",
    "Jean-Luc",
    "Jean Luc",
    "Müller",
    "Mueller",
    "MÜLLER",
    "İlker",
    "ILKER",
    "ılker",
    "Strauß",
    "STRAUSS",
    "ﬁona",
    "Fiona",
    "Σίσυφος",
    "ΣΊΣΥΦΟΣ",
    "σίσυφοσ",
    "Ελένη",
    "習近平",
    "习近平",
    "Дмитрий",
    "ДМИТРИЙ",
    "al-Assad",
    "Al Assad",
    "Mr.",
    "Dr.",
    "Sec.",
    "U.S.",
    "US",
    "A.B.",
    "AB",
    "X Æ A-12",
    "José",
    "Jose\u{301}",
    "Nguyễn",
    "N'Golo",
    "a",
    "I",
    "Ǆ",
    "ǅ",
    "ǆ",
    "\u{212a}elvin",
    "\u{212b}ngstrom",
    "ﬀ",
    "ŉ",
    "İ\u{307}",
    "\u{301}",
    "😀 Smile",
    "Blinken",
    "Antony Blinken",
    "Secretary Blinken",
    "Qin Gang",
    "Qin",
    "Gang",
    "Yellen",
    "Janet Yellen",
    "probe",
    "C++",
    "C#",
    ".NET",
    "Bob",
    "Bob's",
    "Bobby",
    "bob",
    "B.O.B.",
    "1984",
    "42",
    "AT&T",
    "R&D",
    "x&lt;y",
];

const PUNCT: &[&str] = &[
    " ", " ", " ", ", ", ". ", "; ", ": ", "! ", "? ", " — ", "—", "-", "'", "’", "\"", "“", "”",
    "(", ")", "[", "]", "/", "\u{a0}", "\u{2009}", "  ", "\n", "_", "*", "`", "&", "<", ">",
];

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "talks",
    "on",
    "trade",
    "and",
    "security",
    "in",
    "Beijing",
    "Washington",
    "met",
    "with",
    "officials",
    "de-risk",
    "decouple",
    "policy",
    "visit",
];

/// A YAML value as a tree; emitted in block or flow style.
#[derive(Clone)]
pub enum Y {
    /// An already-rendered scalar (plain, quoted, or a block scalar header + text).
    Scalar(String),
    Seq(Vec<Y>, bool),
    Map(Vec<(String, Y)>, bool),
    Alias(String),
    Anchored(String, Box<Y>),
    Tagged(String, Box<Y>),
}

/// Writes `y` after a `key:` or `-` already written, lines indented by `indent`.
fn emit(y: &Y, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match y {
        Y::Scalar(s) if s.starts_with('|') || s.starts_with('>') => {
            let mut lines = s.lines();
            out.push(' ');
            out.push_str(lines.next().unwrap_or("|"));
            out.push('\n');
            for line in lines {
                out.push_str(&pad);
                out.push_str(line);
                out.push('\n');
            }
        }
        Y::Seq(items, false) if !items.is_empty() => {
            out.push('\n');
            for item in items {
                out.push_str(&pad);
                out.push('-');
                emit(item, indent + 2, out);
            }
        }
        Y::Map(items, false) if !items.is_empty() => {
            out.push('\n');
            for (k, v) in items {
                out.push_str(&pad);
                out.push_str(k);
                out.push(':');
                emit(v, indent + 2, out);
            }
        }
        Y::Anchored(name, inner) | Y::Tagged(name, inner) => {
            out.push(' ');
            if matches!(y, Y::Anchored(..)) {
                out.push('&');
            }
            out.push_str(name);
            emit(inner, indent, out);
        }
        other => {
            out.push(' ');
            flow(other, out);
            out.push('\n');
        }
    }
}

fn flow(y: &Y, out: &mut String) {
    match y {
        Y::Scalar(s) => {
            if s.starts_with('|') || s.starts_with('>') {
                out.push_str(&double_quoted(s));
            } else {
                out.push_str(s);
            }
        }
        Y::Seq(items, _) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(item, out);
            }
            out.push(']');
        }
        Y::Map(items, _) => {
            out.push('{');
            for (i, (k, v)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                flow(v, out);
            }
            out.push('}');
        }
        Y::Alias(a) => {
            out.push('*');
            out.push_str(a);
        }
        Y::Anchored(a, inner) => {
            out.push('&');
            out.push_str(a);
            out.push(' ');
            flow(inner, out);
        }
        Y::Tagged(t, inner) => {
            out.push_str(t);
            out.push(' ');
            flow(inner, out);
        }
    }
}

/// A top-level mapping as a front matter block (without fences).
pub fn emit_top(entries: &[(String, Y)]) -> String {
    let mut out = String::new();
    for (k, v) in entries {
        out.push_str(k);
        out.push(':');
        emit(v, 2, &mut out);
    }
    out
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Some text for a front matter value: words, names, probes and odd scalars.
pub fn text(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..rng.range(1, 4) {
        match rng.below(6) {
            0 => s.push_str(PROBE),
            1 => s.push_str(rng.pick(ODD_SCALARS)),
            2 => s.push_str(rng.pick(NAME_TOKENS)),
            _ => s.push_str(rng.pick(WORDS)),
        }
        s.push_str(rng.pick(&[" ", " ", "", "-", "\n", "  "]));
    }
    if rng.chance(1, 30) {
        s.push_str(&"long ".repeat(rng.range(100, 400)));
    }
    s.trim_end().to_owned()
}

thread_local! {
    static WILD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Wild generators also write YAML that need not parse, wrong shapes and odd
/// values; tame ones write values that a valid site could hold, so that most
/// cases get as far as rendering.
pub fn set_wild(wild: bool) {
    WILD.with(|w| w.set(wild));
}

fn wild() -> bool {
    WILD.with(|w| w.get())
}

/// A scalar rendered in one of YAML's styles: when wild, also with invalid escapes,
/// odd block headers and plain style that may or may not parse.
pub fn scalar_of(rng: &mut Rng, s: &str) -> Y {
    let style = if wild() {
        rng.below(10)
    } else if s.chars().all(|c| c.is_alphanumeric() || c == ' ')
        && !s.trim().is_empty()
        && s.trim() == s
    {
        [0, 2, 7][rng.below(3)]
    } else {
        [0, 1, 2, 3, 6][rng.below(5)]
    };
    let rendered = match style {
        0 | 1 => single_quoted(s),
        2..=4 => double_quoted(s),
        5 => {
            // Raw escapes, some of them invalid.
            let esc = rng.pick(&[
                "\\x00",
                "\\u263A",
                "\\U0001F600",
                "\\N",
                "\\_",
                "\\e",
                "\\q",
                "\\uD800",
                "\\U00110000",
                "\\x",
                "\\",
            ]);
            format!("\"{}{}\"", s.replace(['"', '\\'], ""), esc)
        }
        6 => {
            let header = if wild() {
                rng.pick(&["|", "|-", "|+", ">", ">-", "|2", ">1", "|9"])
            } else {
                rng.pick(&["|", "|-", ">-"])
            };
            let mut out = header.to_owned();
            for line in s.split('\n') {
                out.push('\n');
                out.push_str(line);
            }
            out
        }
        _ => {
            if s.contains('\n') {
                double_quoted(s)
            } else {
                s.to_owned()
            }
        }
    };
    Y::Scalar(rendered)
}

pub fn text_value(rng: &mut Rng) -> Y {
    let s = text(rng);
    scalar_of(rng, &s)
}

pub fn date_value(rng: &mut Rng) -> Y {
    let s = if !wild() || rng.chance(3, 4) {
        format!(
            "{:04}-{:02}-{:02}",
            rng.range(1990, 2030),
            rng.range(1, 12),
            rng.range(1, 28)
        )
    } else if rng.chance(1, 2) {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
            rng.range(0, 9999),
            rng.range(0, 13),
            rng.range(0, 32),
            rng.range(0, 25),
            rng.range(0, 60),
            rng.range(0, 61),
            rng.pick(&["Z", "+00:00", "-05:30", "+14:00", "+99:99", "", ".5Z"])
        )
    } else {
        rng.pick(ODD_SCALARS).to_owned()
    };
    if rng.chance(1, 4) {
        Y::Scalar(double_quoted(&s))
    } else {
        Y::Scalar(s)
    }
}

/// Any YAML value, `depth` levels deep at most.
pub fn any_value(rng: &mut Rng, depth: usize, anchors: &mut Vec<String>) -> Y {
    let y = match if depth == 0 { 0 } else { rng.below(6) } {
        0 | 1 => match rng.below(4) {
            0 => Y::Scalar(rng.pick(ODD_SCALARS).to_owned()),
            1 if !anchors.is_empty() => Y::Alias(rng.pick_owned(anchors)),
            _ => text_value(rng),
        },
        2 | 3 => {
            let n = rng.range(0, 4);
            Y::Seq(
                (0..n).map(|_| any_value(rng, depth - 1, anchors)).collect(),
                rng.chance(1, 2),
            )
        }
        _ => {
            let n = rng.range(0, 4);
            Y::Map(
                (0..n)
                    .map(|_| (key(rng), any_value(rng, depth - 1, anchors)))
                    .collect(),
                rng.chance(1, 3),
            )
        }
    };
    decorate(rng, y, anchors)
}

fn decorate(rng: &mut Rng, y: Y, anchors: &mut Vec<String>) -> Y {
    match rng.below(12) {
        0 => {
            let name = format!("a{}", rng.below(5));
            anchors.push(name.clone());
            Y::Anchored(name, Box::new(y))
        }
        1 => Y::Tagged(
            rng.pick(&[
                "!!str",
                "!!int",
                "!!float",
                "!!bool",
                "!!null",
                "!!binary",
                "!!map",
                "!!seq",
                "!!timestamp",
                "!custom",
                "!<tag:yaml.org,2002:str>",
                "!",
                "!!set",
                "!!omap",
            ])
            .to_owned(),
            Box::new(y),
        ),
        _ => y,
    }
}

const BRIEF_KEYS: &[&str] = &[
    "title", "date", "source", "people", "topics", "summary", "quotes", "draft", "slug", "updated",
];

fn key(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => rng
            .pick(&[
                "titel",
                "tags",
                "author",
                "Title",
                "<<",
                "? complex",
                "\"title\"",
                "'date'",
                "x-probe",
                "name",
                "aliases",
                "by",
                "text",
                "url",
                "issued",
                "from",
                "to",
                "context",
                "organization",
                "role",
                "roles",
                "country",
            ])
            .to_owned(),
        1 => rng.pick(ODD_SCALARS).to_owned(),
        _ => rng.pick(BRIEF_KEYS).to_owned(),
    }
    .replace(['\n', ':'], "")
}

fn names(rng: &mut Rng, pool: &[String]) -> Y {
    let n = rng.range(0, 5);
    let items: Vec<Y> = (0..n)
        .map(|_| {
            let s = if !pool.is_empty() && rng.chance(2, 3) {
                rng.pick_owned(pool)
            } else {
                name(rng)
            };
            scalar_of(rng, &s)
        })
        .collect();
    if items.len() == 1 && rng.chance(1, 3) {
        return items.into_iter().next().expect("one item");
    }
    Y::Seq(items, rng.chance(1, 2))
}

/// A name from overlapping tokens, sometimes with a probe.
pub fn name(rng: &mut Rng) -> String {
    let mut s = String::new();
    for i in 0..rng.range(1, 3) {
        if i > 0 {
            s.push_str(rng.pick(&[" ", " ", "-", ". ", "  ", "\u{a0}", ""]));
        }
        s.push_str(rng.pick(NAME_TOKENS));
    }
    if rng.chance(1, 12) {
        s.push_str(PROBE);
    }
    s
}

fn source(rng: &mut Rng) -> Y {
    let map = |rng: &mut Rng| {
        let mut items = vec![("name".to_owned(), text_value(rng))];
        if rng.chance(1, 2) {
            let url = if rng.chance(2, 3) {
                format!(
                    "https://example.org/{}",
                    rng.pick(&["a", "<x-probe>", "\"q", "a?b=<x-probe>&c", "%3Cx%3E"])
                )
            } else {
                rng.pick(ODD_SCALARS).to_owned()
            };
            items.push(("url".into(), scalar_of(rng, &url)));
        }
        if rng.chance(1, 2) {
            items.push(("title".into(), text_value(rng)));
        }
        if rng.chance(1, 3) {
            items.push(("issued".into(), date_value(rng)));
        }
        if rng.chance(1, 10) {
            items.push((key(rng), text_value(rng)));
        }
        Y::Map(items, rng.chance(1, 4))
    };
    match rng.below(3) {
        0 => text_value(rng),
        1 => map(rng),
        _ => {
            let n = rng.range(0, 3);
            Y::Seq((0..n).map(|_| map(rng)).collect(), false)
        }
    }
}

/// A brief's front matter: mostly the right keys with the right shapes, sometimes
/// wrong shapes, unknown or duplicate keys, anchors and aliases.
pub fn brief_front_matter(rng: &mut Rng, people: &[String], topics: &[String]) -> String {
    let mut anchors = Vec::new();
    let mut entries: Vec<(String, Y)> = Vec::new();
    let wild = rng.chance(1, 3);
    for &k in BRIEF_KEYS {
        let required = matches!(k, "title" | "date" | "source");
        if !(required && rng.chance(19, 20) || rng.chance(1, 2)) {
            continue;
        }
        let v = if wild && rng.chance(1, 4) {
            any_value(rng, 3, &mut anchors)
        } else {
            match k {
                "title" | "summary" => text_value(rng),
                "date" | "updated" => date_value(rng),
                "source" => source(rng),
                "people" => names(rng, people),
                "topics" => names(rng, topics),
                "quotes" => {
                    let n = rng.range(0, 3);
                    Y::Seq(
                        (0..n)
                            .map(|_| {
                                let by = if !people.is_empty() && rng.chance(2, 3) {
                                    rng.pick_owned(people)
                                } else {
                                    name(rng)
                                };
                                let mut m = vec![
                                    ("by".to_owned(), scalar_of(rng, &by)),
                                    ("text".to_owned(), text_value(rng)),
                                ];
                                if rng.chance(1, 3) {
                                    m.push(("context".into(), text_value(rng)));
                                }
                                Y::Map(m, rng.chance(1, 4))
                            })
                            .collect(),
                        false,
                    )
                }
                "draft" => Y::Scalar(rng.pick(&["false", "false", "true", "no", "~", "0"]).into()),
                "slug" => {
                    let s = rng
                        .pick(&[
                            "a",
                            "my-brief",
                            "",
                            "../../etc",
                            "a/b",
                            "<x-probe>",
                            "x y",
                            "UPPER",
                            "ünï",
                            "index",
                            "-",
                            "404",
                        ])
                        .to_owned();
                    scalar_of(rng, &s)
                }
                _ => text_value(rng),
            }
        };
        let v = if wild {
            decorate(rng, v, &mut anchors)
        } else {
            v
        };
        entries.push((k.to_owned(), v));
    }
    if wild && rng.chance(1, 2) {
        let i = rng.below(entries.len() + 1);
        entries.insert(i, (key(rng), any_value(rng, 2, &mut anchors)));
    }
    if wild && rng.chance(1, 4) && !entries.is_empty() {
        let dup = rng.pick_owned(&entries);
        entries.push(dup);
    }
    if rng.chance(1, 2) {
        shuffle(rng, &mut entries);
    }
    let mut yaml = emit_top(&entries);
    if rng.chance(1, 8) {
        yaml.push_str(rng.pick(&[
            "# a comment\n",
            "%YAML 1.2\n",
            "...\n",
            "--- \n",
            "---x\n",
            "\t\n",
            "  \n",
            "key: [unclosed\n",
            "? [complex, key]\n: v\n",
            "<<: *a0\n",
            "a: &a0 {title: x}\n",
        ]));
    }
    yaml
}

fn shuffle<T>(rng: &mut Rng, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        let j = rng.below(i + 1);
        v.swap(i, j);
    }
}

/// A person file's front matter.
pub fn person_front_matter(rng: &mut Rng, name: &str, aliases: &[String]) -> String {
    let mut entries = vec![("name".to_owned(), scalar_of(rng, name))];
    if !aliases.is_empty() {
        entries.push((
            "aliases".into(),
            Y::Seq(
                aliases.iter().map(|a| scalar_of(rng, a)).collect(),
                rng.chance(1, 2),
            ),
        ));
    }
    for k in ["role", "organization", "country"] {
        if rng.chance(1, 2) {
            entries.push((k.into(), text_value(rng)));
        }
    }
    if rng.chance(1, 3) {
        let n = rng.range(0, 3);
        let roles = (0..n)
            .map(|_| {
                let mut m = vec![("title".to_owned(), text_value(rng))];
                if wild() {
                    if rng.chance(1, 2) {
                        m.push(("from".into(), date_value(rng)));
                    }
                    if rng.chance(1, 2) {
                        m.push(("to".into(), date_value(rng)));
                    }
                } else {
                    let from = rng.range(1990, 2020);
                    m.push(("from".into(), Y::Scalar(format!("{from}-01-01"))));
                    if rng.chance(1, 2) {
                        m.push((
                            "to".into(),
                            Y::Scalar(format!("{}-06-30", from + rng.range(0, 5))),
                        ));
                    }
                }
                if rng.chance(1, 3) {
                    m.push(("organization".into(), text_value(rng)));
                }
                Y::Map(m, false)
            })
            .collect();
        entries.push(("roles".into(), Y::Seq(roles, false)));
    }
    emit_top(&entries)
}

pub fn topic_front_matter(rng: &mut Rng, name: &str, aliases: &[String]) -> String {
    let mut entries = vec![("name".to_owned(), scalar_of(rng, name))];
    if !aliases.is_empty() {
        entries.push((
            "aliases".into(),
            Y::Seq(aliases.iter().map(|a| scalar_of(rng, a)).collect(), true),
        ));
    }
    emit_top(&entries)
}

/// `site.yaml`: probes in the free text, a raw HTML policy, a mention mode, small
/// pages (to exercise pagination).
pub fn site_yaml(rng: &mut Rng) -> String {
    let mut entries = vec![("title".to_owned(), text_value(rng))];
    if rng.chance(1, 2) {
        entries.push(("description".into(), text_value(rng)));
    }
    if rng.chance(1, 3) {
        let urls: &[&str] = if wild() {
            &[
                "https://example.org/",
                "https://example.org/sub/path/",
                "http://x.test",
                "https://example.org/<x-probe>/",
                "ftp://x",
                "not a url",
            ]
        } else {
            &[
                "https://example.org/",
                "https://example.org/sub/path/",
                "http://x.test",
                "https://example.org/%3Cx-probe%3E/",
            ]
        };
        let url = urls[rng.below(urls.len())].to_owned();
        entries.push(("base_url".into(), scalar_of(rng, &url)));
    }
    if rng.chance(1, 2) {
        entries.push((
            "language".into(),
            Y::Scalar(rng.pick(&["en", "fr", "\"\\\"><x-probe>\"", "'en'"]).into()),
        ));
    }
    if rng.chance(1, 2) {
        let least = usize::from(!wild());
        entries.push((
            "briefs_per_page".into(),
            Y::Scalar(rng.range(least, 3).to_string()),
        ));
    }
    if rng.chance(1, 3) {
        entries.push((
            "home_briefs".into(),
            Y::Scalar(rng.pick(&["0", "1", "3", "100000"]).into()),
        ));
    }
    let mut md = vec![(
        "raw_html".to_owned(),
        Y::Scalar(
            rng.pick(&["sanitize", "sanitize", "escape", "allow"])
                .into(),
        ),
    )];
    if rng.chance(1, 2) {
        md.push((
            "smart_punctuation".into(),
            Y::Scalar(rng.pick(&["true", "false"]).into()),
        ));
    }
    entries.push(("markdown".into(), Y::Map(md, rng.chance(1, 3))));
    if rng.chance(2, 3) {
        entries.push((
            "mentions".into(),
            Y::Scalar(rng.pick(&["first", "all", "none"]).into()),
        ));
    }
    if rng.chance(1, 4) {
        let mut anchors = Vec::new();
        let extra = if wild() {
            any_value(rng, 3, &mut anchors)
        } else {
            Y::Map(
                vec![
                    ("note".into(), text_value(rng)),
                    ("n".into(), Y::Scalar("3".into())),
                ],
                false,
            )
        };
        entries.push(("extra".into(), extra));
    }
    emit_top(&entries)
}

/// A Markdown body: `names` are mixed into the text.
pub fn body(rng: &mut Rng, names: &[String]) -> String {
    let mut out = String::new();
    let mut footnotes = Vec::new();
    for _ in 0..rng.range(0, 10) {
        match rng.below(14) {
            0 | 1 => {
                let level = rng.range(1, 7);
                out.push_str(&"#".repeat(level));
                out.push(' ');
                out.push_str(&inline(rng, names, &mut footnotes, 1));
                match rng.below(6) {
                    0 => out.push_str(" {#custom-id}"),
                    1 => out.push_str(" {#\"><x-probe>}"),
                    2 => out.push_str(" {.cls #id data-x=\"<x-probe>\" onclick=alert(1)}"),
                    _ => {}
                }
                out.push('\n');
            }
            2 => {
                out.push_str(&inline(rng, names, &mut footnotes, 1));
                out.push_str(rng.pick(&["\n===\n", "\n---\n"]));
            }
            3 => {
                let tag = rng.pick(RAW_BLOCKS);
                out.push_str(tag);
                out.push('\n');
            }
            4 => {
                let cols = rng.range(1, 4);
                let row = |rng: &mut Rng, fns: &mut Vec<usize>| {
                    let cells: Vec<String> = (0..rng.range(1, cols + 1))
                        .map(|_| inline(rng, names, fns, 0).replace(['\n', '|'], " "))
                        .collect();
                    format!("| {} |\n", cells.join(" | "))
                };
                out.push_str(&row(rng, &mut footnotes));
                let aligns: Vec<&str> = (0..cols)
                    .map(|_| rng.pick(&["---", ":--", "--:", ":-:"]))
                    .collect();
                out.push_str(&format!("|{}|\n", aligns.join("|")));
                for _ in 0..rng.range(0, 3) {
                    out.push_str(&row(rng, &mut footnotes));
                }
            }
            5 => {
                for _ in 0..rng.range(1, 4) {
                    out.push_str(rng.pick(&["> ", "- ", "1. ", "  - ", "> > ", "* ", "+ [ ] "]));
                    out.push_str(&inline(rng, names, &mut footnotes, 2));
                    out.push('\n');
                }
            }
            6 => {
                out.push_str(rng.pick(&["```", "~~~", "```rust", "```<x-probe>", "    "]));
                out.push('\n');
                out.push_str(&inline(rng, names, &mut footnotes, 0));
                out.push_str("\n```\n");
            }
            7 => {
                if let Some(n) = footnotes.pop() {
                    out.push_str(&format!(
                        "[^{n}]: {}\n",
                        inline(rng, names, &mut Vec::new(), 1)
                    ));
                } else {
                    out.push_str("[^orphan]: note\n");
                }
            }
            8 => out.push_str(rng.pick(&[
                "---\n",
                "***\n",
                "---\ntitle: x\n---\n",
                "[ref]: https://x.org/ \"t\"\n",
                "[bad]: javascript:alert(1)\n",
                "\\\n",
                "&#0;&#xD800;&#1114112;\n",
            ])),
            _ => {
                out.push_str(&inline(rng, names, &mut footnotes, 3));
                out.push('\n');
            }
        }
        out.push('\n');
    }
    for n in footnotes {
        if rng.chance(1, 2) {
            out.push_str(&format!("[^{n}]: a note\n"));
        }
    }
    body_markers(&out)
}

/// The marker used in bodies, which may pass through when a site allows raw HTML:
/// distinct from the front matter one, which must never.
pub const BODY_PROBE: &str = "<x-body>";

/// `s` with the front matter marker (in any letter case) turned into the body one.
pub fn body_markers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.to_ascii_lowercase().find(PROBE) {
        out.push_str(&rest[..i]);
        out.push_str(BODY_PROBE);
        rest = &rest[i + PROBE.len()..];
    }
    out.push_str(rest);
    out
}

const RAW_BLOCKS: &[&str] = &[
    "<div class=\"box\" onclick=\"alert(1)\">\n\n*inside*\n\n</div>",
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.test/x.js></SCRIPT>",
    "<style>body{display:none}</style>",
    "<!-- a comment <script>x</script> -->",
    "<![CDATA[ <script>x</script> ]]>",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=\"https://x.test\"></iframe>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<form action=x><input></form>",
    "<object data=x></object>",
    "<base href=\"https://x.test/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>x</script></template>",
    "<table><tr><td style=\"background:url(javascript:x)\">c</td></tr></table>",
    "<details open ontoggle=alert(1)>",
    "<textarea><script>x</script></textarea>",
    "<p>unclosed <b>bold",
    "</div></div></div>",
    "<x-probe>",
    "<?php echo 1; ?>",
    "<!DOCTYPE html>",
];

fn inline(rng: &mut Rng, names: &[String], footnotes: &mut Vec<usize>, depth: usize) -> String {
    let mut s = String::new();
    for _ in 0..rng.range(1, 8) {
        let piece = match if depth == 0 {
            rng.below(5)
        } else {
            rng.below(20)
        } {
            0..=2 => rng.pick(WORDS).to_owned(),
            3 | 4 if !names.is_empty() => {
                let n = rng.pick_owned(names);
                match rng.below(4) {
                    0 => n.to_uppercase(),
                    1 => n.to_lowercase(),
                    _ => n,
                }
            }
            3 | 4 => rng.pick(NAME_TOKENS).to_owned(),
            5 => {
                let d = rng.pick(&["*", "_", "**", "__", "~~", "***", "~"]);
                format!("{d}{}{d}", inline(rng, names, footnotes, depth - 1))
            }
            6 => format!("`{}`", rng.pick(NAME_TOKENS)),
            7 => {
                let dest = rng.pick(LINK_DESTS);
                format!("[{}]({dest})", inline(rng, names, footnotes, depth - 1))
            }
            8 => format!("![{}]({})", rng.pick(WORDS), rng.pick(LINK_DESTS)),
            9 => format!(
                "<{}>",
                rng.pick(&[
                    "https://x.org/a",
                    "javascript:alert(1)",
                    "mailto:a@b.c",
                    "a@b.c",
                    "vbscript:x",
                    "data:text/html,x"
                ])
            ),
            10 => {
                let n = footnotes.len() + 1;
                footnotes.push(n);
                format!("[^{n}]")
            }
            11 => rng
                .pick(&[
                    "<b>",
                    "</b>",
                    "<abbr title=\"x\">",
                    "</abbr>",
                    "<span onmouseover=alert(1)>",
                    "</span>",
                    "<a href=x>",
                    "</a>",
                    "<br>",
                    "<script>",
                    "<img src=x onerror=alert(1)>",
                    "<x-probe>",
                ])
                .to_owned(),
            12 => rng
                .pick(&[
                    "&amp;",
                    "&lt;x-probe&gt;",
                    "&#60;script&#62;",
                    "&colon;",
                    "&nbsp;",
                    "&bogus;",
                    "&#x1F600;",
                    "\\<",
                    "\\*",
                ])
                .to_owned(),
            13 => format!("[{}][ref]", rng.pick(WORDS)),
            14 => "\"quoted\" it's -- and --- ...".to_owned(),
            _ => rng.pick(PUNCT).to_owned(),
        };
        s.push_str(&piece);
        s.push_str(rng.pick(PUNCT));
    }
    s
}

const LINK_DESTS: &[&str] = &[
    "https://x.org/",
    "../other/",
    "#frag",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&colon;alert(1)",
    "<java script:x>",
    "data:text/html,x",
    "vbscript:x",
    "mailto:a@b.c",
    "tel:+1",
    "\"><x-probe>",
    "https://x.org/\"onmouseover=\"x",
    "//evil.test/",
    "/abs",
    "?q=1",
    "x:y",
    "%6Aavascript:alert(1)",
    "&#106;avascript:alert(1)",
];

/// Registry people: names and aliases drawn from overlapping tokens.
pub struct Registry {
    pub people: Vec<(String, Vec<String>)>,
    pub topics: Vec<(String, Vec<String>)>,
}

impl Registry {
    pub fn generate(rng: &mut Rng, max_people: usize) -> Registry {
        let n = rng.range(0, max_people);
        let people = (0..n)
            .map(|_| {
                let base = name(rng);
                let aliases = (0..rng.range(0, 3))
                    .map(|_| {
                        if rng.chance(1, 2) {
                            // Part of the name, or of the name with a title.
                            let part = base.split([' ', '-']).next().unwrap_or("").to_owned();
                            format!(
                                "{}{part}",
                                rng.pick(&["", "Mr. ", "Dr. ", "Secretary ", "the "])
                            )
                        } else {
                            name(rng)
                        }
                    })
                    .collect();
                (base, aliases)
            })
            .collect();
        let topics = (0..rng.range(0, 3))
            .map(|_| {
                (
                    name(rng),
                    if rng.chance(1, 2) {
                        vec![name(rng)]
                    } else {
                        vec![]
                    },
                )
            })
            .collect();
        Registry { people, topics }
    }

    /// Every way the registry names someone or something.
    pub fn all_names(&self) -> Vec<String> {
        self.people
            .iter()
            .chain(&self.topics)
            .flat_map(|(n, a)| std::iter::once(n.clone()).chain(a.iter().cloned()))
            .collect()
    }

    pub fn write(&self, rng: &mut Rng, case: &mut Case) {
        let names = self.all_names();
        for (i, (name, aliases)) in self.people.iter().enumerate() {
            let file = file_stem(rng, name, i);
            let fm = person_front_matter(rng, name, aliases);
            let bio = if rng.chance(1, 2) {
                body(rng, &names)
            } else {
                String::new()
            };
            case.file(&format!("content/people/{file}.md"), doc(&fm, &bio));
        }
        for (i, (name, aliases)) in self.topics.iter().enumerate() {
            let file = file_stem(rng, name, i);
            let fm = topic_front_matter(rng, name, aliases);
            let text = if rng.chance(1, 2) {
                body(rng, &names)
            } else {
                String::new()
            };
            case.file(&format!("content/topics/{file}.md"), doc(&fm, &text));
        }
    }
}

fn file_stem(rng: &mut Rng, name: &str, i: usize) -> String {
    match rng.below(4) {
        0 => format!("p{i}"),
        1 => {
            let cleaned: String = name
                .chars()
                .filter(|c| {
                    !matches!(
                        c,
                        '/' | '\\' | '\0' | '<' | '>' | ':' | '"' | '|' | '?' | '*'
                    )
                })
                .collect();
            let cleaned = cleaned.trim_start_matches('.').to_owned();
            if cleaned.trim().is_empty() {
                format!("q{i}")
            } else {
                format!("{cleaned}{i}")
            }
        }
        _ => format!(
            "{}-{i}",
            rng.pick(&["li-wei", "zoe", "2023-06-14-x", "UPPER", "ünï", "a.b"])
        ),
    }
}

pub fn doc(front_matter: &str, body: &str) -> String {
    format!("---\n{front_matter}---\n{body}")
}

/// Byte-level damage: CR and CRLF line ends, a BOM, invalid UTF-8, NULs, tabs,
/// deleted, duplicated or spliced spans.
pub fn damage(rng: &mut Rng, bytes: &mut Vec<u8>) {
    for _ in 0..rng.range(1, 4) {
        let at = if bytes.is_empty() {
            0
        } else {
            rng.below(bytes.len() + 1)
        };
        match rng.below(12) {
            0 => {
                *bytes = String::from_utf8_lossy(bytes)
                    .replace('\n', "\r\n")
                    .into_bytes()
            }
            1 => {
                let lossy = String::from_utf8_lossy(bytes).replace('\n', "\r");
                *bytes = lossy.into_bytes();
            }
            2 => bytes.splice(0..0, "\u{feff}".bytes()).for_each(drop),
            3 => {
                let bad: &[u8] = rng.pick(&[
                    &[0xff][..],
                    &[0xc3],
                    &[0xc0, 0xaf],
                    &[0xed, 0xa0, 0x80],
                    &[0xf4, 0x90, 0x80, 0x80],
                    &[0xe2, 0x82],
                ]);
                bytes.splice(at..at, bad.iter().copied()).for_each(drop);
            }
            4 => bytes.insert(
                at,
                *rng.pick(&[&0u8, &b'\t', &b'\r', &0x0bu8, &0x1bu8, &0x7fu8]),
            ),
            5 if !bytes.is_empty() => {
                let end = (at + rng.range(1, 16)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            6 if !bytes.is_empty() => {
                let end = (at + rng.range(1, 32)).min(bytes.len());
                let span: Vec<u8> = bytes[at.min(end)..end].to_vec();
                bytes.splice(at..at, span).for_each(drop);
            }
            7 => {
                let token = rng.pick(&[
                    "---\n",
                    "\n---\n",
                    ":",
                    "- ",
                    "&a ",
                    "*a",
                    "!!binary ",
                    "{",
                    "[",
                    "\"",
                    "'",
                    "|",
                    "  ",
                    "\n  - ",
                    "#",
                    "? ",
                    "<<: *a\n",
                ]);
                bytes.splice(at..at, token.bytes()).for_each(drop);
            }
            8 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] = rng.next_u64() as u8;
            }
            _ => {}
        }
    }
}

/// Random bytes, sometimes between fences.
pub fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let n = rng.range(0, 200);
    let mut v: Vec<u8> = (0..n)
        .map(|_| match rng.below(4) {
            0 => rng.next_u64() as u8,
            _ => *rng.pick(&[
                &b'a', &b' ', &b'\n', &b':', &b'-', &b'"', &b'[', &b'{', &b'&', &b'*', &b'!',
                &b'#', &b'|', &b'>',
            ]),
        })
        .collect();
    if rng.chance(2, 3) {
        v.splice(0..0, b"---\n".iter().copied()).for_each(drop);
        v.extend_from_slice(b"\n---\n");
    }
    v
}

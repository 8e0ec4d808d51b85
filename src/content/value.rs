//! Front matter value types whose own deserialisers validate, so that a bad value is
//! reported by the YAML parser at its exact line and column.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A required, non-blank string. `title: null`, `title: ~`, `title:` and `title: "  "`
/// are errors, never the text "null". Numbers and booleans are kept as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Text(pub String);

/// For a required top-level key: `null` or a missing key becomes an empty `Text`,
/// which the document's own check then reports at the key's line, naming the key
/// (the parser cannot place a `null`).
pub fn required_text<'de, D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
    Ok(Option::<Text>::deserialize(d)?.unwrap_or_default())
}

/// The error for a required key that is missing or empty, at its line when present.
pub fn missing_key(
    at: &super::front_matter::Located<'_>,
    yaml: &str,
    key: &str,
) -> crate::error::Diagnostic {
    match super::front_matter::key_position(yaml, &[key]) {
        Some((line, column)) => at
            .error(line, column, format!("`{key}` is empty"))
            .with_help(format!("write a value after `{key}:`")),
        None => at
            .error(1, 1, format!("missing `{key}`"))
            .with_help(format!("add a line `{key}: ...` to the front matter")),
    }
}

impl Text {
    /// The trimmed text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-empty string")
    }

    fn visit_none<E: de::Error>(self) -> Result<Text, E> {
        Err(E::custom("a required value is missing or empty (null)"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
        d.deserialize_str(TextVisitor)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        let t = v.trim();
        if t.is_empty() {
            Err(E::custom("empty value where text is required"))
        } else {
            Ok(Text(t.to_owned()))
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_option(TextVisitor)
    }
}

/// The longest name or alias accepted, in characters. Names are matched in every
/// brief body; a very long one makes the matcher slow to build and is never a name.
pub const MAX_NAME_CHARS: usize = 200;

/// Characters that do not show: zero-width spaces and joiners, direction marks and
/// overrides, invisible operators, byte order marks. In a name they make a second
/// person that looks exactly like the first (`Zelens\u{200b}kyy`).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Checks a name or alias: not longer than [`MAX_NAME_CHARS`], no invisible characters.
pub fn check_name(name: &str) -> Result<(), String> {
    if let Some(c) = name.chars().find(|&c| is_invisible(c)) {
        let shown: String = name
            .chars()
            .map(|c| {
                if is_invisible(c) {
                    format!("\\u{{{:X}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect();
        return Err(format!(
            "the name `{shown}` contains an invisible character (U+{:04X}); remove it, or the name makes a look-alike entry",
            c as u32
        ));
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(format!(
            "a name of {chars} characters is too long: names and aliases may have at most {MAX_NAME_CHARS}"
        ));
    }
    Ok(())
}

/// A name or alias: a [`Text`] that passes [`check_name`]. The check runs inside
/// the parser's visit so that its error carries the value's own position.
struct NameVisitor;

impl<'de> Visitor<'de> for NameVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a name")
    }

    fn visit_none<E: de::Error>(self) -> Result<Text, E> {
        TextVisitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
        TextVisitor.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
        d.deserialize_str(NameVisitor)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        let text = TextVisitor.visit_str(v)?;
        check_name(text.as_str()).map_err(E::custom)?;
        Ok(text)
    }
}

struct NameText(Text);

impl<'de> Deserialize<'de> for NameText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_option(NameVisitor).map(NameText)
    }
}

/// For a name field such as a quote's `by`.
pub fn name<'de, D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
    NameText::deserialize(d).map(|n| n.0)
}

/// For a registry entry's required `name`: like [`required_text`], checked as a name.
pub fn required_name<'de, D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
    Ok(Option::<NameText>::deserialize(d)?
        .map(|n| n.0)
        .unwrap_or_default())
}

/// For `aliases`: a list of names.
pub fn name_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Text>, D::Error> {
    Ok(Vec::<NameText>::deserialize(d)?
        .into_iter()
        .map(|n| n.0)
        .collect())
}

/// A calendar date, optionally with a time: `2023-06-14` or an RFC 3339 date-time
/// such as `2023-06-14T09:30:00-04:00`. Only real dates are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateValue {
    /// The date as written (the local date for a date-time).
    pub date: jiff::civil::Date,
    /// The instant, when a time was given.
    pub time: Option<jiff::Timestamp>,
    /// Seconds since the epoch (a bare date counts as midnight UTC), computed once:
    /// sorting ten thousand briefs compares it a few hundred thousand times.
    key: i64,
}

impl DateValue {
    /// Parses the two accepted forms strictly.
    pub fn parse(s: &str) -> Result<DateValue, String> {
        let s = s.trim();
        let b = s.as_bytes();
        let shaped = b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..10].iter().all(u8::is_ascii_digit);
        if !shaped {
            return Err(format!("`{s}` is not a date"));
        }
        let date: jiff::civil::Date = s[..10]
            .parse()
            .map_err(|e: jiff::Error| format!("`{s}` is not a real calendar date ({e})"))?;
        if b.len() == 10 {
            return Ok(DateValue::new(date, None));
        }
        if !matches!(b[10], b'T' | b't' | b' ') {
            return Err(format!("`{s}` is not a date"));
        }
        check_offset(s)?;
        let time = match s.parse::<jiff::Timestamp>() {
            Ok(t) => t,
            Err(_) => {
                // A date-time without an offset is read as UTC, as most generators do.
                let dt: jiff::civil::DateTime = s
                    .parse()
                    .map_err(|e: jiff::Error| format!("`{s}` is not a valid date-time ({e})"))?;
                dt.to_zoned(jiff::tz::TimeZone::UTC)
                    .map_err(|e| format!("`{s}` is not a valid date-time ({e})"))?
                    .timestamp()
            }
        };
        Ok(DateValue::new(date, Some(time)))
    }

    /// A date, with a time when known.
    pub fn new(date: jiff::civil::Date, time: Option<jiff::Timestamp>) -> DateValue {
        let key = match time {
            Some(t) => t.as_second(),
            None => date
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map(|z| z.timestamp().as_second())
                .unwrap_or(0),
        };
        DateValue { date, time, key }
    }

    /// A key that orders briefs by date then time; a bare date sorts as midnight UTC.
    pub fn sort_key(&self) -> i64 {
        self.key
    }

    /// `YYYY-MM-DD`.
    pub fn ymd(&self) -> String {
        self.date.to_string()
    }

    /// RFC 3339, for `<time datetime>`, feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        match self.time {
            Some(t) => t.to_string(),
            None => format!("{}T00:00:00Z", self.date),
        }
    }
}

/// Refuses a UTC offset beyond ±23:59 (the parser takes up to ±25:59:59) or with
/// seconds, which RFC 3339 does not have.
fn check_offset(s: &str) -> Result<(), String> {
    let time = &s[11..];
    let Some(sign) = time.find(['+', '-']) else {
        return Ok(());
    };
    let offset = &time[sign + 1..];
    let digits: Vec<u32> = offset.chars().filter_map(|c| c.to_digit(10)).collect();
    let hours = digits.iter().take(2).fold(0, |n, d| n * 10 + d);
    let minutes = digits.iter().skip(2).take(2).fold(0, |n, d| n * 10 + d);
    if hours > 23 || minutes > 59 || digits.len() > 4 {
        return Err(format!(
            "`{s}` has the UTC offset `{}{offset}`; offsets run from -23:59 to +23:59",
            &time[sign..=sign]
        ));
    }
    Ok(())
}

struct DateVisitor;

impl Visitor<'_> for DateVisitor {
    type Value = DateValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date (YYYY-MM-DD) or an RFC 3339 date-time")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateValue, E> {
        DateValue::parse(v).map_err(|m| E::custom(format!("invalid date: {m}")))
    }
}

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(DateVisitor)
    }
}

/// A list of names (each checked by [`check_name`]). A single string is taken as a list of one, as writers often
/// write `people: Antony Blinken`; each name is kept exactly as written (YAML 1.2:
/// `no`, `on` and `0755` stay strings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names(pub Vec<Text>);

struct NamesVisitor;

impl<'de> Visitor<'de> for NamesVisitor {
    type Value = Names;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of names, such as [Antony Blinken, Qin Gang]")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Names, E> {
        Ok(Names::default())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Names, E> {
        NameVisitor.visit_str(v).map(|t| Names(vec![t]))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Names, A::Error> {
        let mut out = Vec::new();
        while let Some(t) = seq.next_element::<NameText>()? {
            out.push(t.0);
        }
        Ok(Names(out))
    }
}

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NamesVisitor)
    }
}

/// For `extra:`, the site's own fields: any YAML map whose keys (at every level)
/// are strings, so that templates can read each as `extra.<key>`.
pub fn extra_map<'de, D: Deserializer<'de>>(d: D) -> Result<serde_yaml::Mapping, D::Error> {
    fn check_map(map: &serde_yaml::Mapping) -> Result<(), String> {
        for (k, v) in map {
            if !k.is_string() {
                let shown = serde_yaml::to_string(k).unwrap_or_default();
                let shown = shown.trim();
                return Err(format!(
                    "the key `{shown}` of `extra` is not text: quote it (`\"{shown}\": ...`) so templates can name it"
                ));
            }
            check(v)?;
        }
        Ok(())
    }
    fn check(value: &serde_yaml::Value) -> Result<(), String> {
        match value {
            serde_yaml::Value::Mapping(map) => check_map(map),
            serde_yaml::Value::Sequence(items) => items.iter().try_for_each(check),
            serde_yaml::Value::Tagged(t) => check(&t.value),
            _ => Ok(()),
        }
    }
    let map = Option::<serde_yaml::Mapping>::deserialize(d)?.unwrap_or_default();
    check_map(&map).map_err(de::Error::custom)?;
    Ok(map)
}

/// An image of a brief, person or author: where it is and what it shows. The alt
/// text is required: a picture that readers of a screen reader cannot know is a
/// gap in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawImage {
    /// A path under the site (`img/map.png`, `/img/map.png`: a file of `static/`)
    /// or an absolute web link.
    pub src: ImageSrc,
    /// What the image shows, for readers who cannot see it.
    pub alt: Text,
}

impl<'de> Deserialize<'de> for RawImage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// As written; `alt` is checked apart, to say why it is needed.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Written {
            src: ImageSrc,
            #[serde(default)]
            alt: Option<Text>,
        }
        let written = Written::deserialize(d)?;
        match written.alt {
            Some(alt) => Ok(RawImage {
                src: written.src,
                alt,
            }),
            None => Err(de::Error::custom(
                "the image has no `alt:` text: add a few words saying what it shows, for readers who cannot see it",
            )),
        }
    }
}

/// An image's `src`, checked where written: a web link (`https://`, `http://`) or a
/// path inside the site, never another scheme (`javascript:`, `data:`) nor `..`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSrc(pub String);

impl ImageSrc {
    /// Whether it is a web link rather than a path of the site.
    pub fn is_external(&self) -> bool {
        let lower = self.0.to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    }

    /// The site-relative path (no leading `/`), or the link as written.
    pub fn site_path(&self) -> &str {
        if self.is_external() {
            &self.0
        } else {
            self.0.trim_start_matches('/')
        }
    }
}

impl<'de> Deserialize<'de> for ImageSrc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Text::deserialize(d)?.0;
        let lower = text.to_ascii_lowercase();
        let external = lower.starts_with("https://") || lower.starts_with("http://");
        let scheme = text
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'));
        if (!external && scheme) || text.chars().any(char::is_whitespace) {
            return Err(de::Error::custom(format!(
                "`{text}` is not an image location: write a path of the site (`img/map.png`, a file of `static/`) or a web link (https://...)"
            )));
        }
        if !external && text.split(['/', '\\']).any(|part| part == "..") {
            return Err(de::Error::custom(format!(
                "`{text}` leaves the site: image paths are taken from the site's root (`img/map.png` is `static/img/map.png`)"
            )));
        }
        Ok(ImageSrc(text))
    }
}

/// One cited source, from its map form.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// The publisher: "U.S. Department of State".
    pub name: Text,
    /// A link to the document.
    #[serde(default)]
    pub url: Option<String>,
    /// The document's own title.
    #[serde(default)]
    pub title: Option<String>,
    /// When the source issued it.
    #[serde(default)]
    pub issued: Option<DateValue>,
    /// The site's own fields for this citation, as `citation.extra` in templates.
    #[serde(default, deserialize_with = "extra_map")]
    pub extra: serde_yaml::Mapping,
}

/// `source:` in any of its three forms: a name, a map, or a list of maps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources(pub Vec<RawSource>);

struct SourcesVisitor;

impl<'de> Visitor<'de> for SourcesVisitor {
    type Value = Sources;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a source name, a map with `name:`, or a list of such maps")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Sources, E> {
        Err(E::custom(
            "empty value (null): `source` needs at least a name",
        ))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Sources, E> {
        let name = TextVisitor.visit_str(v)?;
        Ok(Sources(vec![RawSource {
            name,
            url: None,
            title: None,
            issued: None,
            extra: serde_yaml::Mapping::new(),
        }]))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Sources, A::Error> {
        let one = RawSource::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Sources(vec![one]))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Sources, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element::<OneSource>()? {
            out.push(item.0);
        }
        if out.is_empty() {
            return Err(de::Error::custom(
                "`source` is an empty list: cite at least one source",
            ));
        }
        Ok(Sources(out))
    }
}

/// A list item of `source:`: a map, or a bare name.
struct OneSource(RawSource);

impl<'de> Deserialize<'de> for OneSource {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneSource;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a source name or a map with `name:`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneSource, E> {
                SourcesVisitor
                    .visit_str(v)
                    .map(|mut s| OneSource(s.0.remove(0)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OneSource, A::Error> {
                RawSource::deserialize(de::value::MapAccessDeserializer::new(map)).map(OneSource)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Sources {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SourcesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real() {
        assert!(DateValue::parse("2023-06-14").is_ok());
        assert!(DateValue::parse("2024-02-29").is_ok());
        for bad in [
            "2023-02-30",
            "2023-13-45",
            "yesterday",
            "2023-6-14",
            "14/06/2023",
            "2023-06-14X",
        ] {
            assert!(DateValue::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn offsets_beyond_a_day_are_refused() {
        for ok in [
            "2023-06-14T09:30:00+23:59",
            "2023-06-14T09:30:00-12:00",
            "2023-06-14T09:30:00Z",
            "2023-06-14T09:30:00",
        ] {
            assert!(DateValue::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2023-06-14T09:30:00+25:00",
            "2023-06-14T09:30:00-24:00",
            "2023-06-14T09:30:00+05:60",
            "2023-06-14T09:30:00+05:30:15",
        ] {
            let e = DateValue::parse(bad).unwrap_err();
            assert!(e.contains("offset"), "{bad}: {e}");
        }
    }

    #[test]
    fn names_are_checked_for_length_and_invisible_characters() {
        assert!(check_name("Volodymyr Zelenskyy").is_ok());
        assert!(check_name(&"a".repeat(MAX_NAME_CHARS)).is_ok());
        let e = check_name(&"a".repeat(MAX_NAME_CHARS + 1)).unwrap_err();
        assert!(e.contains("at most 200"), "{e}");
        for c in [
            '\u{200B}', '\u{200F}', '\u{202E}', '\u{2060}', '\u{2066}', '\u{FEFF}',
        ] {
            let e = check_name(&format!("Zelens{c}kyy")).unwrap_err();
            assert!(e.contains(&format!("U+{:04X}", c as u32)), "{e}");
            assert!(
                e.contains(&format!("Zelens\\u{{{:X}}}kyy", c as u32)),
                "{e}"
            );
        }
    }

    #[test]
    fn date_times_keep_their_local_date() {
        let d = DateValue::parse("2023-11-15T22:30:00-08:00").unwrap();
        assert_eq!(d.ymd(), "2023-11-15");
        assert_eq!(d.rfc3339(), "2023-11-16T06:30:00Z");
        let later = DateValue::parse("2023-11-16").unwrap();
        assert!(d.sort_key() > later.sort_key());
    }
}

//! Slugs: the ASCII, lowercase, stable words of URLs, and the matching keys by which
//! names are compared ("Recep Tayyip Erdoğan" → `recep-tayyip-erdogan`).

use std::path::Path;

/// The longest slug, in bytes. Slugs are folder names in the output; a long file
/// name or title would otherwise make paths some file systems refuse.
pub const MAX_SLUG_BYTES: usize = 80;

/// Device names Windows reserves in any folder, whatever the case or extension: a
/// page in `briefs/con/` could not be checked out or served there.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Whether `slug` is a device name Windows reserves (`con`, `nul`, `com1`...).
pub fn is_reserved(slug: &str) -> bool {
    WINDOWS_RESERVED.contains(&slug)
}

/// Turns any text into a URL slug: transliterated to ASCII, lowercase, runs of
/// anything but letters and digits collapsed to one hyphen, apostrophes dropped;
/// cut at a word boundary to at most [`MAX_SLUG_BYTES`], and `-1` added to a
/// Windows device name (`con` becomes `con-1`). The same rule makes name keys, so a
/// name and the slug of its page always agree.
pub fn slugify(text: &str) -> String {
    let mut out = slugify_full(text);
    if out.len() > MAX_SLUG_BYTES {
        // Slugs are ASCII, so any byte index is a char boundary.
        let cut = out[..=MAX_SLUG_BYTES]
            .rfind('-')
            .filter(|&i| i > 0)
            .unwrap_or(MAX_SLUG_BYTES);
        out.truncate(cut);
        while out.ends_with('-') {
            out.pop();
        }
    }
    if is_reserved(&out) {
        out.push_str("-1");
    }
    out
}

fn slugify_full(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let ascii = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode(text))
    };
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' {
            pending_dash = true;
        }
    }
    out
}

/// Whether `s` is already a slug, so a writer's `slug:` is used exactly as written.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The slug of a brief file: its name without extension and without a leading
/// `YYYY-MM-DD-` date, so `2023-06-14-blinken-trip.md` becomes `blinken-trip`.
pub fn from_file_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let b = stem.as_bytes();
    let dated = b.len() > 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && matches!(b[10], b'-' | b'_');
    slugify(if dated { &stem[11..] } else { &stem })
}

/// The key under which a name is looked up: case-, accent- and punctuation-insensitive,
/// and equal to the slug, so "Qin Gang", "qin-gang" and "QIN GANG" meet.
pub fn name_key(name: &str) -> String {
    slugify(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_stable() {
        assert_eq!(slugify("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
        assert_eq!(slugify("U.S.-China relations"), "u-s-china-relations");
        assert_eq!(slugify("  Xi's  visit!! "), "xis-visit");
        assert_eq!(slugify("Zoë Ångström"), "zoe-angstrom");
        assert_eq!(slugify("<script>"), "script");
        assert_eq!(slugify("—"), "");
    }

    #[test]
    fn windows_device_names_are_avoided() {
        for name in [
            "con", "CON", "Aux", "nul", "prn", "com1", "COM9", "lpt1", "Lpt9", "con.txt", "NUL.md",
        ] {
            let slug = slugify(name.split('.').next().unwrap_or(name));
            assert!(slug.ends_with("-1"), "{name}: {slug}");
            assert!(!is_reserved(&slug));
        }
        assert_eq!(slugify("CON"), "con-1");
        assert_eq!(from_file_name(Path::new("b/2023-06-14-aux.md")), "aux-1");
        assert_eq!(slugify("com10"), "com10");
        assert_eq!(slugify("console"), "console");
    }

    #[test]
    fn long_slugs_are_cut_at_a_word() {
        let title = "word ".repeat(100);
        let slug = slugify(&title);
        assert!(slug.len() <= MAX_SLUG_BYTES, "{slug}");
        assert!(slug.ends_with("word"), "{slug}");
        assert!(is_slug(&slug));
        let one_word = "x".repeat(300);
        assert_eq!(slugify(&one_word).len(), MAX_SLUG_BYTES);
        let stem = format!("b/2023-06-14-{}.md", "a".repeat(300));
        assert_eq!(from_file_name(Path::new(&stem)).len(), MAX_SLUG_BYTES);
    }

    #[test]
    fn file_names_lose_their_date() {
        assert_eq!(
            from_file_name(Path::new("b/2023-06-14-blinken-trip.md")),
            "blinken-trip"
        );
        assert_eq!(from_file_name(Path::new("b/2023-06-14.md")), "2023-06-14");
        assert_eq!(from_file_name(Path::new("b/Qin Gang.md")), "qin-gang");
    }

    #[test]
    fn keys_ignore_case_accents_and_punctuation() {
        assert_eq!(name_key("Qin Gang"), name_key("qin-gang"));
        assert_eq!(name_key("ERDOĞAN"), name_key("erdogan"));
        assert!(is_slug("qin-gang"));
        assert!(!is_slug("Qin Gang"));
        assert!(!is_slug("a--b"));
    }
}

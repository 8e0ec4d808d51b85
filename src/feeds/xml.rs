//! A small XML writer for feeds and sitemaps: elements, attributes and text, every
//! value escaped, characters XML 1.0 forbids dropped. The documents are simple and
//! written in one pass, so a template or an XML library would add nothing.

/// An XML document being written.
pub(crate) struct Xml {
    out: String,
}

impl Xml {
    /// A document with its declaration.
    pub(crate) fn new() -> Xml {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"),
        }
    }

    /// Opens `<name attrs>`.
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start(name, attrs);
        self.out.push_str(">\n");
    }

    /// Closes `</name>`.
    pub(crate) fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name attrs/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start(name, attrs);
        self.out.push_str("/>\n");
    }

    /// `<name attrs>text</name>`, the text escaped.
    pub(crate) fn element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        self.out.push('>');
        escape_into(&mut self.out, text);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// Markup already written by this writer (a cached fragment).
    pub(crate) fn raw(&mut self, fragment: &str) {
        self.out.push_str(fragment);
    }

    /// The document.
    pub(crate) fn finish(self) -> String {
        self.out
    }

    /// A writer for a fragment (no declaration), to be inserted with [`Xml::raw`].
    pub(crate) fn fragment() -> Xml {
        Xml { out: String::new() }
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value);
            self.out.push('"');
        }
    }
}

/// Escapes text for element content and double- or single-quoted attributes, and
/// drops the control characters XML 1.0 does not allow (a parser would refuse the
/// whole feed for one of them).
pub(crate) fn escape_into(out: &mut String, text: &str) {
    // Runs of bytes that need no escaping are copied whole: entry bodies are
    // long, and most of their bytes are plain text.
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let plain = match b {
            b'&' | b'<' | b'>' | b'"' | b'\'' => false,
            b'\t' | b'\n' | b'\r' => true,
            0..=0x1f => false,
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8.
            0xef => {
                !(bytes.get(i + 1) == Some(&0xbf) && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)))
            }
            _ => true,
        };
        if plain {
            i += 1;
            continue;
        }
        out.push_str(&text[start..i]);
        let width = if b == 0xef { 3 } else { 1 };
        match b {
            b'&' => out.push_str("&amp;"),
            b'<' => out.push_str("&lt;"),
            b'>' => out.push_str("&gt;"),
            b'"' => out.push_str("&quot;"),
            b'\'' => out.push_str("&apos;"),
            // Characters XML forbids are dropped.
            _ => {}
        }
        i += width;
        start = i;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_forbidden_characters_dropped() {
        let mut x = Xml::fragment();
        x.element("t", &[("a", "x\"<y>'&")], "</t><b>&amp;\u{1}ok");
        assert_eq!(
            x.finish(),
            "<t a=\"x&quot;&lt;y&gt;&apos;&amp;\">&lt;/t&gt;&lt;b&gt;&amp;amp;ok</t>\n"
        );
        let mut out = String::new();
        escape_into(&mut out, "a\u{FFFE}b\u{FFFF}c\u{FFFD}é\t\u{7}d");
        assert_eq!(out, "abc\u{FFFD}é\td");
    }
}

//! Relative links of rendered HTML made absolute, for content read away from the
//! site (feed entries): a reader shows an entry with no page around it, so
//! `../../people/x/` must become `https://example.org/people/x/`.

/// Rewrites every `href` and `src` attribute value of `html` that is not already
/// absolute, resolved against `page` (an absolute URL ending in `/`) and
/// `origin` (`https://example.org`, for values starting with `/`).
pub(crate) fn absolutize(html: &str, page: &str, origin: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some((at, quote)) = next_url_attr(rest) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(quote) else {
            break;
        };
        let value = &rest[..end];
        if is_absolute(value) {
            out.push_str(value);
        } else {
            out.push_str(&resolve(page, origin, value));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The offset just after the opening quote of the next ` href=` or ` src=` value,
/// and the quote.
fn next_url_attr(html: &str) -> Option<(usize, char)> {
    let bytes = html.as_bytes();
    let mut from = 0;
    loop {
        let i = from + html[from..].find('=')?;
        from = i + 1;
        let name_start = html[..i]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |p| p + 1);
        let name = &html[name_start..i];
        let preceded = name_start > 0 && bytes[name_start - 1].is_ascii_whitespace();
        if preceded
            && (name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src"))
            && let Some(&q) = bytes.get(i + 1)
            && (q == b'"' || q == b'\'')
        {
            return Some((i + 2, q as char));
        }
    }
}

/// A URL with a scheme (`https:`, `mailto:`) or a network path (`//host`).
fn is_absolute(value: &str) -> bool {
    value.starts_with("//") || crate::render::links::has_scheme(value)
}

/// `value` resolved against `page` (RFC 3986, for the relative forms HTML holds).
fn resolve(page: &str, origin: &str, value: &str) -> String {
    if value.is_empty() {
        return page.to_owned();
    }
    if value.starts_with('#') || value.starts_with('?') {
        return format!("{page}{value}");
    }
    if value.starts_with('/') {
        return format!("{origin}{value}");
    }
    let split = value.find(['?', '#']).unwrap_or(value.len());
    let (path, tail) = value.split_at(split);
    // The page's folder path, as segments.
    let page_path = &page[origin.len().min(page.len())..];
    let mut segments: Vec<&str> = page_path.split('/').filter(|s| !s.is_empty()).collect();
    if !page_path.ends_with('/') {
        segments.pop();
    }
    let parts: Vec<&str> = path.split('/').collect();
    let last = parts.len() - 1;
    let mut trailing_slash = false;
    for (i, part) in parts.iter().enumerate() {
        match *part {
            ".." => {
                segments.pop();
                trailing_slash = true;
            }
            "." | "" => trailing_slash = true,
            p => {
                segments.push(p);
                trailing_slash = false;
            }
        }
        if i == last && (*part == ".." || *part == "." || part.is_empty()) {
            trailing_slash = true;
        }
    }
    let mut url = String::from(origin);
    url.push('/');
    url.push_str(&segments.join("/"));
    if trailing_slash && !segments.is_empty() {
        url.push('/');
    }
    url.push_str(tail);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://example.org/site/briefs/x/";
    const ORIGIN: &str = "https://example.org";

    #[test]
    fn relative_links_become_absolute() {
        let html = r##"<p><a class="mention" href="../../people/a-b/">A</a> <a href="#s">s</a> <img src='pic.png' alt=""> <a href="https://x.org/a?b=1&amp;c">x</a> <a href="/top/">t</a> <a href="mailto:a@b.org">m</a> <a href="./">here</a></p>"##;
        let out = absolutize(html, PAGE, ORIGIN);
        assert!(
            out.contains(r#"href="https://example.org/site/people/a-b/""#),
            "{out}"
        );
        assert!(
            out.contains(r#"href="https://example.org/site/briefs/x/#s""#),
            "{out}"
        );
        assert!(
            out.contains(r#"src='https://example.org/site/briefs/x/pic.png'"#),
            "{out}"
        );
        assert!(out.contains(r#"href="https://x.org/a?b=1&amp;c""#), "{out}");
        assert!(out.contains(r#"href="https://example.org/top/""#), "{out}");
        assert!(out.contains(r#"href="mailto:a@b.org""#), "{out}");
        assert!(
            out.contains(r#"href="https://example.org/site/briefs/x/""#),
            "{out}"
        );
    }

    #[test]
    fn text_that_looks_like_an_attribute_outside_a_tag_is_kept() {
        // `data-href=` is not `href=`; text without a quote after `=` is left alone.
        let html = r#"<p data-href="a/">x=1 href=2</p>"#;
        assert_eq!(absolutize(html, PAGE, ORIGIN), html);
    }
}

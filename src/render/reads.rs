//! Which top-level context variables a page template can read.
//!
//! A page's bytes are a function of its template and of the context variables the
//! template reads. A rebuild compares fingerprints of contexts, so a value in every
//! context (the site's `counts`) would make every page render again when it
//! changes, although the built-in theme shows it on five pages. Fingerprints
//! therefore leave out the top-level variables a template cannot read.
//!
//! "Cannot read" is decided by a deliberately crude, sound test: a template can
//! read a top-level variable only by writing its name, in its own text or in the
//! text of a template it may pull in. So the words of a page template and of every
//! template whose name appears in those texts (`extends`, `include`, `import`),
//! followed to a fixed point, bound what the page reads. Component definitions may
//! read their caller's variables implicitly, so every template that defines one is
//! pulled in as well. A template that dumps the whole context (`__tera_context`)
//! reads everything. Words in plain HTML or comments count too: that can only keep
//! a variable that is not needed, never drop one that is.

use std::collections::BTreeMap;

use ahash::AHashSet;

/// What a template can read: every variable, or those named by these words.
#[derive(Debug, Clone)]
pub enum Reads {
    /// The template may read any variable.
    Everything,
    /// The template reads no top-level variable whose name is not in the set.
    Named(AHashSet<Box<str>>),
}

impl Reads {
    /// Whether a template with these reads may read the top-level variable `name`.
    pub fn may_read(&self, name: &str) -> bool {
        match self {
            Reads::Everything => true,
            Reads::Named(words) => words.contains(name),
        }
    }
}

/// What each template of `texts` (template name to its source) can read.
pub(crate) fn analyse(texts: &BTreeMap<String, String>) -> BTreeMap<String, Reads> {
    let components: Vec<&str> = texts
        .iter()
        .filter(|(_, text)| text.contains("component"))
        .map(|(name, _)| name.as_str())
        .collect();
    texts
        .keys()
        .map(|name| (name.clone(), reads_of(name, texts, &components)))
        .collect()
}

fn reads_of(start: &str, texts: &BTreeMap<String, String>, components: &[&str]) -> Reads {
    let mut seen: AHashSet<&str> = AHashSet::new();
    let mut queue: Vec<&str> = vec![start];
    queue.extend(components);
    let mut words: AHashSet<Box<str>> = AHashSet::new();
    while let Some(name) = queue.pop() {
        if !seen.insert(name) {
            continue;
        }
        let Some(text) = texts.get(name) else {
            continue;
        };
        if text.contains("__tera_context") {
            return Reads::Everything;
        }
        for word in text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
        {
            if !words.contains(word) {
                words.insert(word.into());
            }
        }
        queue.extend(
            texts
                .keys()
                .map(String::as_str)
                .filter(|other| !seen.contains(other) && text.contains(other)),
        );
    }
    Reads::Named(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(files: &[(&str, &str)]) -> BTreeMap<String, Reads> {
        analyse(
            &files
                .iter()
                .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn a_template_reads_what_it_and_the_templates_it_pulls_in_name() {
        let reads = theme(&[
            (
                "base.html",
                "<title>{{ title }}</title>{% include \"nav.html\" %}",
            ),
            ("nav.html", "{% for m in menu %}{{ m.title }}{% endfor %}"),
            ("brief.html", "{% extends \"base.html\" %}{{ brief.body }}"),
            (
                "people.html",
                "{% extends \"base.html\" %}{{ counts.people }}",
            ),
        ]);
        let brief = &reads["brief.html"];
        for name in ["title", "menu", "brief"] {
            assert!(brief.may_read(name), "{name}");
        }
        assert!(!brief.may_read("counts"));
        assert!(reads["people.html"].may_read("counts"));
        assert!(!reads["nav.html"].may_read("brief"));
    }

    #[test]
    fn a_context_dump_or_a_component_widens_the_reads() {
        let dump = theme(&[
            ("base.html", "{{ __tera_context }}"),
            ("brief.html", "{% extends \"base.html\" %}"),
        ]);
        assert!(dump["brief.html"].may_read("counts"));
        let component = theme(&[
            (
                "parts.html",
                "{% component Count(counts) %}{{ counts }}{% endcomponent Count %}",
            ),
            ("brief.html", "{{ <Count /> }}"),
        ]);
        assert!(component["brief.html"].may_read("counts"));
    }
}

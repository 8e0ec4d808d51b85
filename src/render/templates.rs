//! The theme: built-in templates embedded in the binary, overridden file by file by
//! a site's `templates/`. Built-ins are also registered as `theme/<name>` so a
//! site's template can extend or include the one it replaces.

use std::collections::BTreeMap;
use std::path::PathBuf;

use tera::{Context, Kwargs, State, Tera};

pub use crate::content::theme_files::ThemeFiles;
use crate::error::Diagnostic;

/// The built-in theme, embedded at compile time.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("brief.html", include_str!("../../templates/brief.html")),
    ("briefs.html", include_str!("../../templates/briefs.html")),
    ("people.html", include_str!("../../templates/people.html")),
    ("person.html", include_str!("../../templates/person.html")),
    ("topics.html", include_str!("../../templates/topics.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("sources.html", include_str!("../../templates/sources.html")),
    ("source.html", include_str!("../../templates/source.html")),
    ("archive.html", include_str!("../../templates/archive.html")),
    (
        "archive_year.html",
        include_str!("../../templates/archive_year.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("author.html", include_str!("../../templates/author.html")),
    ("authors.html", include_str!("../../templates/authors.html")),
    (
        "taxonomy.html",
        include_str!("../../templates/taxonomy.html"),
    ),
    ("term.html", include_str!("../../templates/term.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    (
        "partials/brief_item.html",
        include_str!("../../templates/partials/brief_item.html"),
    ),
    (
        "partials/brief_list.html",
        include_str!("../../templates/partials/brief_list.html"),
    ),
    (
        "partials/timeline.html",
        include_str!("../../templates/partials/timeline.html"),
    ),
    (
        "partials/chart_data.html",
        include_str!("../../templates/partials/chart_data.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../templates/partials/pagination.html"),
    ),
    (
        "partials/index_pagination.html",
        include_str!("../../templates/partials/index_pagination.html"),
    ),
];

/// Files of the theme that are copied to the output as they are: the stylesheet;
/// the copy buttons' script (brief pages load it with `defer`) and the search
/// script (every page loads it with `defer`), both fixed files no content
/// reaches; and `custom.css`, which is empty: every page links it after
/// `style.css`, so a site's own `static/custom.css` (or `templates/custom.css`)
/// adds to the theme's styles instead of replacing them.
pub const BUILTIN_ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../../templates/style.css")),
    ("custom.css", include_str!("../../templates/custom.css")),
    ("copy.js", include_str!("../../templates/copy.js")),
    ("search.js", include_str!("../../templates/search.js")),
];

/// Every file of the built-in theme (name relative to `templates/`, text): what
/// `dossier theme export` writes out for editing.
pub fn builtin_files() -> Vec<(&'static str, &'static str)> {
    BUILTIN
        .iter()
        .chain(BUILTIN_ASSETS)
        .copied()
        .chain([("strings.yaml", super::strings::BUILTIN)])
        .collect()
}

/// The compiled templates and where each came from.
pub struct Theme {
    /// The templates as compiled: plain partials written into their includers
    /// (see [`super::inlining`]).
    tera: Tera,
    /// With partials written in, the templates as written, compiled only to
    /// report an error of rendering at the place the user wrote it.
    as_written: Option<AsWritten>,
    origins: BTreeMap<String, PathBuf>,
    /// Assets to write (path in the output, bytes), site overrides applied.
    pub assets: Vec<(String, Vec<u8>)>,
    /// The words shown to readers, site overrides applied.
    pub strings: super::strings::Strings,
    /// What each template can read, for fingerprints that leave out the rest.
    reads: BTreeMap<String, super::reads::Reads>,
}

/// The templates' texts as written, and their engine once compiled (`None` if
/// they do not compile).
type AsWritten = (BTreeMap<String, String>, std::sync::OnceLock<Option<Tera>>);

impl Theme {
    /// Compiles the built-in theme with a site's overrides, read by
    /// [`crate::content::theme_files::read`] (this module does no I/O).
    pub fn compile(files: ThemeFiles) -> Result<Theme, Vec<Diagnostic>> {
        Theme::compile_inlining(files, true)
    }

    /// [`Theme::compile`], writing plain partials into their includers or not.
    fn compile_inlining(files: ThemeFiles, inline: bool) -> Result<Theme, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
        for (name, src) in BUILTIN {
            let origin = PathBuf::from(format!("<built-in theme>/templates/{name}"));
            sources.insert((*name).to_owned(), ((*src).to_owned(), origin.clone()));
            sources.insert(format!("theme/{name}"), ((*src).to_owned(), origin));
        }
        let mut assets: BTreeMap<String, Vec<u8>> = BUILTIN_ASSETS
            .iter()
            .map(|(n, s)| ((*n).to_owned(), s.as_bytes().to_vec()))
            .collect();
        let ThemeFiles {
            templates,
            assets: site_assets,
            strings: site_strings,
        } = files;
        for (name, text, shown) in templates {
            sources.insert(name, (text, shown));
        }
        assets.extend(site_assets);
        let mut problems = Vec::new();
        let strings = match super::strings::Strings::merged(
            site_strings.as_ref().map(|s| s.0.as_str()),
        ) {
            Ok(s) => Some(s),
            Err(message) => {
                let shown =
                    site_strings.map_or_else(|| PathBuf::from("templates/strings.yaml"), |s| s.1);
                problems.push(Diagnostic::file_error(shown, message).with_help(
                    "give only keys of the built-in table (see docs/templates.md), each a text, `months` and `months_short` lists of twelve",
                ));
                None
            }
        };
        let (true, Some(strings)) = (problems.is_empty(), strings) else {
            return Err(problems);
        };
        let origins: BTreeMap<String, PathBuf> = sources
            .iter()
            .map(|(n, (_, p))| (n.clone(), p.clone()))
            .collect();
        let texts: BTreeMap<String, String> = sources
            .iter()
            .map(|(n, (s, _))| (n.clone(), s.clone()))
            .collect();
        let mut theme = Theme {
            tera: new_tera(),
            as_written: None,
            origins,
            assets: assets.into_iter().collect(),
            strings,
            reads: super::reads::analyse(&texts),
        };
        let inlined = inline.then(|| super::inlining::inline_partials(&texts));
        let inlined = inlined.flatten().and_then(|inlined| {
            let mut tera = new_tera();
            let compiled =
                tera.add_raw_templates(inlined.iter().map(|(n, s)| (n.as_str(), s.as_str())));
            compiled.is_ok().then_some(tera)
        });
        match inlined {
            Some(tera) => {
                theme.tera = tera;
                theme.as_written = Some((texts, std::sync::OnceLock::new()));
            }
            // Nothing written in, or the templates hold an error: compiled as
            // written, the error names the file and line the user wrote.
            None => {
                if let Err(e) = theme
                    .tera
                    .add_raw_templates(texts.iter().map(|(n, s)| (n.as_str(), s.as_str())))
                {
                    return Err(vec![theme.diagnostic(&e, None, &texts)]);
                }
            }
        }
        Ok(theme)
    }

    /// The top-level variables template `name` can read.
    pub fn reads(&self, name: &str) -> &super::reads::Reads {
        static EVERYTHING: super::reads::Reads = super::reads::Reads::Everything;
        self.reads.get(name).unwrap_or(&EVERYTHING)
    }

    /// Renders one template.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| {
            // Rendered again as written, the error is told where the user wrote
            // it, not in the text of a partial written into another template.
            let as_written = self.as_written.as_ref().and_then(|(texts, tera)| {
                let tera = tera.get_or_init(|| {
                    let mut tera = new_tera();
                    let texts = texts.iter().map(|(n, s)| (n.as_str(), s.as_str()));
                    tera.add_raw_templates(texts).is_ok().then_some(tera)
                });
                tera.as_ref()?.render(name, context).err()
            });
            self.diagnostic(
                as_written.as_ref().unwrap_or(&e),
                Some(name),
                &BTreeMap::new(),
            )
        })
    }

    /// Turns a Tera error into a diagnostic naming the template file and line.
    fn diagnostic(
        &self,
        e: &tera::Error,
        rendering: Option<&str>,
        texts: &BTreeMap<String, String>,
    ) -> Diagnostic {
        let origin = |name: &str| {
            self.origins
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
        };
        match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                let span = r.span();
                let mut d = Diagnostic::error(
                    origin(r.filename()),
                    span.start_line,
                    span.start_col + 1,
                    r.message().to_owned(),
                );
                if let Some(text) = texts.get(r.filename()) {
                    d = d.with_source(text);
                }
                if let Some(page) = rendering.filter(|p| *p != r.filename()) {
                    d = d.with_help(format!("while rendering `{page}`"));
                }
                d
            }
            tera::ErrorKind::CircularInclude { include_chain, .. }
            | tera::ErrorKind::CircularExtend {
                inheritance_chain: include_chain,
                ..
            } => {
                let (verb, noun) = match e.kind() {
                    tera::ErrorKind::CircularInclude { .. } => ("include", "include"),
                    _ => ("extends", "extend"),
                };
                let first = include_chain.first().map_or("", String::as_str);
                let second = include_chain.get(1).map_or(first, String::as_str);
                let (line, column) = statement_position(texts.get(first), verb, second);
                let mut d = Diagnostic::error(
                    origin(first),
                    line,
                    column,
                    format!(
                        "templates {noun} each other in a circle: {}",
                        include_chain.join(" → ")
                    ),
                )
                .with_help(format!(
                    "remove one of the `{verb}` statements of this circle"
                ));
                if let Some(text) = texts.get(first) {
                    d = d.with_source(text);
                }
                d
            }
            tera::ErrorKind::MissingParent { current, parent } => {
                let (line, column) = statement_position(texts.get(current), "extends", parent);
                let mut d = Diagnostic::error(
                    origin(current),
                    line,
                    column,
                    format!("`{current}` extends `{parent}`, which does not exist"),
                )
                .with_help(missing_help(parent));
                if let Some(text) = texts.get(current) {
                    d = d.with_source(text);
                }
                d
            }
            tera::ErrorKind::Msg(m) if m.contains("\n --> ") => {
                // Tera gathers problems found after parsing (an unknown include, an
                // unknown component) into one report text: `error: message` and
                // ` --> template:line:column` per problem.
                let mut found = Vec::new();
                let mut message = None;
                for l in m.lines() {
                    if let Some(msg) = l.strip_prefix("error: ") {
                        message = Some(msg.to_owned());
                    } else if let Some(place) = l.trim_start().strip_prefix("--> ") {
                        let mut parts = place.rsplitn(3, ':');
                        let column = parts.next().and_then(|c| c.parse::<usize>().ok());
                        let line = parts.next().and_then(|c| c.parse::<usize>().ok());
                        if let (Some(column), Some(line), Some(name), Some(msg)) =
                            (column, line, parts.next(), message.take())
                        {
                            let mut d = Diagnostic::error(origin(name), line, column, msg.clone());
                            if let Some(missing) = msg
                                .strip_prefix("Unknown template `")
                                .and_then(|r| r.strip_suffix('`'))
                            {
                                d = d.with_help(missing_help(missing));
                            }
                            if let Some(text) = texts.get(name) {
                                d = d.with_source(text);
                            }
                            found.push(d);
                        }
                    }
                }
                match found.len() {
                    0 => {
                        Diagnostic::file_error(origin(rendering.unwrap_or("templates")), m.clone())
                    }
                    // The first problem is the one to show; fixing it reveals the next.
                    _ => found.swap_remove(0),
                }
            }
            _ => {
                let mut message = e.to_string();
                let mut source = std::error::Error::source(e);
                while let Some(s) = source {
                    message.push_str(&format!(": {s}"));
                    source = s.source();
                }
                Diagnostic::file_error(origin(rendering.unwrap_or("templates")), message)
            }
        }
    }
}

/// A template engine with the theme's settings and filters, and no templates.
fn new_tera() -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    tera.register_filter("slugify", |s: &str, _: Kwargs, _: &State| {
        crate::slug::slugify(s)
    });
    tera.register_filter("date", date_filter);
    tera
}

/// Where `template` names `target` in an `include` or `extends` statement (1-based
/// line and column of the name), or the whole file when it cannot be found.
fn statement_position(template: Option<&String>, verb: &str, target: &str) -> (usize, usize) {
    let Some(text) = template else {
        return (0, 0);
    };
    for (i, line) in text.lines().enumerate() {
        if !line.contains(verb) {
            continue;
        }
        for quote in ['"', '\'', '`'] {
            if let Some(at) = line.find(&format!("{quote}{target}{quote}")) {
                return (i + 1, line[..at].chars().count() + 1);
            }
        }
    }
    (0, 0)
}

fn missing_help(name: &str) -> String {
    format!(
        "no template is called `{name}`: add `templates/{name}`, or correct the name (the built-in theme's templates can be named as `theme/<name>`, for example `theme/base.html`)"
    )
}

/// `{{ value | date(format="%B %-d, %Y") }}` on `YYYY-MM-DD` or RFC 3339 text.
fn date_filter(value: &str, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let format: &str = kwargs.get("format")?.unwrap_or("%B %-d, %Y");
    let date = crate::content::DateValue::parse(value).map_err(tera::Error::message)?;
    let mut out = String::new();
    use std::fmt::Write;
    write!(out, "{}", date.date.strftime(format))
        .map_err(|_| tera::Error::message(format!("invalid date format `{format}`")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn load_with(files: &[(&str, &str)]) -> Vec<Diagnostic> {
        let files = ThemeFiles {
            templates: files
                .iter()
                .map(|(name, body)| {
                    (
                        (*name).to_owned(),
                        (*body).to_owned(),
                        Path::new("templates").join(name),
                    )
                })
                .collect(),
            ..ThemeFiles::default()
        };
        match Theme::compile(files) {
            Ok(_) => Vec::new(),
            Err(d) => d,
        }
    }

    #[test]
    fn a_missing_include_names_the_including_file_and_line() {
        let d = load_with(&[("index.html", "a\n<p>{% include \"missing.html\" %}</p>\n")]);
        assert_eq!(d[0].path, Path::new("templates/index.html"), "{d:?}");
        assert_eq!((d[0].line(), d[0].column()), (Some(2), Some(15)), "{d:?}");
        assert!(d[0].message.contains("missing.html"), "{d:?}");
        assert!(!d[0].message.contains("error:"), "{d:?}");
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .contains("templates/missing.html")
        );
    }

    #[test]
    fn a_circular_include_is_reported_not_followed() {
        let d = load_with(&[
            ("index.html", "a\n{% include \"partials/b.html\" %}\n"),
            ("partials/b.html", "b\n\n{% include \"index.html\" %}\n"),
        ]);
        assert!(d[0].message.contains("circle"), "{d:?}");
        assert!(d[0].path.starts_with("templates"), "{d:?}");
        assert!(d[0].line().is_some(), "{d:?}");
        let d = load_with(&[("index.html", "{% include \"index.html\" %}")]);
        assert_eq!(
            (d[0].path.as_path(), d[0].line()),
            (Path::new("templates/index.html"), Some(1)),
            "{d:?}"
        );
    }

    /// Every page of the sample site, rendered with plain partials written in
    /// and with the templates as written: the same bytes.
    #[test]
    fn partials_written_in_render_every_page_as_includes_do() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let compiled = crate::compile(root, None, crate::BuildOptions::default())
            .expect("the sample site compiles");
        let files = crate::content::theme_files::read(root).expect("the theme reads");
        let written = Theme::compile_inlining(files, false).expect("the theme compiles");
        assert!(written.as_written.is_none());
        assert!(
            compiled.theme.as_written.is_some(),
            "the built-in lists' items are written in"
        );
        let inlined = compiled.renderer();
        let plain = super::super::Renderer::new(
            &compiled.site,
            &written,
            &compiled.bodies,
            &compiled.views,
        );
        let pages = inlined.pages();
        assert!(pages.len() > 50, "{}", pages.len());
        for page in pages {
            let a = inlined.render(page).expect("a page renders");
            let b = plain.render(page).expect("a page renders");
            assert!(a == b, "{page:?} differs:\n{}\n----\n{}", a.html, b.html);
        }
    }

    /// An error in a partial written into a list names the partial's file and
    /// line, as it would without the writing in.
    #[test]
    fn an_error_in_a_partial_written_in_names_the_partial() {
        let item = "{#- an item -#}\n<li>\n{{ b.title | int }}</li>\n";
        let files = ThemeFiles {
            templates: vec![(
                "partials/brief_item.html".to_owned(),
                item.to_owned(),
                Path::new("templates/partials/brief_item.html").to_path_buf(),
            )],
            ..ThemeFiles::default()
        };
        let theme = Theme::compile(files).expect("the theme compiles");
        assert!(theme.as_written.is_some());
        let context = Context::from_serialize(&serde_json::json!({
            "briefs": [{"title": "Not a number", "path": "briefs/x/"}],
            "root": "../",
            "strings": {},
        }))
        .expect("a context");
        let d = theme
            .render("partials/brief_list.html", &context)
            .expect_err("`int` refuses a title");
        assert_eq!(
            d.path,
            Path::new("templates/partials/brief_item.html"),
            "{d:?}"
        );
        assert_eq!(d.line(), Some(3), "{d:?}");
    }

    #[test]
    fn a_missing_parent_names_the_extending_file() {
        let d = load_with(&[("brief.html", "\n{% extends \"nope.html\" %}")]);
        assert_eq!(d[0].path, Path::new("templates/brief.html"), "{d:?}");
        assert_eq!(d[0].line(), Some(2), "{d:?}");
        assert!(d[0].message.contains("nope.html"), "{d:?}");
    }
}

//! The theme API as documented: every variable `docs/templates.md` names exists in
//! the context of some page of its kind, and every variable a context holds is
//! documented. Checked on the sample site at the repository's root.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use dossier::BuildOptions;
use dossier::render::pages;

/// Every variable path of a JSON value: `brief.people[].role_then`.
fn paths(prefix: &str, value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(p.clone());
                paths(&p, v, out);
            }
        }
        serde_json::Value::Array(items) => {
            let p = format!("{prefix}[]");
            out.insert(p.clone());
            for v in items {
                paths(&p, v, out);
            }
        }
        _ => {}
    }
}

/// The variables of each template in the context of the sample site's pages.
fn actual() -> BTreeMap<&'static str, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let compiled = dossier::compile(
        root,
        Some("https://example.org/briefs/"),
        BuildOptions::default(),
    )
    .expect("the sample site compiles");
    let renderer = compiled.renderer();
    let mut out: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for page in renderer.pages() {
        let value = serde_json::to_value(renderer.context(page)).expect("contexts serialise");
        let mut found = BTreeSet::new();
        paths("", &value, &mut found);
        // `extra` maps (of the site, briefs, people, topics, sources and pages)
        // hold the site's own free keys.
        found.retain(|p| !p.contains("extra."));
        out.entry(pages::template(page)).or_default().extend(found);
    }
    out
}

/// The documented variables of each template: the first cell of every table row
/// of `docs/templates.md`, under a `## name.html` heading (or `## Every page`, for
/// all templates). A row whose second cell names a shape (`date`, `link`, ...)
/// stands for the shape's fields, documented under `### shape` in `## Shapes`.
fn documented(templates: &[&'static str]) -> BTreeMap<&'static str, BTreeSet<String>> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md"))
            .expect("docs/templates.md");
    let mut sections: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut shapes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut current: Option<(bool, String)> = None;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("### ") {
            current = Some((true, h.trim().trim_matches('`').to_owned()));
        } else if let Some(h) = line.strip_prefix("## ") {
            current = Some((false, h.trim().trim_matches('`').to_owned()));
        } else if let (Some((is_shape, name)), Some(row)) = (&current, line.strip_prefix("| `")) {
            let mut cells = row.split('|');
            let var = cells
                .next()
                .unwrap_or("")
                .trim()
                .trim_end_matches('`')
                .to_owned();
            let kind = cells
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('`')
                .to_owned();
            let target = if *is_shape {
                &mut shapes
            } else {
                &mut sections
            };
            target.entry(name.clone()).or_default().push((var, kind));
        }
    }
    fn expand(
        prefix: &str,
        rows: &[(String, String)],
        shapes: &BTreeMap<String, Vec<(String, String)>>,
        out: &mut BTreeSet<String>,
        depth: usize,
    ) {
        assert!(depth < 8, "shapes refer to each other in a loop");
        for (var, kind) in rows {
            let path = if prefix.is_empty() {
                var.clone()
            } else {
                format!("{prefix}.{var}")
            };
            // `a[].b` also documents `a[]` and `a`.
            let mut p = String::new();
            for part in path.split('.') {
                if !p.is_empty() {
                    p.push('.');
                }
                p.push_str(part);
                out.insert(p.clone());
                if let Some(stem) = p.strip_suffix("[]") {
                    out.insert(stem.to_owned());
                }
            }
            let shape = kind.trim_end_matches("[]");
            if let Some(fields) = shapes.get(shape) {
                let base = if kind.ends_with("[]") {
                    format!("{path}[]")
                } else {
                    path.clone()
                };
                out.insert(base.clone());
                expand(&base, fields, shapes, out, depth + 1);
            }
        }
    }
    let common = sections.get("Every page").cloned().unwrap_or_default();
    templates
        .iter()
        .map(|&t| {
            let mut vars = BTreeSet::new();
            expand("", &common, &shapes, &mut vars, 0);
            if let Some(rows) = sections.get(t) {
                expand("", rows, &shapes, &mut vars, 0);
            }
            (t, vars)
        })
        .collect()
}

#[test]
fn every_documented_variable_exists_and_every_variable_is_documented() {
    let actual = actual();
    let templates: Vec<&'static str> = actual.keys().copied().collect();
    let documented = documented(&templates);
    let mut problems = Vec::new();
    for t in &templates {
        let (have, doc) = (&actual[t], &documented[t]);
        for v in have.difference(doc) {
            problems.push(format!("{t}: `{v}` is in the context but not documented"));
        }
        for v in doc.difference(have) {
            problems.push(format!(
                "{t}: `{v}` is documented but no page of the sample site has it"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/templates.md and the contexts disagree:\n{}",
        problems.join("\n")
    );
}

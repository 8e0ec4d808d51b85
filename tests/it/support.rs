//! Helpers shared by the integration tests: a site fixture written into a temporary
//! folder, a runner for the built binary, output snapshots and a link checker.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A site folder (`<temporary folder>/site`), written file by file. The temporary
/// folder around it is scratch space for other output folders.
pub struct Site {
    dir: TempDir,
    root: PathBuf,
}

impl Default for Site {
    fn default() -> Self {
        Site::new()
    }
}

impl Site {
    /// An empty site folder with a minimal `site.yaml` and `content/briefs/`.
    pub fn new() -> Site {
        let site = Site::bare();
        site.file("site.yaml", "title: Test Briefings\n");
        std::fs::create_dir_all(site.path().join("content/briefs")).unwrap();
        site
    }

    /// A site holding the files of `tests/fixtures/<name>/`, copied over the minimal
    /// site of [`Site::new`] so that tests may change them.
    pub fn from_fixture(name: &str) -> Site {
        let site = Site::new();
        let from = fixture_dir(name);
        assert!(from.is_dir(), "no fixture folder {}", from.display());
        copy_tree(&from, site.path());
        site
    }

    /// A folder holding nothing at all.
    pub fn bare() -> Site {
        let dir = tempfile::Builder::new()
            .prefix("dossier-it-")
            .tempdir()
            .expect("a temporary folder");
        let root = dir.path().join("site");
        std::fs::create_dir(&root).unwrap();
        Site { dir, root }
    }

    /// The site folder.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The temporary folder holding the site folder: room for other outputs.
    pub fn scratch(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder, `public/`.
    pub fn out(&self) -> PathBuf {
        self.path().join("public")
    }

    /// Writes a file (creating its folders), relative to the site folder.
    pub fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Site {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        self
    }

    /// Removes a file of the site.
    pub fn remove(&self, rel: &str) -> &Site {
        std::fs::remove_file(self.path().join(rel)).unwrap();
        self
    }

    /// Writes `content/briefs/<name>.md` from a front matter block and a body.
    pub fn brief(&self, name: &str, front_matter: &str, body: &str) -> &Site {
        self.file(
            &format!("content/briefs/{name}.md"),
            doc(front_matter, body),
        )
    }

    /// Writes a simple valid brief: title, date, one source and the given people.
    pub fn simple_brief(&self, name: &str, title: &str, date: &str, people: &[&str]) -> &Site {
        let people = people
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(", ");
        self.brief(
            name,
            &format!("title: \"{title}\"\ndate: {date}\nsource: Test Source\npeople: [{people}]\n"),
            &format!("Body of {title}.\n"),
        )
    }

    /// Writes `content/people/<slug>.md`.
    pub fn person(&self, slug: &str, front_matter: &str, bio: &str) -> &Site {
        self.file(&format!("content/people/{slug}.md"), doc(front_matter, bio))
    }

    /// Writes `content/topics/<slug>.md`.
    pub fn topic(&self, slug: &str, front_matter: &str, description: &str) -> &Site {
        self.file(
            &format!("content/topics/{slug}.md"),
            doc(front_matter, description),
        )
    }

    /// Runs `dossier build <site> <args...>`.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = vec!["build", self.path().to_str().unwrap()];
        all.extend_from_slice(args);
        run(&all)
    }

    /// Runs a build that must succeed, and returns its output.
    pub fn build_ok(&self, args: &[&str]) -> Run {
        let r = self.build(args);
        assert_eq!(r.status, 0, "build failed:\n{}", r.stderr);
        r
    }

    /// Reads an output file of `public/` as text.
    pub fn read(&self, rel: &str) -> String {
        read_text(&self.out().join(rel))
    }

    /// The files of `public/`, relative and sorted.
    pub fn output_files(&self) -> BTreeSet<String> {
        list_files(&self.out())
    }
}

/// The folder of a fixture under `tests/fixtures/`.
pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies the files under `from` into `to`, creating folders.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A Markdown document with a front matter block.
pub fn doc(front_matter: &str, body: &str) -> String {
    let mut fm = front_matter.to_owned();
    if !fm.ends_with('\n') {
        fm.push('\n');
    }
    format!("---\n{fm}---\n{body}")
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    /// Exit status (-1 when killed by a signal).
    pub status: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the built `dossier` binary with `args`: (status, stdout, stderr).
pub fn run(args: &[&str]) -> Run {
    run_with(args, &[])
}

/// Runs the built binary with extra environment variables (`DOSSIER_NOW`).
pub fn run_with(args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .output()
        .expect("the dossier binary runs");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Reads a file as UTF-8 text, with its name in the panic message.
pub fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir`, as `/`-separated relative paths.
pub fn list_files(dir: &Path) -> BTreeSet<String> {
    snapshot(dir)
        .into_keys()
        .filter(|k| !k.ends_with('/'))
        .collect()
}

/// Every file under `dir` with its bytes; folders are included as `name/` with no
/// bytes, so that an added empty folder shows up too.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The folders and files directly inside `dir`, by name.
pub fn entries(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The `.html` files of a snapshot.
pub fn html_files(dir: &Path) -> Vec<(String, String)> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).expect("UTF-8 HTML")))
        .collect()
}

/// One attribute of one tag: the whole tag's text and the attribute's value.
#[derive(Debug, Clone)]
pub struct Attr {
    /// The tag, from `<` to `>`.
    pub tag: String,
    /// The attribute's value, with `&amp;` decoded.
    pub value: String,
}

/// Every `name="..."` (or `name='...'`) attribute in `html`, in document order.
pub fn attrs(html: &str, name: &str) -> Vec<Attr> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let needle = format!("{name}=");
    let mut from = 0;
    while let Some(i) = html[from..].find(&needle) {
        let at = from + i;
        from = at + needle.len();
        // The attribute name must stand alone (`href=`, not `data-href=`).
        if at > 0 && !bytes[at - 1].is_ascii_whitespace() {
            continue;
        }
        let Some(&quote) = bytes.get(from) else {
            continue;
        };
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let Some(len) = html[from + 1..].find(quote as char) else {
            continue;
        };
        let value = html[from + 1..from + 1 + len].replace("&amp;", "&");
        let start = html[..at].rfind('<').unwrap_or(0);
        let end = html[at..].find('>').map_or(html.len(), |e| at + e + 1);
        out.push(Attr {
            tag: html[start..end].to_owned(),
            value,
        });
    }
    out
}

/// Whether a link leaves the site (or is not a file link at all).
pub fn is_external(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:", "data:", "//"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Resolves an internal link of the page `page` (relative to the output folder) to
/// the file it names and its fragment. Root-absolute links are resolved under
/// `base_path` (`/` or `/sub/path/`). `None` when the link climbs out of the site
/// or a root-absolute link lies outside `base_path`.
pub fn resolve_link(page: &str, link: &str, base_path: &str) -> Option<(String, Option<String>)> {
    let (link, fragment) = match link.split_once('#') {
        Some((l, f)) => (l, Some(f.to_owned())),
        None => (link, None),
    };
    let link = link.split('?').next().unwrap_or("");
    if link.is_empty() {
        return Some((page.to_owned(), fragment));
    }
    let joined: PathBuf = if let Some(abs) = link.strip_prefix('/') {
        let abs = format!("/{abs}");
        let rest = abs.strip_prefix(base_path)?;
        PathBuf::from(rest)
    } else {
        Path::new(page).parent().unwrap_or(Path::new("")).join(link)
    };
    let mut parts: Vec<String> = Vec::new();
    for c in joined.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    let mut file = parts.join("/");
    if link.ends_with('/') || file.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some((file, fragment))
}

/// The `id` attributes of a page.
pub fn ids(html: &str) -> BTreeSet<String> {
    attrs(html, "id").into_iter().map(|a| a.value).collect()
}

/// Checks every internal `href` and `src` of every HTML file under `out`: each must
/// name an existing file (`x/` meaning `x/index.html`), and a `#fragment` must be an
/// `id` of its target. Returns one line per broken link; empty when all resolve.
pub fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let files = snapshot(out);
    let mut problems = Vec::new();
    for (page, bytes) in &files {
        if !page.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for attr in ["href", "src"] {
            for a in attrs(&html, attr) {
                let link = a.value.trim();
                if is_external(link) || link == "#" {
                    continue;
                }
                let Some((target, fragment)) = resolve_link(page, link, base_path) else {
                    problems.push(format!("{page}: `{link}` leads outside the site"));
                    continue;
                };
                let Some(target_bytes) = files.get(&target) else {
                    problems.push(format!("{page}: `{link}` -> {target} does not exist"));
                    continue;
                };
                if let Some(fragment) = fragment.filter(|f| !f.is_empty())
                    && target.ends_with(".html")
                    && !ids(&String::from_utf8_lossy(target_bytes)).contains(&fragment)
                {
                    problems.push(format!(
                        "{page}: `{link}` -> no id=\"{fragment}\" in {target}"
                    ));
                }
            }
        }
    }
    problems
}

/// The output files an HTML page links to (internal links only, resolved), in order
/// of first appearance.
pub fn links_from(out: &Path, page: &str) -> Vec<String> {
    let html = read_text(&out.join(page));
    let mut seen = BTreeSet::new();
    attrs(&html, "href")
        .into_iter()
        .filter(|a| !is_external(&a.value))
        .filter_map(|a| resolve_link(page, &a.value, "/"))
        .map(|(f, _)| f)
        .filter(|f| seen.insert(f.clone()))
        .collect()
}

/// Whether `page` links to `target` (both relative to the output folder).
pub fn links_to(out: &Path, page: &str, target: &str) -> bool {
    links_from(out, page).iter().any(|t| t == target)
}

/// Asserts that a build of `site` fails (a non-zero exit status: 1 for site errors,
/// 3 for a refused output) and leaves the output
/// folder, and the site folder around it, exactly as they were. Returns stderr.
pub fn assert_fails_untouched(site: &Site, args: &[&str]) -> String {
    let before = snapshot(&site.out());
    let site_before = entries(site.path());
    assert!(
        !before.is_empty(),
        "the fixture must have a previous build to protect"
    );
    let r = site.build(args);
    assert!(
        r.status == 1 || r.status == 3,
        "the build should fail with status 1 or 3, not {}\nstdout:\n{}\nstderr:\n{}",
        r.status,
        r.stdout,
        r.stderr
    );
    assert!(
        !r.stdout.contains("built "),
        "a failed build must not print a summary: {}",
        r.stdout
    );
    let after = snapshot(&site.out());
    assert!(
        before == after,
        "the previous output changed after a failed build: before {:?}, after {:?}",
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert_eq!(
        entries(site.path()),
        site_before,
        "a failed build left files beside the output"
    );
    r.stderr
}

/// Asserts that stderr reports an error located at `path:line:`.
pub fn assert_error_at(stderr: &str, path: &str, line: usize) {
    let at = format!("{path}:{line}:");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with(&at) && l.contains("error")),
        "expected an error at `{at}` in stderr:\n{stderr}"
    );
}

/// Asserts that stderr contains `needle`.
pub fn assert_mentions(stderr: &str, needle: &str) {
    assert!(
        stderr.contains(needle),
        "expected `{needle}` in stderr:\n{stderr}"
    );
}

/// A site with one valid brief, already built into `public/`: the starting point of
/// every error test.
pub fn built_site() -> Site {
    let site = Site::new();
    site.simple_brief(
        "2023-06-14-good",
        "A good brief",
        "2023-06-14",
        &["Antony Blinken"],
    );
    site.build_ok(&[]);
    site
}

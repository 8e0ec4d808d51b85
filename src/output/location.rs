//! Where the output really is: the path the user gave, made absolute and
//! normalised component by component, so that `..` after a folder that does not
//! exist yet and symbolic links of existing ancestors are both taken into account
//! before the path is compared with the site's own folders.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Refuses an output folder that is, or contains, the site or its content: writing
/// there would destroy the writer's files. Checked before anything is touched.
pub fn check_output_location(site_dir: &Path, output: &Path) -> Result<()> {
    let site = site_dir
        .canonicalize()
        .map_err(|e| Error::io(site_dir, e))?;
    let out = resolve(output)?;
    for (other, name) in [
        (site.clone(), "the site folder"),
        (site.join("content"), "the content folder"),
        (site.join("templates"), "the templates folder"),
        (site.join("static"), "the static folder"),
    ] {
        let relation = if out == other {
            "is"
        } else if other.starts_with(&out) {
            "contains"
        } else if name != "the site folder" && out.starts_with(&other) {
            "is inside"
        } else {
            continue;
        };
        return Err(Error::UnsafeOutput {
            output: output.to_path_buf(),
            other: PathBuf::from(name),
            relation,
        });
    }
    Ok(())
}

/// The absolute, normalised form of a path that may not exist yet: every existing
/// prefix is canonicalised (symbolic links resolved), and `..` after a missing
/// folder removes that folder, as the system does once the folder is created.
pub(crate) fn resolve(path: &Path) -> Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io(".", e))?
            .join(path)
    };
    let mut out = PathBuf::new();
    // Whether `out` exists and is canonical; once a component is missing, all that
    // follows is missing too and is handled lexically.
    let mut exists = true;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => out.push(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                // `out` is canonical or made of missing folders under a canonical
                // one, so its lexical parent is its real parent.
                out.pop();
                if !exists && out.exists() {
                    exists = true;
                }
            }
            Component::Normal(name) => {
                out.push(name);
                if exists {
                    match out.canonicalize() {
                        Ok(real) => out = real,
                        // A dangling symbolic link or a missing entry: the rest is
                        // lexical from here.
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_after_a_missing_folder_is_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("s")).unwrap();
        assert_eq!(
            resolve(&root.join("s/typo/../content")).unwrap(),
            root.join("s/content")
        );
        assert_eq!(
            resolve(&root.join("s/typo/../../s")).unwrap(),
            root.join("s")
        );
        assert_eq!(
            resolve(&root.join("s/./a/b/../../c")).unwrap(),
            root.join("s/c")
        );
        assert_eq!(
            resolve(&root.join("new/www")).unwrap(),
            root.join("new/www")
        );
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_of_existing_ancestors_are_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("real/site")).unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("link")).unwrap();
        assert_eq!(
            resolve(&root.join("link/site/missing/../content")).unwrap(),
            root.join("real/site/content")
        );
        // `..` after a link goes to the parent of the link's target, as the system does.
        assert_eq!(
            resolve(&root.join("link/site/../x")).unwrap(),
            root.join("real/x")
        );
    }

    #[test]
    fn output_may_not_hold_the_site() {
        let site = tempfile::tempdir().unwrap();
        let s = site.path();
        std::fs::create_dir_all(s.join("content")).unwrap();
        assert!(check_output_location(s, &s.join("public")).is_ok());
        assert!(check_output_location(s, &s.join("typo/../public")).is_ok());
        for bad in [
            s.to_path_buf(),
            s.join("content"),
            s.join("content/x"),
            s.parent().unwrap().to_path_buf(),
            s.join("typo/../content"),
            s.join("typo/../../").join(s.file_name().unwrap()),
            s.join("a/b/../../static/x"),
        ] {
            assert!(
                check_output_location(s, &bad).is_err(),
                "{} was accepted",
                bad.display()
            );
        }
    }
}

//! Undoing a replaced directory: a command moved a guarded directory away (`mv .git .git-real`) and put something
//! else in its place (a link, a file, another directory). The launcher holds a descriptor of the original, so it
//! knows where it went; the impostor is removed and the original renamed back. Every step goes down from the
//! writable root without following links.

use crate::directory::Directory;
use std::ffi::OsStr;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};

/// (device, inode)
pub type Identity = (u64, u64);

/// Identity of whatever is at `path` now, without following a final link.
pub fn identity_at(path: &Path) -> Option<Identity> {
    std::fs::symlink_metadata(path)
        .ok()
        .map(|metadata| (metadata.dev(), metadata.ino()))
}

/// The directory holding `path`, reached from the writable root containing it without following links.
fn parent_from_root(path: &Path, roots: &[PathBuf]) -> Result<Directory, String> {
    let root = roots
        .iter()
        .filter(|root| path.starts_with(root) && path != root.as_path())
        .max_by_key(|root| root.components().count())
        .ok_or_else(|| format!("{} is not inside a writable root", path.display()))?;
    let relative = path.strip_prefix(root).map_err(|error| error.to_string())?;
    let mut directory =
        Directory::open(root).map_err(|error| format!("{}: {error}", root.display()))?;
    let components: Vec<&OsStr> = relative
        .components()
        .filter_map(|component| match component {
            Component::Normal(name) => Some(name),
            _ => None,
        })
        .collect();
    for name in &components[..components.len().saturating_sub(1)] {
        directory = directory.child(name).map_err(|error| {
            format!(
                "{} is not a plain directory any more: {error}",
                path.display()
            )
        })?;
    }
    Ok(directory)
}

/// When `path` is no longer the directory `original` (held since the start), puts the original back there.
/// Returns `Ok(None)` when nothing was replaced, `Ok(Some(where it had gone))` when it was put back.
pub fn put_back(
    original: &Directory,
    path: &Path,
    roots: &[PathBuf],
) -> Result<Option<PathBuf>, String> {
    let held = original.identity().map_err(|error| error.to_string())?;
    if identity_at(path) == Some(held) {
        return Ok(None);
    }
    let moved = original.current_path().ok_or_else(|| {
        format!(
            "{} was deleted by the command and cannot be put back",
            path.display()
        )
    })?;
    if moved == path || !roots.iter().any(|root| moved.starts_with(root)) {
        return Err(format!(
            "{} was moved to {}, which cannot be undone",
            path.display(),
            moved.display()
        ));
    }
    let name = path.file_name().ok_or("no file name")?;
    let parent = parent_from_root(path, roots)?;
    parent
        .remove(name)
        .map_err(|error| format!("cannot remove what replaced {}: {error}", path.display()))?;
    Directory::rename_path(&moved, &parent, name).map_err(|error| {
        format!(
            "cannot move {} back to {}: {error}",
            moved.display(),
            path.display()
        )
    })?;
    Ok(Some(moved))
}

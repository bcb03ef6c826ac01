//! Puts protected paths back the way [`Snapshot`] recorded them, through the parent descriptors opened before the
//! command ran: nothing is followed, nothing is deleted through a link.

use crate::directory::Directory;
use crate::put_back::put_back;
use crate::snapshot::{read_node, Budget, Guarded, Node, Snapshot};
use std::ffi::OsStr;
use std::io;

fn write_node(parent: &Directory, name: &OsStr, node: &Node) -> io::Result<()> {
    match node {
        Node::File {
            bytes: Some(bytes),
            mode,
            ..
        } => parent.write_new_file(name, bytes, *mode),
        Node::Symlink(target) => parent.symlink(target, name),
        Node::Dir { mode, children } => {
            let directory = parent.make_dir(name, 0o700)?;
            for (child_name, child) in children {
                write_node(&directory, child_name, child)?;
            }
            directory.set_mode(*mode)
        }
        // Recorded by identity only: cannot be written back (the caller says so).
        Node::File { bytes: None, .. } | Node::Special(_) => Ok(()),
    }
}

/// A protected path whose ancestors did not exist at the start: whatever now stands at the first name that is not a
/// plain directory (a link git would follow, a file) or at the path itself was created by the command.
fn remove_created_below(entry: &Guarded) -> Option<String> {
    let mut directory: Option<Directory> = None;
    let names: Vec<&OsStr> = std::iter::once(entry.name.as_os_str())
        .chain(entry.below.iter().map(|name| name.as_os_str()))
        .collect();
    let mut path = entry.parent_path.clone();
    for (index, name) in names.iter().enumerate() {
        let holder = directory.as_ref().unwrap_or(&entry.parent);
        path.push(name);
        let metadata = holder.entry(name).ok()??;
        if index + 1 < names.len() && metadata.is_dir() {
            directory = Some(holder.child(name).ok()?);
            continue;
        }
        return Some(match holder.remove(name) {
            Ok(()) => format!(
                "{} was created by the command and has been removed",
                path.display()
            ),
            Err(error) => format!(
                "{} was created by the command and could not be removed: {error}",
                path.display()
            ),
        });
    }
    None
}

impl Snapshot {
    /// Puts back directories the command replaced (outermost first), then every recorded path that changed;
    /// returns one message per thing undone or not undoable.
    pub fn restore(&self) -> Vec<String> {
        let mut messages = Vec::new();
        let mut parents: Vec<&Guarded> = self
            .entries
            .iter()
            .filter(|entry| !self.roots.contains(&entry.parent_path))
            .collect();
        parents.sort_by_key(|entry| entry.parent_path.components().count());
        let mut checked: Vec<&std::path::Path> = Vec::new();
        for entry in parents {
            if checked.contains(&entry.parent_path.as_path()) {
                continue;
            }
            checked.push(&entry.parent_path);
            match put_back(&entry.parent, &entry.parent_path, &self.roots) {
                Ok(None) => {}
                Ok(Some(moved)) => messages.push(format!(
                    "{} was replaced by the command (the original had been moved to {}); the original has been put back",
                    entry.parent_path.display(),
                    moved.display()
                )),
                Err(message) => messages.push(message),
            }
        }
        for entry in &self.entries {
            if !entry.below.is_empty() {
                messages.extend(remove_created_below(entry));
                continue;
            }
            let now = read_node(&entry.parent, &entry.name, &mut Budget::new());
            let unchanged = match (&now, &entry.before) {
                (Ok(None), None) => true,
                (Ok(Some(now)), Some(before)) => now.same_as(before),
                _ => false, // includes "could not be read now": fail closed
            };
            if unchanged {
                continue;
            }
            let path = entry.path.display();
            let result = entry
                .parent
                .remove(&entry.name)
                .and_then(|()| match &entry.before {
                    Some(node) => write_node(&entry.parent, &entry.name, node),
                    None => Ok(()),
                });
            messages.push(match (result, &entry.before) {
                (Ok(()), Some(node)) if node.restorable() => {
                    format!("{path} was changed by the command and has been restored")
                }
                (Ok(()), Some(_)) => format!(
                    "{path} was changed by the command and has been restored, except what was too large or not a regular file to record, which has been removed"
                ),
                (Ok(()), None) => format!("{path} was created by the command and has been removed"),
                (Err(error), _) => format!("{path} was changed by the command and could not be restored: {error}"),
            });
        }
        messages
    }
}

#[cfg(test)]
mod tests {
    use crate::snapshot::Snapshot;
    use std::fs;
    use std::path::PathBuf;

    fn scratch(label: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("art-restore-{label}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).unwrap();
        root
    }

    #[test]
    fn restores_changed_removed_and_created_paths() {
        let root = scratch("basic");
        fs::create_dir_all(root.join(".git/hooks")).unwrap();
        fs::write(root.join(".git/config"), "[core]\n").unwrap();
        fs::write(root.join(".git/hooks/pre-commit.sample"), "sample").unwrap();
        let protected =
            [".git/hooks", ".git/config", ".art", ".bashrc"].map(|name| root.join(name));
        let snapshot = Snapshot::take(&protected, &[root.clone()]).unwrap();

        fs::write(root.join(".git/config"), "[core]\nfsmonitor = evil\n").unwrap();
        fs::write(root.join(".git/hooks/pre-commit"), "evil").unwrap();
        fs::create_dir(root.join(".art")).unwrap();
        fs::write(root.join(".art/config.toml"), "evil").unwrap();
        let messages = snapshot.restore();

        assert_eq!(messages.len(), 3, "{messages:?}");
        assert_eq!(
            fs::read_to_string(root.join(".git/config")).unwrap(),
            "[core]\n"
        );
        assert!(!root.join(".git/hooks/pre-commit").exists());
        assert!(root.join(".git/hooks/pre-commit.sample").exists());
        assert!(!root.join(".art").exists());
        assert!(snapshot.restore().is_empty());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn created_fifos_and_oversized_files_count_as_changes() {
        let root = scratch("closed");
        let protected = [".art", ".gitmodules", ".bashrc"].map(|name| root.join(name));
        let snapshot = Snapshot::take(&protected, &[root.clone()]).unwrap();
        fs::create_dir(root.join(".art")).unwrap();
        fs::write(root.join(".art/config.toml"), vec![b'#'; 3 << 20]).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(root.join(".art/fifo"))
            .arg(root.join(".gitmodules"))
            .status();
        assert!(status.map(|status| status.success()).unwrap_or(false));
        let messages = snapshot.restore();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(!root.join(".art").exists());
        assert!(fs::symlink_metadata(root.join(".gitmodules")).is_err());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn never_writes_or_deletes_through_a_replaced_parent() {
        let root = scratch("links");
        let outside = scratch("links-outside");
        fs::create_dir_all(root.join(".git/hooks")).unwrap();
        fs::write(root.join(".git/config"), "[core]\n").unwrap();
        fs::create_dir_all(outside.join("hooks")).unwrap();
        fs::write(outside.join("hooks/keep"), "keep").unwrap();
        fs::write(outside.join("config"), "outside\n").unwrap();
        let protected = [".git/hooks", ".git/config"].map(|name| root.join(name));
        let snapshot = Snapshot::take(&protected, &[root.clone()]).unwrap();

        fs::rename(root.join(".git"), root.join(".git-real")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join(".git")).unwrap();
        fs::write(root.join(".git-real/config"), "[core]\nfsmonitor = evil\n").unwrap();
        snapshot.restore();

        assert_eq!(
            fs::read_to_string(outside.join("hooks/keep")).unwrap(),
            "keep"
        );
        assert_eq!(
            fs::read_to_string(outside.join("config")).unwrap(),
            "outside\n"
        );
        // The link is gone and the original is back in its place, with its config restored.
        assert!(!root.join(".git-real").exists());
        assert!(fs::symlink_metadata(root.join(".git")).unwrap().is_dir());
        assert_eq!(
            fs::read_to_string(root.join(".git/config")).unwrap(),
            "[core]\n"
        );
        fs::remove_dir_all(&root).unwrap();
        fs::remove_dir_all(&outside).unwrap();
    }

    #[test]
    fn removes_protected_paths_created_below_missing_ancestors() {
        let root = scratch("missing");
        let elsewhere = scratch("missing-elsewhere");
        fs::create_dir_all(elsewhere.join("git")).unwrap();
        fs::write(elsewhere.join("git/config"), "evil").unwrap();
        let protected =
            [".config/git", "home/.gitconfig", "other/.config/git"].map(|name| root.join(name));
        let snapshot = Snapshot::take(&protected, &[root.clone()]).unwrap();
        fs::create_dir_all(root.join(".config/git")).unwrap();
        fs::write(root.join(".config/git/config"), "evil").unwrap();
        fs::write(root.join(".config/keep"), "keep").unwrap();
        fs::create_dir_all(root.join("other")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join("other/.config")).unwrap();
        let messages = snapshot.restore();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(!root.join(".config/git").exists());
        assert!(root.join(".config/keep").exists());
        assert!(fs::symlink_metadata(root.join("other/.config")).is_err());
        assert!(elsewhere.join("git/config").exists());
        fs::remove_dir_all(&root).unwrap();
        fs::remove_dir_all(&elsewhere).unwrap();
    }
}

//! After-the-fact guard for protected paths.
//!
//! Without namespaces nothing can keep `.git/hooks` or `.git/config` read-only inside a writable root, and even
//! with them a protected path that does not exist yet (`.art/`, `.gitmodules`) cannot be mounted over. So the
//! launcher records each protected path before the command starts and, once the command and every process it
//! started are gone, puts back whatever changed: modified files get their old contents, new ones are removed. This
//! does not stop a change while the command runs; it stops the change from outliving it.

use std::fs;
use std::io;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};

const MAX_FILE_BYTES: u64 = 1 << 20;
const MAX_TOTAL_BYTES: u64 = 8 << 20;
const MAX_ENTRIES: usize = 2000;

#[derive(Debug, PartialEq, Eq)]
enum Node {
    File {
        bytes: Vec<u8>,
        mode: u32,
    },
    Dir {
        mode: u32,
        children: Vec<(std::ffi::OsString, Node)>,
    },
    Symlink(PathBuf),
}

/// The recorded state of the protected paths.
pub struct Snapshot {
    /// (path, state before: None = did not exist)
    entries: Vec<(PathBuf, Option<Node>)>,
}

struct Budget {
    bytes: u64,
    entries: usize,
}

fn read_node(path: &Path, budget: &mut Budget) -> io::Result<Option<Node>> {
    let metadata = match fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    budget.entries += 1;
    if budget.entries > MAX_ENTRIES {
        return Err(io::Error::new(io::ErrorKind::Other, "too many entries"));
    }
    let mode = metadata.permissions().mode() & 0o7777;
    if metadata.file_type().is_symlink() {
        return Ok(Some(Node::Symlink(fs::read_link(path)?)));
    }
    if metadata.is_dir() {
        let mut children = Vec::new();
        for entry in fs::read_dir(path)? {
            let entry = entry?;
            if let Some(child) = read_node(&entry.path(), budget)? {
                children.push((entry.file_name(), child));
            }
        }
        children.sort_by(|a, b| a.0.cmp(&b.0));
        return Ok(Some(Node::Dir { mode, children }));
    }
    if !metadata.is_file() || metadata.len() > MAX_FILE_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::Other,
            "not a small regular file",
        ));
    }
    budget.bytes += metadata.len();
    if budget.bytes > MAX_TOTAL_BYTES {
        return Err(io::Error::new(io::ErrorKind::Other, "too large"));
    }
    Ok(Some(Node::File {
        bytes: fs::read(path)?,
        mode,
    }))
}

fn remove_any(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error),
    }
}

fn write_node(path: &Path, node: &Node) -> io::Result<()> {
    match node {
        Node::File { bytes, mode } => {
            fs::write(path, bytes)?;
            fs::set_permissions(path, fs::Permissions::from_mode(*mode))
        }
        Node::Symlink(target) => symlink(target, path),
        Node::Dir { mode, children } => {
            fs::create_dir(path)?;
            for (name, child) in children {
                write_node(&path.join(name), child)?;
            }
            fs::set_permissions(path, fs::Permissions::from_mode(*mode))
        }
    }
}

impl Snapshot {
    /// Records every protected path that lies strictly inside a writable root and whose parent exists. Paths too
    /// large to record are left out (the namespace layer, when present, still keeps existing ones read-only).
    pub fn take(protected: &[PathBuf], writable_roots: &[PathBuf]) -> Snapshot {
        let roots: Vec<PathBuf> = writable_roots
            .iter()
            .filter_map(|root| fs::canonicalize(root).ok())
            .collect();
        let mut budget = Budget {
            bytes: 0,
            entries: 0,
        };
        let mut entries = Vec::new();
        for path in protected {
            let parent = match path
                .parent()
                .and_then(|parent| fs::canonicalize(parent).ok())
            {
                Some(parent) => parent,
                None => continue,
            };
            let name = match path.file_name() {
                Some(name) => name,
                None => continue,
            };
            let real = parent.join(name);
            if !roots
                .iter()
                .any(|root| real.starts_with(root) && real != *root)
            {
                continue;
            }
            if let Ok(state) = read_node(&real, &mut budget) {
                entries.push((real, state));
            }
        }
        Snapshot { entries }
    }

    /// Puts back every recorded path that changed; returns one message per path restored or not restorable.
    pub fn restore(&self) -> Vec<String> {
        let mut messages = Vec::new();
        for (path, before) in &self.entries {
            let mut budget = Budget {
                bytes: 0,
                entries: 0,
            };
            let now = read_node(path, &mut budget).ok().flatten();
            if now == *before && budget.entries <= MAX_ENTRIES {
                continue;
            }
            let result = remove_any(path).and_then(|()| match before {
                // If the parent itself was moved away there is nothing sensible to restore into.
                Some(node) => write_node(path, node),
                None => Ok(()),
            });
            messages.push(match (result, before) {
                (Ok(()), Some(_)) => format!(
                    "{} was changed by the command and has been restored",
                    path.display()
                ),
                (Ok(()), None) => format!(
                    "{} was created by the command and has been removed",
                    path.display()
                ),
                (Err(error), _) => format!(
                    "{} was changed by the command and could not be restored: {error}",
                    path.display()
                ),
            });
        }
        messages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restores_changed_removed_and_created_paths() {
        let root = std::env::temp_dir().join(format!("art-snapshot-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join(".git/hooks")).unwrap();
        fs::write(root.join(".git/config"), "[core]\n").unwrap();
        fs::write(root.join(".git/hooks/pre-commit.sample"), "sample").unwrap();
        let protected =
            [".git/hooks", ".git/config", ".art", ".bashrc"].map(|name| root.join(name));
        let snapshot = Snapshot::take(&protected, &[root.clone()]);

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
}

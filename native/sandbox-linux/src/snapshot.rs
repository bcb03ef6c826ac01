//! After-the-fact guard for protected paths.
//!
//! Without namespaces nothing can keep `.git/hooks` or `.git/config` read-only inside a writable root, and even
//! with them a protected path that does not exist yet (`.art/`, `.gitmodules`) cannot be mounted over. So the
//! launcher records each protected path before the command starts and, once the command and every process it
//! started are gone, puts back whatever changed (`restore.rs`). This does not stop a change while the command
//! runs; it stops the change from outliving it.
//!
//! Every path is recorded relative to a descriptor of its parent directory opened here, before the command runs,
//! so a parent replaced by a link later is never followed. Recording fails closed: what cannot be recorded in full
//! (a FIFO, socket or device, a file over the size budget) is recorded by identity — inode, size, times — and any
//! difference counts as a change.

use crate::directory::Directory;
use std::ffi::OsString;
use std::fs::Metadata;
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Largest file whose contents are recorded (bigger ones are recorded by identity only).
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// Contents recorded in all; past this, files are recorded by identity only.
const MAX_TOTAL_BYTES: u64 = 8 << 20;
/// Entries walked per snapshot; a protected tree larger than this cannot be guarded and the launch is refused.
pub const MAX_ENTRIES: usize = 20_000;

/// What identifies one file system entry without its contents; any write or rename changes `ctime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    device: u64,
    inode: u64,
    mode: u32,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Identity {
    pub fn of(metadata: &Metadata) -> Identity {
        Identity {
            device: metadata.dev(),
            inode: metadata.ino(),
            mode: metadata.mode(),
            size: metadata.size(),
            modified: (metadata.mtime(), metadata.mtime_nsec()),
            changed: (metadata.ctime(), metadata.ctime_nsec()),
        }
    }
}

/// The recorded state of one entry.
#[derive(Debug)]
pub enum Node {
    /// A regular file; `bytes` is `None` when it was too large to record.
    File {
        bytes: Option<Vec<u8>>,
        mode: u32,
        identity: Identity,
    },
    Dir {
        mode: u32,
        children: Vec<(OsString, Node)>,
    },
    Symlink(PathBuf),
    /// A FIFO, socket or device node: never opened, recorded by identity.
    Special(Identity),
}

impl Node {
    /// Whether `self` (now) is the state `before` — contents where both were recorded, identity otherwise.
    pub fn same_as(&self, before: &Node) -> bool {
        match (self, before) {
            (
                Node::File {
                    bytes: Some(now),
                    mode: now_mode,
                    ..
                },
                Node::File {
                    bytes: Some(then),
                    mode: then_mode,
                    ..
                },
            ) => now == then && now_mode == then_mode,
            (Node::File { identity: now, .. }, Node::File { identity: then, .. }) => now == then,
            (
                Node::Dir {
                    mode: now_mode,
                    children: now,
                },
                Node::Dir {
                    mode: then_mode,
                    children: then,
                },
            ) => {
                now_mode == then_mode
                    && now.len() == then.len()
                    && now
                        .iter()
                        .zip(then)
                        .all(|((now_name, now), (then_name, then))| {
                            now_name == then_name && now.same_as(then)
                        })
            }
            (Node::Symlink(now), Node::Symlink(then)) => now == then,
            (Node::Special(now), Node::Special(then)) => now == then,
            _ => false,
        }
    }

    /// Whether every part of the node was recorded in full (so it can be written back exactly).
    pub fn restorable(&self) -> bool {
        match self {
            Node::File { bytes, .. } => bytes.is_some(),
            Node::Dir { children, .. } => children.iter().all(|(_, child)| child.restorable()),
            Node::Symlink(_) => true,
            Node::Special(_) => false,
        }
    }
}

/// How much one reading may take.
pub struct Budget {
    bytes: u64,
    entries: usize,
}

impl Budget {
    pub fn new() -> Budget {
        Budget {
            bytes: 0,
            entries: 0,
        }
    }
}

/// Reads `name` in `parent` without following links; `Ok(None)` when it does not exist.
pub fn read_node(
    parent: &Directory,
    name: &std::ffi::OsStr,
    budget: &mut Budget,
) -> io::Result<Option<Node>> {
    let metadata = match parent.entry(name)? {
        Some(metadata) => metadata,
        None => return Ok(None),
    };
    budget.entries += 1;
    if budget.entries > MAX_ENTRIES {
        return Err(io::Error::new(
            io::ErrorKind::Other,
            format!("more than {MAX_ENTRIES} entries"),
        ));
    }
    let mode = metadata.permissions().mode() & 0o7777;
    let kind = metadata.file_type();
    if kind.is_symlink() {
        return Ok(Some(Node::Symlink(parent.read_link(name)?)));
    }
    if kind.is_dir() {
        let directory = parent.child(name)?;
        let mut children = Vec::new();
        for child_name in directory.names()? {
            if let Some(child) = read_node(&directory, &child_name, budget)? {
                children.push((child_name, child));
            }
        }
        return Ok(Some(Node::Dir { mode, children }));
    }
    let identity = Identity::of(&metadata);
    if !kind.is_file() {
        return Ok(Some(Node::Special(identity)));
    }
    let bytes =
        if metadata.len() <= MAX_FILE_BYTES && budget.bytes + metadata.len() <= MAX_TOTAL_BYTES {
            let bytes = parent.read_file(name, MAX_FILE_BYTES)?;
            if let Some(bytes) = &bytes {
                budget.bytes += bytes.len() as u64;
            }
            bytes
        } else {
            None
        };
    Ok(Some(Node::File {
        bytes,
        mode,
        identity,
    }))
}

/// One protected path: the nearest of its ancestors that existed at the start, held open; the names from there down
/// (just the path's own name unless ancestors were missing); its state before the command (`None` = did not exist).
pub struct Guarded {
    pub parent: Directory,
    /// Where `parent` was at the start (canonical).
    pub parent_path: PathBuf,
    /// First name below `parent`.
    pub name: OsString,
    /// Further names down to the protected path, when ancestors were missing at the start (`before` is then None).
    pub below: Vec<OsString>,
    /// The path as it was at the start, for messages.
    pub path: PathBuf,
    pub before: Option<Node>,
}

/// The recorded state of the protected paths.
pub struct Snapshot {
    pub entries: Vec<Guarded>,
    /// The writable roots (canonical): replaced directories are put back by walking down from them.
    pub roots: Vec<PathBuf>,
}

fn is_strictly_inside(path: &Path, roots: &[PathBuf]) -> bool {
    roots
        .iter()
        .any(|root| path.starts_with(root) && path != root)
}

/// The nearest existing ancestor of `path` (canonical) and the names from it down to `path`.
fn existing_ancestor(path: &Path) -> Option<(PathBuf, Vec<OsString>)> {
    let mut names = vec![path.file_name()?.to_os_string()];
    let mut ancestor = path.parent()?;
    loop {
        if let Ok(real) = std::fs::canonicalize(ancestor) {
            names.reverse();
            return Some((real, names));
        }
        names.push(ancestor.file_name()?.to_os_string());
        ancestor = ancestor.parent()?;
    }
}

impl Snapshot {
    /// Records every protected path that lies strictly inside a writable root. Fails (the launch is then refused)
    /// when a protected path cannot be guarded at all: its tree is too large to walk.
    pub fn take(protected: &[PathBuf], writable_roots: &[PathBuf]) -> Result<Snapshot, String> {
        let roots: Vec<PathBuf> = writable_roots
            .iter()
            .filter_map(|root| std::fs::canonicalize(root).ok())
            .collect();
        let mut entries: Vec<Guarded> = Vec::new();
        for path in protected {
            let (parent, mut names) = match existing_ancestor(path) {
                Some(found) => found,
                None => continue,
            };
            let real = names
                .iter()
                .fold(parent.clone(), |path, name| path.join(name));
            if !is_strictly_inside(&real, &roots) || entries.iter().any(|entry| entry.path == real)
            {
                continue;
            }
            if !roots.iter().any(|root| parent.starts_with(root)) {
                continue; // the missing part starts outside the writable roots: nothing can create it
            }
            let directory = match Directory::open(&parent) {
                Ok(directory) => directory,
                Err(_) => continue, // not a directory we can open: nothing can be created below it either
            };
            let name = names.remove(0);
            let before = if names.is_empty() {
                read_node(&directory, &name, &mut Budget::new()).map_err(|error| {
                    format!("cannot record protected path {}: {error}", real.display())
                })?
            } else {
                None
            };
            entries.push(Guarded {
                parent: directory,
                parent_path: parent,
                name,
                below: names,
                path: real,
                before,
            });
        }
        Ok(Snapshot { entries, roots })
    }
}

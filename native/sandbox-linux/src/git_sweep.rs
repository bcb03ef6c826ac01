//! After the command: undo what it did to git metadata that the protected-path snapshot cannot see.
//!
//! 1. A `.git` directory that was moved away and replaced (by a link, a file, another directory) is an attack to
//!    undo: the impostor is removed and the original, found through the descriptor held since the start, is put
//!    back. Nothing is written through the impostor.
//! 2. New entries at the top of a guarded git directory that are not on the allow-list (a planted `commondir`,
//!    `config.worktree`, …) are removed; new linked worktrees and submodules below it are neutralised.
//! 3. Every `.git` that did not exist at the start — anywhere in the swept roots, and wherever a new `.git` file or
//!    link points inside a writable root — is neutralised: hooks removed, config reduced to keys that run nothing,
//!    a `commondir` leading anywhere but a guarded repository removed. A gitlink the command staged for such a
//!    repository is harmless once the repository is.

use crate::directory::Directory;
use crate::git_config;
use crate::git_discover::{self, Discovery, DotGit, ALTERNATES, CONTAINERS};
use crate::put_back::put_back;
use crate::snapshot::MAX_FILE_BYTES;
use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};

struct HeldDotGit {
    found: DotGit,
    /// The git directory itself, when `.git` was one: it follows a rename.
    original: Option<Directory>,
}

struct HeldGitDir {
    path: PathBuf,
    directory: Directory,
    names: HashSet<OsString>,
    /// (container name, its children at the start)
    containers: Vec<(OsString, HashSet<OsString>)>,
    objects_info_existed: bool,
}

/// Git metadata held open since before the command started.
pub struct GitGuard {
    sweep_roots: Vec<PathBuf>,
    writable: Vec<PathBuf>,
    dot_gits: Vec<HeldDotGit>,
    git_dirs: Vec<HeldGitDir>,
}

fn names_of(directory: &Directory) -> HashSet<OsString> {
    directory
        .names()
        .map(|names| names.into_iter().collect())
        .unwrap_or_default()
}

fn is_inside(path: &Path, roots: &[PathBuf]) -> bool {
    roots
        .iter()
        .any(|root| path.starts_with(root) && path != root)
}

impl GitGuard {
    /// Opens descriptors for what `discovery` found; call it right before the command starts.
    pub fn hold(discovery: &Discovery, sweep_roots: &[PathBuf], writable: &[PathBuf]) -> GitGuard {
        let mut dot_gits = Vec::new();
        for found in &discovery.dot_gits {
            let original = if found.is_dir {
                Directory::open(&found.path).ok()
            } else {
                None
            };
            dot_gits.push(HeldDotGit {
                found: found.clone(),
                original,
            });
        }
        let mut git_dirs = Vec::new();
        for path in &discovery.git_dirs {
            let directory = match Directory::open(path) {
                Ok(directory) => directory,
                Err(_) => continue,
            };
            let containers = CONTAINERS
                .iter()
                .filter_map(|name| {
                    let child = directory.child(OsStr::new(name)).ok()?;
                    Some((OsString::from(name), names_of(&child)))
                })
                .collect();
            let objects_info_existed = path.join("objects/info").is_dir();
            git_dirs.push(HeldGitDir {
                path: path.clone(),
                names: names_of(&directory),
                directory,
                containers,
                objects_info_existed,
            });
        }
        GitGuard {
            sweep_roots: sweep_roots.to_vec(),
            writable: writable.to_vec(),
            dot_gits,
            git_dirs,
        }
    }

    fn is_guarded(&self, git_dir: &Path) -> bool {
        self.git_dirs.iter().any(|held| held.path == git_dir)
    }

    /// Runs the three steps; returns one message per thing undone.
    pub fn sweep(&self) -> Vec<String> {
        let mut messages = Vec::new();
        self.put_back_replaced(&mut messages);
        let mut done = HashSet::new();
        self.clean_guarded(&mut done, &mut messages);
        let known: HashSet<(PathBuf, (u64, u64))> = self
            .dot_gits
            .iter()
            .map(|held| (held.found.path.clone(), held.found.identity))
            .collect();
        let (found, unreadable) =
            git_discover::find_dot_gits(&self.sweep_roots, &self.skipped(), None)
                .unwrap_or_default();
        for directory in unreadable {
            messages.push(format!(
                "{} cannot be read, so it was not checked for git repositories the command created; do not run git there before checking it",
                directory.display()
            ));
        }
        for dot_git in found {
            if !known.contains(&(dot_git.path.clone(), dot_git.identity)) {
                self.neutralise_dot_git(&dot_git.path, &mut done, &mut messages);
            }
        }
        messages
    }

    fn skipped(&self) -> Vec<PathBuf> {
        self.writable
            .iter()
            .filter(|root| !self.sweep_roots.contains(root))
            .cloned()
            .collect()
    }

    fn put_back_replaced(&self, messages: &mut Vec<String>) {
        for held in &self.dot_gits {
            // A `.git` file is a protected path: the snapshot restores it.
            if let Some(original) = &held.original {
                match put_back(original, &held.found.path, &self.writable) {
                    Ok(None) => {}
                    Ok(Some(moved)) => messages.push(format!(
                        "{} was replaced by the command (the repository had been moved to {}); the original repository has been put back",
                        held.found.path.display(),
                        moved.display()
                    )),
                    Err(message) => messages.push(format!("{message}; whatever is there now is treated as a new repository")),
                }
            }
        }
    }

    fn clean_guarded(&self, done: &mut HashSet<PathBuf>, messages: &mut Vec<String>) {
        for held in &self.git_dirs {
            for name in names_of(&held.directory) {
                let text = name.to_str().unwrap_or("");
                if held.names.contains(&name)
                    || git_discover::is_writable_entry(&name)
                    || CONTAINERS.contains(&text)
                {
                    continue;
                }
                let path = held.path.join(&name);
                messages.push(match held.directory.remove(&name) {
                    Ok(()) => format!(
                        "{} was created by the command and has been removed (git would read it)",
                        path.display()
                    ),
                    Err(error) => format!(
                        "{} was created by the command and could not be removed: {error}",
                        path.display()
                    ),
                });
            }
            for container in CONTAINERS {
                let before = held
                    .containers
                    .iter()
                    .find(|(name, _)| name == container)
                    .map(|(_, names)| names);
                let directory = match held.directory.child(OsStr::new(container)) {
                    Ok(directory) => directory,
                    Err(_) => continue,
                };
                for child in names_of(&directory) {
                    if before.map_or(true, |names| !names.contains(&child)) {
                        self.neutralise_git_dir(
                            &held.path.join(container).join(child),
                            0,
                            done,
                            messages,
                        );
                    }
                }
            }
            if !held.objects_info_existed {
                self.remove_alternates(&held.path, &mut Vec::new(), messages);
            }
        }
    }

    fn remove_alternates(
        &self,
        git_dir: &Path,
        removed: &mut Vec<String>,
        messages: &mut Vec<String>,
    ) {
        let info = match Directory::open(&git_dir.join("objects/info")) {
            Ok(info) => info,
            Err(_) => return,
        };
        for name in ALTERNATES {
            if let Ok(Some(_)) = info.entry(OsStr::new(name)) {
                match info.remove(OsStr::new(name)) {
                    Ok(()) => removed.push(format!("objects/info/{name}")),
                    Err(error) => messages.push(format!(
                        "{}: cannot remove objects/info/{name}: {error}",
                        git_dir.display()
                    )),
                }
            }
        }
    }

    /// A new `.git` directory, file or link at `path`.
    fn neutralise_dot_git(
        &self,
        path: &Path,
        done: &mut HashSet<PathBuf>,
        messages: &mut Vec<String>,
    ) {
        match git_discover::gitdir_target(path) {
            Some(target) if is_inside(&target, &self.writable) => self.neutralise_git_dir(&target, 0, done, messages),
            Some(target) if !self.is_guarded(&target) => messages.push(format!(
                "{} was created by the command and points at {}, outside the writable roots; it was left as it is",
                path.display(),
                target.display()
            )),
            _ => {}
        }
    }

    fn neutralise_git_dir(
        &self,
        path: &Path,
        depth: usize,
        done: &mut HashSet<PathBuf>,
        messages: &mut Vec<String>,
    ) {
        let real = match fs::canonicalize(path) {
            Ok(real) => real,
            Err(_) => return,
        };
        if depth > 8
            || self.is_guarded(&real)
            || !is_inside(&real, &self.writable)
            || !done.insert(real.clone())
        {
            return;
        }
        let directory = match Directory::open(&real) {
            Ok(directory) => directory,
            Err(_) => return,
        };
        let mut removed: Vec<String> = Vec::new();
        if let Ok(Some(_)) = directory.entry(OsStr::new("hooks")) {
            match directory.remove(OsStr::new("hooks")) {
                Ok(()) => removed.push("hooks/".into()),
                Err(error) => {
                    messages.push(format!("{}: cannot remove hooks/: {error}", real.display()))
                }
            }
        }
        for name in ["config", "config.worktree"] {
            self.neutralise_config(&directory, &real, name, &mut removed, messages);
        }
        if let Ok(Some(_)) = directory.entry(OsStr::new("commondir")) {
            match git_discover::common_dir(&real) {
                Some(common) if self.is_guarded(&common) => {}
                Some(common) if is_inside(&common, &self.writable) => {
                    self.neutralise_git_dir(&common, depth + 1, done, messages)
                }
                _ => match directory.remove(OsStr::new("commondir")) {
                    Ok(()) => removed.push("commondir".into()),
                    Err(error) => messages.push(format!(
                        "{}: cannot remove commondir: {error}",
                        real.display()
                    )),
                },
            }
        }
        self.remove_alternates(&real, &mut removed, messages);
        if !removed.is_empty() {
            messages.push(format!(
                "{} is a git directory the command created; it was neutralised so that git outside the sandbox runs nothing from it (removed: {})",
                real.display(),
                removed.join(", ")
            ));
        }
        for container in CONTAINERS {
            if let Ok(inner) = directory.child(OsStr::new(container)) {
                for child in names_of(&inner) {
                    self.neutralise_git_dir(
                        &real.join(container).join(child),
                        depth + 1,
                        done,
                        messages,
                    );
                }
            }
        }
    }

    fn neutralise_config(
        &self,
        directory: &Directory,
        git_dir: &Path,
        name: &str,
        removed: &mut Vec<String>,
        messages: &mut Vec<String>,
    ) {
        let name = OsStr::new(name);
        if !matches!(directory.entry(name), Ok(Some(_))) {
            return;
        }
        let result = match directory.read_file(name, MAX_FILE_BYTES) {
            Ok(Some(text)) => {
                let (kept, dropped) = git_config::neutralise(&text);
                if dropped.is_empty() {
                    return;
                }
                removed.extend(dropped);
                directory.replace_file(name, &kept)
            }
            // A link, FIFO, device or oversized file where git expects its config.
            _ => {
                removed.push(name.to_string_lossy().into_owned());
                directory.remove(name)
            }
        };
        if let Err(error) = result {
            messages.push(format!(
                "{}: cannot neutralise {}: {error}",
                git_dir.display(),
                name.to_string_lossy()
            ));
        }
    }
}

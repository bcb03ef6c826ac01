//! Finding, before the command starts, every git directory whose metadata the user's own git will read later:
//! repositories anywhere in the swept roots (a `.git` directory, a `.git` file or link of a linked worktree or
//! submodule), their common dirs, linked worktrees and submodules below `worktrees/` and `modules/`, and the
//! `core.hooksPath` directory when it lies inside a writable root.
//!
//! Inside a git directory only an allow-list stays writable — what `add`, `commit`, `checkout`, `stash`, `branch`,
//! `merge` and `rebase` write; everything else (config, hooks, `info/`, `commondir`, `gitdir`, …) becomes a
//! protected path, and new entries outside the allow-list are removed after the command (`git_sweep.rs`).

use crate::git_config;
use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Entries at the top of a git directory that git writes during ordinary work.
const WRITABLE: &[&str] = &[
    "objects",
    "refs",
    "logs",
    "index",
    "HEAD",
    "ORIG_HEAD",
    "FETCH_HEAD",
    "MERGE_HEAD",
    "MERGE_MSG",
    "MERGE_MODE",
    "MERGE_RR",
    "CHERRY_PICK_HEAD",
    "REVERT_HEAD",
    "REBASE_HEAD",
    "AUTO_MERGE",
    "BISECT_LOG",
    "BISECT_START",
    "BISECT_TERMS",
    "BISECT_EXPECTED_REV",
    "BISECT_ANCESTORS_OK",
    "BISECT_NAMES",
    "BISECT_FIRST_PARENT",
    "COMMIT_EDITMSG",
    "SQUASH_MSG",
    "TAG_EDITMSG",
    "NOTES_MERGE_PARTIAL",
    "NOTES_MERGE_REF",
    "NOTES_MERGE_WORKTREE",
    "packed-refs",
    "shallow",
    "gc.pid",
    "gc.log",
    "rr-cache",
    "rebase-merge",
    "rebase-apply",
    "sequencer",
    "lost-found",
    "lfs",
    "annex",
    "svn",
    "reftable",
    "fsmonitor--daemon.ipc",
];
/// Name prefixes git writes (split and temporary indexes).
const WRITABLE_PREFIXES: &[&str] = &["index.", "sharedindex."];
/// Containers of further git directories: linked worktrees and submodules.
pub const CONTAINERS: &[&str] = &["worktrees", "modules"];
/// Protected even when absent, so that creating them is undone: they make git run code or read elsewhere.
const ALWAYS_PROTECTED: &[&str] = &[
    "config",
    "config.worktree",
    "hooks",
    "info",
    "commondir",
    "gitdir",
];
/// Below `objects/`: where git reads objects of other repositories from.
pub const ALTERNATES: &[&str] = &["alternates", "http-alternates"];

/// Most directories walked when looking for repositories; past this the launch is refused (fail closed).
pub const MAX_WALKED_DIRECTORIES: usize = 200_000;
const MAX_DEPTH: usize = 8;

/// Whether git writes `name` at the top of a git directory during ordinary work (`*.lock` of those included).
pub fn is_writable_entry(name: &OsStr) -> bool {
    let text = match name.to_str() {
        Some(text) => text,
        None => return false,
    };
    let stem = text.strip_suffix(".lock").unwrap_or(text);
    WRITABLE.contains(&stem)
        || WRITABLE_PREFIXES
            .iter()
            .any(|prefix| stem.starts_with(prefix))
}

/// Identity of a file system entry.
pub type Identity = (u64, u64);

/// A `.git` entry found in a swept root.
#[derive(Debug, Clone)]
pub struct DotGit {
    pub path: PathBuf,
    pub identity: Identity,
    pub is_dir: bool,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Paths to add to the policy's protected list.
    pub protected: Vec<PathBuf>,
    /// Git directories inside writable roots (canonical), with the allow-list applied.
    pub git_dirs: Vec<PathBuf>,
    /// Every `.git` entry in the swept roots.
    pub dot_gits: Vec<DotGit>,
}

fn is_inside(path: &Path, roots: &[PathBuf]) -> bool {
    roots
        .iter()
        .any(|root| path.starts_with(root) && path != root)
}

/// `path` with its parent resolved (the last component may be missing or a link).
pub fn resolve_parent(path: &Path) -> Option<PathBuf> {
    Some(
        fs::canonicalize(path.parent()?)
            .ok()?
            .join(path.file_name()?),
    )
}

/// The directory a `.git` file (`gitdir: X`) or link at `dot_git` points to.
pub fn gitdir_target(dot_git: &Path) -> Option<PathBuf> {
    let metadata = fs::symlink_metadata(dot_git).ok()?;
    if metadata.file_type().is_symlink() || metadata.is_dir() {
        return fs::canonicalize(dot_git).ok();
    }
    if !metadata.is_file() || metadata.len() > 4096 {
        return None;
    }
    let text = fs::read(dot_git).ok()?;
    let rest = text.strip_prefix(b"gitdir:")?;
    let target = Path::new(OsStr::from_bytes(rest.trim_ascii_like()));
    fs::canonicalize(dot_git.parent()?.join(target)).ok()
}

/// The common dir named by `git_dir/commondir`, if any.
pub fn common_dir(git_dir: &Path) -> Option<PathBuf> {
    let text = fs::read(git_dir.join("commondir")).ok()?;
    fs::canonicalize(git_dir.join(OsStr::from_bytes(text.trim_ascii_like()))).ok()
}

trait Trim {
    fn trim_ascii_like(&self) -> &[u8];
}

impl Trim for [u8] {
    fn trim_ascii_like(&self) -> &[u8] {
        let start = self
            .iter()
            .position(|byte| !byte.is_ascii_whitespace())
            .unwrap_or(self.len());
        let end = self
            .iter()
            .rposition(|byte| !byte.is_ascii_whitespace())
            .map_or(start, |end| end + 1);
        &self[start..end]
    }
}

struct Finder<'a> {
    writable: &'a [PathBuf],
    found: Discovery,
    seen: HashSet<PathBuf>,
}

impl<'a> Finder<'a> {
    fn protect(&mut self, path: PathBuf) {
        if is_inside(&path, self.writable) && !self.found.protected.contains(&path) {
            self.found.protected.push(path);
        }
    }

    /// Applies the allow-list to `git_dir` and follows its common dir, containers and hooks path.
    fn git_dir(&mut self, git_dir: PathBuf, work_tree: Option<&Path>, depth: usize) {
        if depth > MAX_DEPTH || !self.seen.insert(git_dir.clone()) {
            return;
        }
        let common = common_dir(&git_dir);
        // Even a git directory outside the writable roots can point its hooks into them.
        let config_home = common.clone().unwrap_or_else(|| git_dir.clone());
        for config in [config_home.join("config"), git_dir.join("config.worktree")] {
            self.config_file(&config, work_tree, 0);
        }
        if is_inside(&git_dir, self.writable) {
            self.allow_list(&git_dir, depth);
        }
        if let Some(common) = common {
            self.git_dir(common, None, depth + 1);
        }
    }

    fn allow_list(&mut self, git_dir: &Path, depth: usize) {
        let names: Vec<OsString> = match fs::read_dir(git_dir) {
            Ok(entries) => entries.flatten().map(|entry| entry.file_name()).collect(),
            Err(_) => return,
        };
        self.found.git_dirs.push(git_dir.to_path_buf());
        for name in &names {
            let text = name.to_str().unwrap_or("");
            if CONTAINERS.contains(&text) && git_dir.join(name).is_dir() {
                self.container(&git_dir.join(name), depth + 1);
            } else if !is_writable_entry(name) {
                self.protect(git_dir.join(name));
            }
        }
        for name in ALWAYS_PROTECTED {
            self.protect(git_dir.join(name));
        }
        for name in ALTERNATES {
            self.protect(git_dir.join("objects/info").join(name));
        }
    }

    /// Follows a config file's hooks path and includes: an included file inside a writable root (teams share
    /// `include.path = ../.gitconfig` from the work tree) is as powerful as the config itself.
    fn config_file(&mut self, file: &Path, work_tree: Option<&Path>, depth: usize) {
        let text = match fs::read(file) {
            Ok(text) if depth <= MAX_DEPTH => text,
            _ => return,
        };
        if let Some(hooks) = git_config::hooks_path(&text) {
            self.hooks_path(&hooks, work_tree);
        }
        for include in git_config::include_paths(&text) {
            let base = file.parent().map(Path::to_path_buf);
            if let Some(included) = expand(&include, base.as_deref()) {
                if let Some(real) = fs::canonicalize(&included)
                    .ok()
                    .or_else(|| resolve_parent(&included))
                {
                    self.protect(real.clone());
                    self.config_file(&real, work_tree, depth + 1);
                }
            }
        }
    }

    /// `worktrees/` or `modules/`: every child holding a HEAD is a git directory; submodule names may nest.
    fn container(&mut self, directory: &Path, depth: usize) {
        let entries = match fs::read_dir(directory) {
            Ok(entries) => entries,
            Err(_) => return,
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() && path.join("HEAD").exists() => {
                    self.git_dir(path, None, depth)
                }
                Ok(kind) if kind.is_dir() && depth <= MAX_DEPTH => self.container(&path, depth + 1),
                _ => self.protect(path),
            }
        }
    }

    /// Protects the `core.hooksPath` directory (relative paths count from the work tree); husky's `.husky/_`
    /// runs the scripts in `.husky/`, so its parent is protected too.
    fn hooks_path(&mut self, value: &[u8], work_tree: Option<&Path>) {
        let path = match expand(value, work_tree) {
            Some(path) => path,
            None => return,
        };
        if let Some(real) = fs::canonicalize(&path)
            .ok()
            .or_else(|| resolve_parent(&path))
        {
            if real.file_name() == Some(OsStr::new("_")) {
                if let Some(parent) = real.parent() {
                    self.protect(parent.to_path_buf());
                }
            }
            self.protect(real);
        }
    }
}

/// A path from git config: `~/` is the home directory, relative paths count from `base`.
fn expand(value: &[u8], base: Option<&Path>) -> Option<PathBuf> {
    let value = Path::new(OsStr::from_bytes(value));
    if let Ok(rest) = value.strip_prefix("~") {
        return Some(Path::new(&std::env::var_os("HOME")?).join(rest));
    }
    if value.is_absolute() {
        return Some(value.to_path_buf());
    }
    Some(base?.join(value))
}

/// What one walk found: `.git` entries and bare-looking directories, and the directories it could not read.
pub type Walk = (Vec<DotGit>, Vec<PathBuf>);

/// Every `.git` entry below `roots`, and every directory git would take for a bare repository (not descending into
/// git directories, links or `skip`).
pub fn find_dot_gits(
    roots: &[PathBuf],
    skip: &[PathBuf],
    limit: Option<usize>,
) -> Result<Walk, String> {
    let mut found = Vec::new();
    let mut unreadable = Vec::new();
    let mut pending: Vec<PathBuf> = roots.to_vec();
    let mut visited: HashSet<PathBuf> = HashSet::new();
    let mut walked = 0usize;
    while let Some(directory) = pending.pop() {
        if !visited.insert(directory.clone()) {
            continue;
        }
        walked += 1;
        if limit.map_or(false, |limit| walked > limit) {
            return Err(format!(
                "the writable roots hold more than {} directories, too many to check for git repositories; use a smaller workspace",
                MAX_WALKED_DIRECTORIES
            ));
        }
        let entries = match fs::read_dir(&directory) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(_) => {
                unreadable.push(directory);
                continue;
            }
        };
        let mut subdirectories = Vec::new();
        let mut looks_bare = (false, false, false); // HEAD, objects/, refs/
        for entry in entries.flatten() {
            let kind = match entry.file_type() {
                Ok(kind) => kind,
                Err(_) => continue,
            };
            let path = entry.path();
            let name = entry.file_name();
            if name == ".git" {
                if let Ok(metadata) = fs::symlink_metadata(&path) {
                    found.push(DotGit {
                        path,
                        identity: (metadata.dev(), metadata.ino()),
                        is_dir: kind.is_dir(),
                    });
                }
                continue;
            }
            if name == "HEAD" {
                looks_bare.0 = true;
            } else if name == "objects" && kind.is_dir() {
                looks_bare.1 = true;
            } else if name == "refs" && kind.is_dir() {
                looks_bare.2 = true;
            }
            if kind.is_dir() && !skip.contains(&path) {
                subdirectories.push(path);
            }
        }
        // A directory holding HEAD, objects/ and refs/ is a (bare) git directory to git itself: `cd` into it and
        // git uses its config and hooks, whatever .git lies further up.
        if looks_bare == (true, true, true) {
            if let Ok(metadata) = fs::symlink_metadata(&directory) {
                found.push(DotGit {
                    identity: (metadata.dev(), metadata.ino()),
                    path: directory,
                    is_dir: true,
                });
            }
        } else {
            pending.extend(subdirectories);
        }
    }
    Ok((found, unreadable))
}

/// Discovers the git metadata to guard in `sweep_roots` (canonical), protecting what lies inside `writable`.
pub fn discover(sweep_roots: &[PathBuf], writable: &[PathBuf]) -> Result<Discovery, String> {
    let skip: Vec<PathBuf> = writable
        .iter()
        .filter(|root| !sweep_roots.contains(root))
        .cloned()
        .collect();
    let (dot_gits, _) = find_dot_gits(sweep_roots, &skip, Some(MAX_WALKED_DIRECTORIES))?;
    let mut finder = Finder {
        writable,
        found: Discovery::default(),
        seen: HashSet::new(),
    };
    for dot_git in &dot_gits {
        let work_tree = dot_git.path.parent().map(Path::to_path_buf);
        if !dot_git.is_dir {
            finder.protect(dot_git.path.clone());
        }
        if let Some(git_dir) = gitdir_target(&dot_git.path) {
            finder.git_dir(git_dir, work_tree.as_deref(), 0);
        }
    }
    finder.found.dot_gits = dot_gits;
    Ok(finder.found)
}

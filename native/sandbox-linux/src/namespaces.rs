//! User, mount, pid and net namespaces: protected paths re-bound read-only, denied paths hidden, private /dev/shm.

use crate::policy::{Network, Policy};
use crate::sys;
use std::path::{Path, PathBuf};

/// What the mount setup did, for the layers that follow.
pub struct Mounted {
    /// /dev/shm is a private tmpfs, so Landlock may allow writes there.
    pub private_dev_shm: bool,
    /// /dev/pts is a private devpts instance (and /dev/ptmx its ptmx): no other terminal can be opened there.
    pub private_devpts: bool,
}

fn write_file(path: &str, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|error| format!("cannot write {path}: {error}"))
}

/// Moves the calling process into new user, mount, pid (for its next child) and, when the network is off, net
/// namespaces, mapping our own uid and gid to themselves.
pub fn enter(policy: &Policy) -> Result<(), String> {
    let uid = sys::user_id();
    let gid = sys::group_id();
    let mut flags = sys::CLONE_NEWUSER | sys::CLONE_NEWNS | sys::CLONE_NEWPID;
    if policy.network == Network::None {
        flags |= sys::CLONE_NEWNET;
    }
    sys::unshare_namespaces(flags)
        .map_err(|error| format!("cannot create user namespaces: {error}"))?;
    match std::fs::write("/proc/self/setgroups", "deny") {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(format!("cannot write /proc/self/setgroups: {error}")),
    }
    write_file("/proc/self/uid_map", &format!("{uid} {uid} 1\n"))?;
    write_file("/proc/self/gid_map", &format!("{gid} {gid} 1\n"))?;
    Ok(())
}

fn bind(source: &Path, target: &Path) -> Result<(), String> {
    let source = source
        .to_str()
        .ok_or_else(|| format!("path is not UTF-8: {}", source.display()))?;
    sys::mount_raw(Some(source), target, None, sys::MS_BIND | sys::MS_REC, None)
        .map_err(|error| format!("cannot bind {source} to {}: {error}", target.display()))
}

fn remount_read_only(target: &Path, flags_from: &Path) -> Result<(), String> {
    let locked = sys::mount_flags_of(flags_from)
        .map_err(|error| format!("statvfs {}: {error}", flags_from.display()))?;
    sys::mount_raw(
        None,
        target,
        None,
        sys::MS_REMOUNT | sys::MS_BIND | sys::MS_RDONLY | locked,
        None,
    )
    .map_err(|error| format!("cannot make {} read-only: {error}", target.display()))
}

fn is_strictly_inside(path: &Path, roots: &[PathBuf]) -> bool {
    roots
        .iter()
        .any(|root| path.starts_with(root) && path != root)
}

/// Git creates `.git/hooks` lazily; an existing repository without one gets an empty one, so that it can be
/// mounted read-only instead of being created by the sandboxed command.
fn ensure_hooks_dir(path: &Path) {
    let is_hooks = path.file_name().map_or(false, |name| name == "hooks")
        && path
            .parent()
            .and_then(Path::file_name)
            .map_or(false, |name| name == ".git");
    if is_hooks && path.parent().map_or(false, Path::is_dir) {
        let _ = std::fs::create_dir(path);
    }
}

/// Sets up the mount namespace entered by [`enter`].
pub fn mount_all(policy: &Policy) -> Result<Mounted, String> {
    sys::mount_raw(
        None,
        Path::new("/"),
        None,
        sys::MS_REC | sys::MS_PRIVATE,
        None,
    )
    .map_err(|error| format!("cannot make mounts private: {error}"))?;
    let writable: Vec<PathBuf> = policy
        .writable_roots
        .iter()
        .filter_map(|root| std::fs::canonicalize(root).ok())
        .collect();

    let mut protected: Vec<PathBuf> = Vec::new();
    let mut pinned: Vec<PathBuf> = Vec::new();
    for path in &policy.protected {
        ensure_hooks_dir(path);
        let real = match std::fs::canonicalize(path) {
            Ok(real) => real,
            Err(_) => continue,
        };
        if !is_strictly_inside(&real, &writable) {
            continue; // outside the writable roots Landlock already refuses writes
        }
        // A mount point cannot be renamed or removed; pinning the directories between the root and the protected
        // path stops "move .git away, create a new one".
        let mut ancestor = real.parent().map(Path::to_path_buf);
        while let Some(directory) = ancestor {
            if !is_strictly_inside(&directory, &writable) {
                break;
            }
            if !pinned.contains(&directory) {
                pinned.push(directory.clone());
            }
            ancestor = directory.parent().map(Path::to_path_buf);
        }
        protected.push(real);
    }
    // Roots nested inside other roots could be renamed away too.
    for root in &writable {
        if is_strictly_inside(root, &writable) && !pinned.contains(root) {
            pinned.push(root.clone());
        }
    }
    pinned.sort_by_key(|path| path.components().count());
    for directory in &pinned {
        bind(directory, directory)?;
    }
    protected.sort_by_key(|path| path.components().count());
    for path in &protected {
        bind(path, path)?;
        remount_read_only(path, path)?;
    }

    for path in &policy.deny_read {
        let real = match std::fs::canonicalize(path) {
            Ok(real) => real,
            Err(_) => continue,
        };
        if writable.iter().any(|root| root.starts_with(&real)) {
            continue; // hiding it would hide a writable root
        }
        if real.is_dir() {
            sys::mount_raw(
                Some("tmpfs"),
                &real,
                Some("tmpfs"),
                sys::MS_RDONLY | sys::MS_NOSUID | sys::MS_NODEV | sys::MS_NOEXEC,
                Some("size=4k,mode=0500"),
            )
            .map_err(|error| format!("cannot hide {}: {error}", real.display()))?;
        } else {
            let null = Path::new("/dev/null");
            bind(null, &real)?;
            remount_read_only(&real, null)?;
        }
    }

    let shm = Path::new("/dev/shm");
    let private_dev_shm = shm.is_dir()
        && sys::mount_raw(
            Some("tmpfs"),
            shm,
            Some("tmpfs"),
            sys::MS_NOSUID | sys::MS_NODEV,
            Some("mode=1777"),
        )
        .is_ok();
    Ok(Mounted {
        private_dev_shm,
        private_devpts: mount_private_devpts(),
    })
}

/// Mounts a /proc that shows only the new pid namespace; called by its first process. Returns false when the
/// kernel refuses (e.g. inside a container whose /proc is partly masked); the host /proc then stays, and Landlock
/// still blocks access to outside processes through it.
pub fn mount_proc() -> bool {
    sys::mount_raw(
        Some("proc"),
        Path::new("/proc"),
        Some("proc"),
        sys::MS_NOSUID | sys::MS_NODEV | sys::MS_NOEXEC,
        None,
    )
    .is_ok()
}

/// Covers /dev/pts with a new devpts instance and points /dev/ptmx at its ptmx, so the command can open new ptys
/// but no terminal of the host. Descriptors the command inherited (its own terminal) keep working, and so does
/// `/dev/tty` (the controlling terminal). False when the kernel refuses; Landlock then grants only the command's own
/// terminals by name.
fn mount_private_devpts() -> bool {
    let pts = Path::new("/dev/pts");
    let mounted = pts.is_dir()
        && sys::mount_raw(
            Some("devpts"),
            pts,
            Some("devpts"),
            sys::MS_NOSUID | sys::MS_NOEXEC,
            Some("newinstance,ptmxmode=0666,mode=0620"),
        )
        .is_ok();
    mounted && bind(Path::new("/dev/pts/ptmx"), Path::new("/dev/ptmx")).is_ok()
}

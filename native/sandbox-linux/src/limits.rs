//! Bounding the number of processes (fork bombs).
//!
//! RLIMIT_NPROC does not bind uid 0 (the kernel exempts the global root user). In order of preference:
//! 1. with a pid namespace on Linux 6.14+, the namespace's own `kernel.pid_max` (a single write, no cost; the
//!    kernel's floor is 301, so smaller limits are raised to that);
//! 2. a cgroup `pids` limit when one can be created: cgroup v1's pids hierarchy, or a cgroup v2 sibling whose parent
//!    has the pids controller enabled (root, or a delegated subtree) — joining costs milliseconds on v1;
//! 3. RLIMIT_NPROC for non-root users; inside the user namespace it counts only the sandbox's own processes.
//!
//! Root without a pid namespace and without a writable cgroup gets no bound (the probe reports it).

use crate::sys;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

const PREFIX: &str = "art-sandbox-";

/// A cgroup created for one launch; removed when dropped.
pub struct Cgroup {
    directory: PathBuf,
    procs: Option<File>,
    pub version: u8,
}

struct Mount {
    root: String,
    point: String,
    fstype: String,
    options: String,
}

fn mounts() -> Vec<Mount> {
    let text = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let (left, right) = line.split_once(" - ")?;
            let left: Vec<&str> = left.split(' ').collect();
            let right: Vec<&str> = right.split(' ').collect();
            Some(Mount {
                root: (*left.get(3)?).to_string(),
                point: (*left.get(4)?).to_string(),
                fstype: (*right.first()?).to_string(),
                options: (*right.get(2)?).to_string(),
            })
        })
        .collect()
}

fn join(mount: &Mount, cgroup_path: &str) -> PathBuf {
    let relative = if mount.root != "/" {
        cgroup_path
            .strip_prefix(mount.root.as_str())
            .unwrap_or(cgroup_path)
    } else {
        cgroup_path
    };
    Path::new(&mount.point).join(relative.trim_start_matches('/'))
}

/// Directories under which a pids-limited child cgroup may be created, best first.
fn candidates() -> Vec<(PathBuf, u8)> {
    let own = std::fs::read_to_string("/proc/self/cgroup").unwrap_or_default();
    let mounts = mounts();
    let mut found = Vec::new();
    for line in own.lines() {
        let mut parts = line.splitn(3, ':');
        let (id, controllers, path) = match (parts.next(), parts.next(), parts.next()) {
            (Some(id), Some(controllers), Some(path)) => (id, controllers, path),
            _ => continue,
        };
        if id != "0" && controllers.split(',').any(|name| name == "pids") {
            let mount = mounts.iter().find(|mount| {
                mount.fstype == "cgroup" && mount.options.split(',').any(|option| option == "pids")
            });
            if let Some(mount) = mount {
                found.push((join(mount, path), 1));
            }
        } else if id == "0" && controllers.is_empty() {
            if let Some(mount) = mounts.iter().find(|mount| mount.fstype == "cgroup2") {
                let own_dir = join(mount, path);
                // Processes may only sit in leaves once controllers are enabled: use a sibling, unless at the root.
                let parent = if path == "/" {
                    own_dir
                } else {
                    own_dir.parent().map(Path::to_path_buf).unwrap_or(own_dir)
                };
                let enabled = std::fs::read_to_string(parent.join("cgroup.subtree_control"))
                    .unwrap_or_default();
                if enabled.split_whitespace().any(|name| name == "pids") {
                    found.push((parent, 2));
                }
            }
        }
    }
    found
}

/// Removes cgroups left behind by launchers that were killed before they could clean up.
fn remove_stale(parent: &Path) {
    let entries = match std::fs::read_dir(parent) {
        Ok(entries) => entries,
        Err(_) => return,
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name.to_str().and_then(|name| name.strip_prefix(PREFIX));
        if let Some(pid) = pid {
            if !Path::new("/proc").join(pid).exists() {
                let _ = std::fs::remove_dir(entry.path());
            }
        }
    }
}

impl Cgroup {
    /// Creates a cgroup limited to `pids_max` tasks, or None when no cgroup hierarchy is writable.
    pub fn create(pids_max: u64) -> Option<Cgroup> {
        for (parent, version) in candidates() {
            remove_stale(&parent);
            let directory = parent.join(format!("{PREFIX}{}", sys::process_id()));
            if std::fs::create_dir(&directory).is_err() {
                continue;
            }
            let limited = std::fs::write(directory.join("pids.max"), pids_max.to_string()).is_ok();
            match OpenOptions::new()
                .write(true)
                .open(directory.join("cgroup.procs"))
            {
                Ok(procs) if limited => {
                    return Some(Cgroup {
                        directory,
                        procs: Some(procs),
                        version,
                    })
                }
                _ => {
                    let _ = std::fs::remove_dir(&directory);
                }
            }
        }
        None
    }

    /// Moves the calling process into the cgroup. The file was opened before any namespace was entered, so the
    /// kernel checks the launcher's original credentials.
    pub fn attach_self(&self) -> Result<(), String> {
        match &self.procs {
            Some(file) => (&*file)
                .write_all(b"0")
                .map_err(|error| format!("cannot join the pids cgroup: {error}")),
            None => Ok(()),
        }
    }
}

impl Drop for Cgroup {
    fn drop(&mut self) {
        self.procs = None;
        for _ in 0..200 {
            if std::fs::remove_dir(&self.directory).is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
}

/// Moves the launcher into the session's cgroups (the `cgroup.procs` files the policy names), before it forks or
/// enters a namespace: everything it starts inherits them. True when at least one was joined. A file that cannot be
/// joined is an error, not a silent skip: the session asked for limits the command would otherwise run without.
pub fn join_session_cgroups(procs: &[PathBuf]) -> Result<bool, String> {
    for file in procs {
        let mut handle = OpenOptions::new()
            .write(true)
            .open(file)
            .map_err(|error| format!("cannot open the session cgroup {}: {error}", file.display()))?;
        handle
            .write_all(b"0")
            .map_err(|error| format!("cannot join the session cgroup {}: {error}", file.display()))?;
    }
    Ok(!procs.is_empty())
}

/// True when `kernel.pid_max` is per pid namespace (Linux 6.14 and later).
pub fn pid_max_is_per_namespace() -> bool {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let mut numbers = release
        .trim()
        .split(|c: char| !c.is_ascii_digit())
        .map(|part| part.parse::<u32>().unwrap_or(0));
    let major = numbers.next().unwrap_or(0);
    let minor = numbers.next().unwrap_or(0);
    (major, minor) >= (6, 14)
}

/// The kernel's smallest accepted pid_max.
const PID_MAX_FLOOR: u64 = 301;

/// Caps pid numbers (hence processes and threads) in the current pid namespace; needs the new /proc.
pub fn limit_pid_namespace(pids_max: u64) -> Result<(), String> {
    let value = pids_max.max(PID_MAX_FLOOR).to_string();
    std::fs::write("/proc/sys/kernel/pid_max", value)
        .map_err(|error| format!("cannot set the namespace's pid_max: {error}"))
}

/// Number of processes that currently belong to `uid` (for RLIMIT_NPROC, which counts per user).
pub fn processes_of(uid: u32) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let entries = match std::fs::read_dir("/proc") {
        Ok(entries) => entries,
        Err(_) => return 0,
    };
    entries
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_str()
                .map_or(false, |name| name.bytes().all(|byte| byte.is_ascii_digit()))
        })
        .filter(|entry| {
            entry
                .metadata()
                .map_or(false, |metadata| metadata.uid() == uid)
        })
        .count() as u64
}

/// Applies RLIMIT_NPROC where it binds (not for uid 0). `own_user_namespace`: counts start from zero there.
pub fn apply_process_rlimit(pids_max: u64, own_user_namespace: bool) -> Result<(), String> {
    let uid = sys::user_id();
    if pids_max == 0 || uid == 0 {
        return Ok(());
    }
    let base = if own_user_namespace {
        0
    } else {
        processes_of(uid)
    };
    sys::set_process_limit(base + pids_max)
        .map_err(|error| format!("cannot set RLIMIT_NPROC: {error}"))
}

const RLIMIT_FSIZE: i32 = 1;
const RLIMIT_NOFILE: i32 = 7;
const RLIMIT_COUNT: i32 = 16;

/// The launcher's own resource limits, recorded before the command starts, so that its clean-up (killing what is
/// left, restoring protected paths, which opens files) does not depend on what was done to them meanwhile.
pub struct OwnLimits(Vec<(i32, [u64; 2])>);

impl OwnLimits {
    pub fn record() -> OwnLimits {
        OwnLimits(
            (0..RLIMIT_COUNT)
                .filter_map(|resource| {
                    sys::resource_limit(resource)
                        .ok()
                        .map(|value| (resource, value))
                })
                .collect(),
        )
    }

    /// Puts changed limits back (a lowered hard limit comes back only with CAP_SYS_RESOURCE, which root outside a
    /// user namespace has), then raises the soft limits on files and file size to the hard limit for the clean-up.
    pub fn restore(&self) {
        for (resource, recorded) in &self.0 {
            let current = match sys::resource_limit(*resource) {
                Ok(current) => current,
                Err(_) => continue,
            };
            if current != *recorded && sys::set_resource_limit(*resource, *recorded).is_err() {
                let _ = sys::set_resource_limit(*resource, [current[1], current[1]]);
            }
            if *resource == RLIMIT_NOFILE || *resource == RLIMIT_FSIZE {
                if let Ok(now) = sys::resource_limit(*resource) {
                    let _ = sys::set_resource_limit(*resource, [now[1], now[1]]);
                }
            }
        }
    }
}

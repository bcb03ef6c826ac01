//! Landlock: a write allow-list, a read allow-list carved around denied paths, TCP rules and scoping.
//!
//! Landlock only grants; it cannot deny a path beneath a granted directory. Denied reads are therefore carved out by
//! granting read on every sibling along the way from the readable root down to the denied path ("decomposition").

use crate::policy::{Network, Policy};
use crate::sys;
use std::fs::OpenOptions;
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

const READ_FILE: u64 = 1 << 2;
const READ_DIR: u64 = 1 << 3;
const WRITE_FILE: u64 = 1 << 1;
const REMOVE_DIR: u64 = 1 << 4;
const REMOVE_FILE: u64 = 1 << 5;
const MAKE_CHAR: u64 = 1 << 6;
const MAKE_DIR: u64 = 1 << 7;
const MAKE_REG: u64 = 1 << 8;
const MAKE_SOCK: u64 = 1 << 9;
const MAKE_FIFO: u64 = 1 << 10;
const MAKE_BLOCK: u64 = 1 << 11;
const MAKE_SYM: u64 = 1 << 12;
const REFER: u64 = 1 << 13;
const TRUNCATE: u64 = 1 << 14;
/// Rights that make sense on a file rather than a directory.
const FILE_RIGHTS: u64 = 1 | WRITE_FILE | READ_FILE | TRUNCATE | (1 << 15);

const NET_BIND_TCP: u64 = 1;
const NET_CONNECT_TCP: u64 = 2;
const SCOPE_ABSTRACT_UNIX_SOCKET: u64 = 1;
const SCOPE_SIGNAL: u64 = 2;
const RULE_PATH_BENEATH: usize = 1;

/// Devices every program expects to open; the rest of /dev stays unreadable (raw disks, other terminals, consoles,
/// `/dev/vcs*`). `/dev/tty` opens only the caller's own controlling terminal; `/dev/pts` is granted only when it is
/// the sandbox's private devpts instance (see [`Terminals`]).
const DEVICES: [&str; 7] = [
    "/dev/null",
    "/dev/zero",
    "/dev/full",
    "/dev/random",
    "/dev/urandom",
    "/dev/tty",
    "/dev/ptmx",
];

/// Which terminals the command may open by name. Either way, the terminals it was given on its standard
/// descriptors.
pub enum Terminals {
    /// `/dev/pts` is a private devpts instance (mount namespace): every pty there is the sandbox's own.
    PrivateInstance,
    /// `/dev/pts` is the host's: nothing else of it.
    OwnOnly,
}

/// The terminals behind descriptors 0–2, named through `/proc/self/fd/N` so the rule lands on the very device the
/// command was given even where /dev/pts is now another instance (reopening `/dev/stdin` goes through its path).
fn own_terminals() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = Vec::new();
    for fd in 0..3 {
        let link = PathBuf::from(format!("/proc/self/fd/{fd}"));
        if let Ok(target) = std::fs::read_link(&link) {
            if target.starts_with("/dev/pts/") || target.starts_with("/dev/tty") {
                found.push(link);
            }
        }
    }
    found
}


/// The Landlock ABI version the kernel offers; 0 when Landlock is missing or disabled.
pub fn abi_version() -> u32 {
    sys::syscall3(sys::SYS_LANDLOCK_CREATE_RULESET, 0, 0, 1).map_or(0, |version| version as u32)
}

#[repr(C)]
struct RulesetAttr {
    handled_access_fs: u64,
    handled_access_net: u64,
    scoped: u64,
}

#[repr(C, packed)]
struct PathBeneathAttr {
    allowed_access: u64,
    parent_fd: i32,
}

struct Ruleset {
    fd: i32,
    handled: u64,
}

impl Ruleset {
    fn add(&self, path: &Path, rights: u64, is_dir: bool) -> io::Result<()> {
        let rights = rights & self.handled & if is_dir { u64::MAX } else { FILE_RIGHTS };
        if rights == 0 {
            return Ok(());
        }
        let file = OpenOptions::new()
            .read(true)
            .custom_flags(sys::O_PATH | sys::O_CLOEXEC)
            .open(path)?;
        let attr = PathBeneathAttr {
            allowed_access: rights,
            parent_fd: file.as_raw_fd(),
        };
        sys::syscall3(
            sys::SYS_LANDLOCK_ADD_RULE,
            self.fd as usize,
            RULE_PATH_BENEATH,
            &attr as *const _ as usize,
        )
        .map(|_| ())
        .map_err(|error| {
            io::Error::new(
                error.kind(),
                format!("rule for {}: {error}", path.display()),
            )
        })
    }

    /// Grants `rights` beneath `path`, except beneath any of `excluded`.
    fn grant_except(&self, path: &Path, rights: u64, excluded: &[PathBuf]) -> io::Result<()> {
        if excluded.iter().any(|denied| denied == path) {
            return Ok(());
        }
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(_) => return Ok(()),
        };
        let splits = excluded
            .iter()
            .any(|denied| denied.starts_with(path) && denied != path);
        if !splits || !metadata.is_dir() {
            return self.add(path, rights, metadata.is_dir());
        }
        // Listing stays allowed so `ls` works; the contents of denied entries do not.
        self.add(path, rights & READ_DIR, true)?;
        for entry in std::fs::read_dir(path)? {
            let entry = entry?;
            if entry.file_type()?.is_symlink() {
                continue; // access through a link is checked at its target
            }
            self.grant_except(&entry.path(), rights, excluded)?;
        }
        Ok(())
    }
}

impl Drop for Ruleset {
    fn drop(&mut self) {
        sys::close_fd(self.fd);
    }
}

/// Paths that exist, resolved through symlinks, so rules and exclusions compare like with like.
fn canonical(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .filter_map(|path| std::fs::canonicalize(path).ok())
        .collect()
}

/// Restricts the calling process (and everything it starts) according to `policy`.
pub fn restrict(
    policy: &Policy,
    private_dev_shm: bool,
    terminals: Terminals,
) -> Result<(), String> {
    let abi = abi_version();
    if abi == 0 {
        return Err("Landlock is not available in this kernel".into());
    }
    let mut handled = READ_FILE
        | READ_DIR
        | WRITE_FILE
        | REMOVE_DIR
        | REMOVE_FILE
        | MAKE_CHAR
        | MAKE_DIR
        | MAKE_REG
        | MAKE_SOCK
        | MAKE_FIFO
        | MAKE_BLOCK
        | MAKE_SYM;
    if abi >= 2 {
        handled |= REFER;
    }
    if abi >= 3 {
        handled |= TRUNCATE;
    }
    let handled_net = if abi >= 4 && policy.network == Network::None {
        NET_BIND_TCP | NET_CONNECT_TCP
    } else {
        0
    };
    let scoped = if abi >= 6 {
        SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
    } else {
        0
    };
    let attr = RulesetAttr {
        handled_access_fs: handled,
        handled_access_net: handled_net,
        scoped,
    };
    let size = if abi >= 6 {
        24
    } else if abi >= 4 {
        16
    } else {
        8
    };
    let fd = sys::syscall3(
        sys::SYS_LANDLOCK_CREATE_RULESET,
        &attr as *const _ as usize,
        size,
        0,
    )
    .map_err(|error| format!("cannot create a ruleset: {error}"))?;
    let ruleset = Ruleset {
        fd: fd as i32,
        handled,
    };

    let write_rights = WRITE_FILE
        | REMOVE_DIR
        | REMOVE_FILE
        | MAKE_DIR
        | MAKE_REG
        | MAKE_SOCK
        | MAKE_FIFO
        | MAKE_SYM
        | REFER
        | TRUNCATE;
    let read_rights = READ_FILE | READ_DIR;
    let writable = canonical(&policy.writable_roots);
    let mut excluded = canonical(&policy.deny_read);
    // A denied path that holds a writable root cannot be hidden without hiding the root; the TS side drops those.
    excluded.retain(|denied| !writable.iter().any(|root| root.starts_with(denied)));
    let readable = match &policy.readable_roots {
        Some(roots) => {
            let mut roots = canonical(roots);
            roots.extend(writable.iter().cloned());
            roots
        }
        None => {
            excluded.push(PathBuf::from("/dev"));
            vec![PathBuf::from("/")]
        }
    };
    let failed = |error: io::Error| format!("cannot add a rule: {error}");
    for root in &readable {
        ruleset
            .grant_except(root, read_rights, &excluded)
            .map_err(failed)?;
    }
    for device in DEVICES {
        ruleset
            .add(
                Path::new(device),
                read_rights | WRITE_FILE | TRUNCATE,
                device == "/dev/pts",
            )
            .or_else(ignore_missing)
            .map_err(failed)?;
    }
    let mut terminal_paths = own_terminals();
    if let Terminals::PrivateInstance = terminals {
        terminal_paths.push(PathBuf::from("/dev/pts"));
    }
    for terminal in &terminal_paths {
        ruleset
            .add(terminal, read_rights | WRITE_FILE, terminal.is_dir())
            .or_else(ignore_missing)
            .map_err(failed)?;
    }
    if private_dev_shm {
        ruleset
            .add(Path::new("/dev/shm"), read_rights | write_rights, true)
            .or_else(ignore_missing)
            .map_err(failed)?;
    }
    // Denied paths are denied for writes too, wherever they are. With namespaces they are read-only mount points.
    // Without, beneath a writable root write rights go to every sibling along the way down to a denied path instead
    // of to the root: the denied path gets none, and the directories on the way keep their files writable but get
    // no new or removed entries (which would reach into the denied path).
    let write_excluded: Vec<PathBuf> = if policy.namespaces {
        Vec::new()
    } else {
        excluded
            .iter()
            .filter(|denied| writable.iter().any(|root| denied.starts_with(root)))
            .cloned()
            .collect()
    };
    for root in &writable {
        ruleset
            .grant_except(root, write_rights, &write_excluded)
            .map_err(failed)?;
    }
    sys::prctl4(sys::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        .map_err(|error| format!("no_new_privs: {error}"))?;
    sys::syscall3(sys::SYS_LANDLOCK_RESTRICT_SELF, ruleset.fd as usize, 0, 0)
        .map_err(|error| format!("cannot enforce the ruleset: {error}"))?;
    Ok(())
}

fn ignore_missing(error: io::Error) -> io::Result<()> {
    if error.kind() == io::ErrorKind::NotFound {
        Ok(())
    } else {
        Err(error)
    }
}

//! The few libc functions and kernel constants the launcher needs, declared by hand (no crates).

use std::ffi::CString;
use std::io;
use std::os::raw::{c_char, c_int, c_long, c_ulong, c_void};
use std::path::Path;

pub type Pid = c_int;

extern "C" {
    fn syscall(number: c_long, ...) -> c_long;
    fn prctl(option: c_int, ...) -> c_int;
    fn fork() -> Pid;
    fn execvp(file: *const c_char, argv: *const *const c_char) -> c_int;
    fn waitpid(pid: Pid, status: *mut c_int, options: c_int) -> Pid;
    fn kill(pid: Pid, signal: c_int) -> c_int;
    fn unshare(flags: c_int) -> c_int;
    fn mount(
        source: *const c_char,
        target: *const c_char,
        fstype: *const c_char,
        flags: c_ulong,
        data: *const c_void,
    ) -> c_int;
    fn pipe2(fds: *mut c_int, flags: c_int) -> c_int;
    fn read(fd: c_int, buffer: *mut c_void, count: usize) -> isize;
    fn write(fd: c_int, buffer: *const c_void, count: usize) -> isize;
    fn close(fd: c_int) -> c_int;
    fn getpid() -> Pid;
    fn getppid() -> Pid;
    fn getuid() -> u32;
    fn getgid() -> u32;
    fn setrlimit(resource: c_int, limit: *const [u64; 2]) -> c_int;
    fn getrlimit(resource: c_int, limit: *mut [u64; 2]) -> c_int;
    fn setsid() -> Pid;
    fn getpgrp() -> Pid;
    fn isatty(fd: c_int) -> c_int;
    fn signal(signal: c_int, handler: usize) -> usize;
    fn raise(signal: c_int) -> c_int;
    fn _exit(code: c_int) -> !;
    fn statvfs(path: *const c_char, buffer: *mut [u64; 16]) -> c_int;
}

pub const SIGHUP: c_int = 1;
pub const SIGINT: c_int = 2;
pub const SIGQUIT: c_int = 3;
pub const SIGKILL: c_int = 9;
pub const SIGSTOP: c_int = 19;
pub const SIGUSR1: c_int = 10;
pub const SIGUSR2: c_int = 12;
pub const SIGPIPE: c_int = 13;
pub const SIGTERM: c_int = 15;
pub const SIGWINCH: c_int = 28;

pub const PR_SET_PDEATHSIG: c_int = 1;
pub const PR_SET_SECCOMP: c_int = 22;
pub const PR_CAPBSET_DROP: c_int = 24;
pub const PR_SET_CHILD_SUBREAPER: c_int = 36;
pub const PR_SET_NO_NEW_PRIVS: c_int = 38;
pub const PR_CAP_AMBIENT: c_int = 47;
pub const PR_CAP_AMBIENT_CLEAR_ALL: c_ulong = 4;

pub const CLONE_NEWNS: c_int = 0x0002_0000;
pub const CLONE_NEWPID: c_int = 0x2000_0000;
pub const CLONE_NEWUSER: c_int = 0x1000_0000;
pub const CLONE_NEWNET: c_int = 0x4000_0000;

pub const MS_RDONLY: c_ulong = 1;
pub const MS_NOSUID: c_ulong = 2;
pub const MS_NODEV: c_ulong = 4;
pub const MS_NOEXEC: c_ulong = 8;
pub const MS_REMOUNT: c_ulong = 32;
pub const MS_NOATIME: c_ulong = 1024;
pub const MS_NODIRATIME: c_ulong = 2048;
pub const MS_BIND: c_ulong = 4096;
pub const MS_REC: c_ulong = 16384;
pub const MS_PRIVATE: c_ulong = 1 << 18;
pub const MS_RELATIME: c_ulong = 1 << 21;

pub const O_CLOEXEC: c_int = 0o2_000_000;
pub const O_PATH: c_int = 0o10_000_000;
const WNOHANG: c_int = 1;
const RLIMIT_NPROC: c_int = 6;

pub const EPERM: u32 = 1;
pub const EINTR: i32 = 4;
pub const ECHILD: i32 = 10;
pub const EINVAL: i32 = 22;
pub const ENOSYS: u32 = 38;

#[cfg(target_arch = "x86_64")]
const SYS_CAPSET: c_long = 126;
#[cfg(target_arch = "aarch64")]
const SYS_CAPSET: c_long = 91;
pub const SYS_LANDLOCK_CREATE_RULESET: c_long = 444;
pub const SYS_LANDLOCK_ADD_RULE: c_long = 445;
pub const SYS_LANDLOCK_RESTRICT_SELF: c_long = 446;

/// The calling thread's errno as an `io::Error`.
pub fn last_error() -> io::Error {
    io::Error::last_os_error()
}

fn check(result: c_int) -> io::Result<c_int> {
    if result < 0 {
        Err(last_error())
    } else {
        Ok(result)
    }
}

pub fn c_string(text: &str) -> io::Result<CString> {
    CString::new(text)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path contains a NUL byte"))
}

pub fn c_path(path: &Path) -> io::Result<CString> {
    use std::os::unix::ffi::OsStrExt;
    CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path contains a NUL byte"))
}

/// `prctl` with up to four integer arguments.
pub fn prctl4(option: c_int, a: c_ulong, b: c_ulong, c: c_ulong, d: c_ulong) -> io::Result<c_int> {
    // SAFETY: prctl with integer arguments only; the kernel validates them.
    check(unsafe { prctl(option, a, b, c, d) })
}

/// `prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, program)`.
pub fn prctl_seccomp(program: *const c_void) -> io::Result<()> {
    // SAFETY: `program` points at a live sock_fprog for the duration of the call.
    check(unsafe { prctl(PR_SET_SECCOMP, 2 as c_ulong, program) }).map(|_| ())
}

/// A raw syscall with up to three word arguments (the rest are passed as zero).
pub fn syscall3(number: c_long, a: usize, b: usize, c: usize) -> io::Result<c_long> {
    // SAFETY: callers pass arguments valid for the syscall (pointers to live memory or integers).
    let result = unsafe { syscall(number, a, b, c, 0usize, 0usize, 0usize) };
    if result < 0 {
        Err(last_error())
    } else {
        Ok(result)
    }
}

pub fn fork_process() -> io::Result<Pid> {
    // SAFETY: the launcher is single-threaded, so the child may keep running Rust code.
    check(unsafe { fork() })
}

/// Replaces the process image; returns only on failure.
pub fn exec(argv: &[CString]) -> io::Error {
    let mut pointers: Vec<*const c_char> = argv.iter().map(|arg| arg.as_ptr()).collect();
    pointers.push(std::ptr::null());
    // SAFETY: `pointers` is a NULL-terminated array of valid C strings that outlive the call.
    unsafe { execvp(pointers[0], pointers.as_ptr()) };
    last_error()
}

/// Outcome of one `waitpid` call.
pub enum Waited {
    Child(Pid, c_int),
    NoneReady,
    NoChildren,
    Interrupted,
}

pub fn wait_any(pid: Pid, block: bool) -> io::Result<Waited> {
    let mut status: c_int = 0;
    // SAFETY: `status` is a valid out pointer.
    let result = unsafe { waitpid(pid, &mut status, if block { 0 } else { WNOHANG }) };
    if result > 0 {
        return Ok(Waited::Child(result, status));
    }
    if result == 0 {
        return Ok(Waited::NoneReady);
    }
    let error = last_error();
    match error.raw_os_error() {
        Some(ECHILD) => Ok(Waited::NoChildren),
        Some(EINTR) => Ok(Waited::Interrupted),
        _ => Err(error),
    }
}

pub fn send_signal(pid: Pid, number: c_int) -> bool {
    // SAFETY: plain syscall with integer arguments.
    unsafe { kill(pid, number) == 0 }
}

pub fn unshare_namespaces(flags: c_int) -> io::Result<()> {
    // SAFETY: plain syscall with integer arguments.
    check(unsafe { unshare(flags) }).map(|_| ())
}

pub fn mount_raw(
    source: Option<&str>,
    target: &Path,
    fstype: Option<&str>,
    flags: c_ulong,
    data: Option<&str>,
) -> io::Result<()> {
    let source = source.map(c_string).transpose()?;
    let fstype = fstype.map(c_string).transpose()?;
    let data = data.map(c_string).transpose()?;
    let target = c_path(target)?;
    let pointer = |value: &Option<CString>| {
        value
            .as_ref()
            .map_or(std::ptr::null(), |text| text.as_ptr())
    };
    // SAFETY: every pointer is NULL or a valid C string that outlives the call.
    check(unsafe {
        mount(
            pointer(&source),
            target.as_ptr(),
            pointer(&fstype),
            flags,
            pointer(&data) as *const c_void,
        )
    })
    .map(|_| ())
}

/// Mount flags (`MS_*`) that mirror the flags of the mount holding `path`; needed to remount binds inside a user
/// namespace, where the kernel refuses to clear locked flags.
pub fn mount_flags_of(path: &Path) -> io::Result<c_ulong> {
    let target = c_path(path)?;
    let mut buffer = [0u64; 16];
    // SAFETY: `buffer` is larger than struct statvfs on 64-bit Linux (112 bytes).
    check(unsafe { statvfs(target.as_ptr(), &mut buffer) })?;
    let st_flags = buffer[9];
    let mut flags = 0;
    for (st, ms) in [
        (2, MS_NOSUID),
        (4, MS_NODEV),
        (8, MS_NOEXEC),
        (1024, MS_NOATIME),
        (2048, MS_NODIRATIME),
        (4096, MS_RELATIME),
    ] {
        if st_flags & st != 0 {
            flags |= ms;
        }
    }
    Ok(flags)
}

pub fn pipe() -> io::Result<(c_int, c_int)> {
    let mut fds = [0 as c_int; 2];
    // SAFETY: `fds` has room for two descriptors.
    check(unsafe { pipe2(fds.as_mut_ptr(), O_CLOEXEC) })?;
    Ok((fds[0], fds[1]))
}

pub fn read_fd(fd: c_int, buffer: &mut [u8]) -> isize {
    // SAFETY: `buffer` is valid for writes of its length.
    unsafe { read(fd, buffer.as_mut_ptr() as *mut c_void, buffer.len()) }
}

pub fn write_fd(fd: c_int, buffer: &[u8]) -> isize {
    // SAFETY: `buffer` is valid for reads of its length.
    unsafe { write(fd, buffer.as_ptr() as *const c_void, buffer.len()) }
}

pub fn close_fd(fd: c_int) {
    // SAFETY: closing a descriptor we own.
    unsafe { close(fd) };
}

pub fn process_id() -> Pid {
    // SAFETY: no arguments.
    unsafe { getpid() }
}

pub fn parent_process_id() -> Pid {
    // SAFETY: no arguments.
    unsafe { getppid() }
}

pub fn user_id() -> u32 {
    // SAFETY: no arguments.
    unsafe { getuid() }
}

pub fn group_id() -> u32 {
    // SAFETY: no arguments.
    unsafe { getgid() }
}

pub fn set_process_limit(limit: u64) -> io::Result<()> {
    let value = [limit, limit];
    // SAFETY: `value` matches struct rlimit (two u64 on 64-bit Linux).
    check(unsafe { setrlimit(RLIMIT_NPROC, &value) }).map(|_| ())
}

/// The (soft, hard) limit of `resource`.
pub fn resource_limit(resource: c_int) -> io::Result<[u64; 2]> {
    let mut value = [0u64; 2];
    // SAFETY: `value` matches struct rlimit (two u64 on 64-bit Linux).
    check(unsafe { getrlimit(resource, &mut value) }).map(|_| value)
}

pub fn set_resource_limit(resource: c_int, value: [u64; 2]) -> io::Result<()> {
    // SAFETY: `value` matches struct rlimit (two u64 on 64-bit Linux).
    check(unsafe { setrlimit(resource, &value) }).map(|_| ())
}

/// Starts a new session (and process group) led by the caller.
pub fn new_session() -> io::Result<()> {
    // SAFETY: no arguments.
    check(unsafe { setsid() }).map(|_| ())
}

pub fn process_group() -> Pid {
    // SAFETY: no arguments.
    unsafe { getpgrp() }
}

pub fn is_terminal(fd: c_int) -> bool {
    // SAFETY: plain call with an integer argument.
    unsafe { isatty(fd) == 1 }
}

/// Installs `handler` for `number` (BSD semantics: restarting, not reset).
pub fn set_signal_handler(number: c_int, handler: extern "C" fn(c_int)) {
    // SAFETY: the handler only performs async-signal-safe work.
    unsafe { signal(number, handler as usize) };
}

/// Restores the default action for `number`.
pub fn reset_signal_default(number: c_int) {
    // SAFETY: SIG_DFL is 0.
    unsafe { signal(number, 0) };
}

/// Restores the default action for `number` and raises it against ourselves.
pub fn raise_default(number: c_int) {
    // SAFETY: SIG_DFL is 0; raise is async-signal-safe.
    unsafe {
        signal(number, 0);
        raise(number);
    }
}

pub fn exit_now(code: c_int) -> ! {
    // SAFETY: terminates the process without running destructors or atexit handlers (fork children).
    unsafe { _exit(code) }
}

/// Drops every capability: bounding set, ambient set, then effective/permitted/inheritable.
pub fn drop_capabilities() -> io::Result<()> {
    for capability in 0..64 {
        if let Err(error) = prctl4(PR_CAPBSET_DROP, capability, 0, 0, 0) {
            if error.raw_os_error() == Some(EINVAL) {
                break;
            }
        }
    }
    let _ = prctl4(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    let header: [u32; 2] = [0x2008_0522, 0];
    let data = [0u32; 6];
    syscall3(
        SYS_CAPSET,
        header.as_ptr() as usize,
        data.as_ptr() as usize,
        0,
    )
    .map(|_| ())
}

/// Decodes a wait status the way a shell does: the exit code, or 128 + signal.
pub fn exit_code_of(status: c_int) -> c_int {
    let signal = status & 0x7f;
    if signal == 0 {
        (status >> 8) & 0xff
    } else {
        128 + signal
    }
}

/// The terminating signal of a wait status, if any.
pub fn signal_of(status: c_int) -> Option<c_int> {
    let signal = status & 0x7f;
    if signal != 0 && signal != 0x7f {
        Some(signal)
    } else {
        None
    }
}

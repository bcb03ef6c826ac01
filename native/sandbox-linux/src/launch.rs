//! The launch sequence: no_new_privs, namespaces, Landlock, capabilities, seccomp, exec — and the supervisor that
//! makes sure nothing the command started outlives it.
//!
//! With namespaces:    launcher (in the new user ns) ─ init (pid 1 of the new pid ns) ─ command
//! Without namespaces: launcher (child subreaper) ─ command

use crate::git_discover;
use crate::git_sweep::GitGuard;
use crate::limits::{self, Cgroup, OwnLimits};
use crate::namespaces::Mounted;
use crate::policy::Policy;
use crate::snapshot::Snapshot;
use crate::supervisor;
use crate::sys::{self, Pid};
use crate::{landlock, namespaces, seccomp};
use std::ffi::CString;
use std::os::raw::c_int;

/// Exit code for failures of the launcher itself (not the command).
pub const LAUNCHER_FAILED: c_int = 125;

fn report(layer: &str, message: &str) {
    eprintln!("art-sandbox: {layer}: {message}");
}

fn fail_child(layer: &str, message: &str) -> ! {
    report(layer, message);
    sys::exit_now(LAUNCHER_FAILED)
}

/// In the final process: Landlock, process limit, capabilities, seccomp, exec. Never returns.
fn exec_command(
    policy: &Policy,
    argv: &[CString],
    private_dev_shm: bool,
    private_devpts: bool,
    cgroup_bound: bool,
    outside: &[Pid],
) -> ! {
    let terminals = if private_devpts {
        landlock::Terminals::PrivateInstance
    } else {
        landlock::Terminals::OwnOnly
    };
    if let Err(message) = landlock::restrict(policy, private_dev_shm, terminals) {
        fail_child("landlock", &message);
    }
    if !cgroup_bound {
        if let Err(message) = limits::apply_process_rlimit(policy.pids_max, policy.namespaces) {
            fail_child("limits", &message);
        }
    }
    if let Err(error) = sys::drop_capabilities() {
        fail_child(
            "capabilities",
            &format!("cannot drop capabilities: {error}"),
        );
    }
    sys::reset_signal_default(sys::SIGPIPE); // Rust ignores SIGPIPE; the command must not inherit that
    if let Err(message) = seccomp::install(policy, outside) {
        fail_child("seccomp", &message);
    }
    let error = sys::exec(argv);
    let program = argv
        .first()
        .map(|arg| arg.to_string_lossy().into_owned())
        .unwrap_or_default();
    report("exec", &format!("{program}: {error}"));
    sys::exit_now(if error.kind() == std::io::ErrorKind::NotFound {
        127
    } else {
        126
    })
}

fn join_cgroup_and_cwd(policy: &Policy, cgroup: &Option<Cgroup>) {
    if let Some(cgroup) = cgroup {
        if let Err(message) = cgroup.attach_self() {
            fail_child("limits", &message);
        }
    }
    if let Err(error) = std::env::set_current_dir(&policy.cwd) {
        fail_child(
            "cwd",
            &format!("cannot enter {}: {error}", policy.cwd.display()),
        );
    }
}

/// Runs `argv` under `policy`; returns the exit code for the launcher (or dies by the command's signal).
pub fn run(policy: &Policy, argv: &[CString]) -> c_int {
    let parent = sys::parent_process_id();
    if let Err(message) = supervisor::clean_up_when_parent_dies(parent) {
        report("launcher", &message);
        return LAUNCHER_FAILED;
    }
    let own_limits = OwnLimits::record();
    if let Err(error) = sys::prctl4(sys::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) {
        report("no_new_privs", &error.to_string());
        return LAUNCHER_FAILED;
    }
    // In a pid namespace the cheap bound is the namespace's own pid_max (kernel 6.14+); joining a cgroup costs
    // milliseconds on cgroup v1 hosts, so it is only the fallback.
    let pid_namespace_bound = policy.namespaces && limits::pid_max_is_per_namespace();
    // The session's own cgroups, when it has limits, bound processes too: no second, per-launch pids cgroup (on
    // cgroup v2 it would be a sibling and take the command out of the session's memory limit).
    let session_bound = match limits::join_session_cgroups(&policy.cgroup_procs) {
        Ok(joined) => joined,
        Err(message) => {
            report("cgroup", &message);
            return LAUNCHER_FAILED;
        }
    };
    let cgroup = if policy.pids_max > 0 && !pid_namespace_bound && !session_bound {
        Cgroup::create(policy.pids_max)
    } else {
        None
    };
    let _ = sys::prctl4(sys::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    let status = match GitPlan::discover(policy) {
        Ok(git) if policy.namespaces => run_namespaced(&git.policy, argv, &cgroup, &own_limits, &git),
        Ok(git) => run_direct(&git.policy, argv, &cgroup, &own_limits, &git),
        Err(message) => Err(("git", message)),
    };
    drop(cgroup);
    match status {
        Ok(status) => supervisor::finish(status),
        Err((layer, message)) => {
            report(layer, &message);
            LAUNCHER_FAILED
        }
    }
}

type Outcome = Result<c_int, (&'static str, String)>;

/// The policy with the git metadata found in the writable roots added to its protected paths.
struct GitPlan {
    policy: Policy,
    discovery: git_discover::Discovery,
    sweep_roots: Vec<std::path::PathBuf>,
    writable: Vec<std::path::PathBuf>,
}

impl GitPlan {
    fn discover(policy: &Policy) -> Result<GitPlan, String> {
        let canonical = |paths: &[std::path::PathBuf]| -> Vec<std::path::PathBuf> {
            paths
                .iter()
                .filter_map(|path| std::fs::canonicalize(path).ok())
                .collect()
        };
        let sweep_roots = canonical(&policy.git_roots);
        let writable = canonical(&policy.writable_roots);
        let discovery = git_discover::discover(&sweep_roots, &writable)?;
        let mut policy = policy.clone();
        policy.protected.extend(discovery.protected.iter().cloned());
        Ok(GitPlan {
            policy,
            discovery,
            sweep_roots,
            writable,
        })
    }

    fn hold(&self) -> GitGuard {
        GitGuard::hold(&self.discovery, &self.sweep_roots, &self.writable)
    }
}

/// Undoes changes to protected paths and git metadata once nothing of the command is left, and says so.
fn restore_protected(snapshot: &Snapshot, git: &GitGuard) {
    for message in snapshot.restore() {
        report("protected", &message);
    }
    for message in git.sweep() {
        report("git", &message);
    }
}

fn run_direct(
    policy: &Policy,
    argv: &[CString],
    cgroup: &Option<Cgroup>,
    own_limits: &OwnLimits,
    git: &GitPlan,
) -> Outcome {
    let me = sys::process_id();
    let runtime = sys::parent_process_id();
    let snapshot = Snapshot::take(&policy.protected, &policy.writable_roots)
        .map_err(|message| ("protected", message))?;
    let git = git.hold();
    let child = sys::fork_process().map_err(|error| ("launcher", format!("fork: {error}")))?;
    if child == 0 {
        if let Err(message) = supervisor::die_with_parent(Some(me)) {
            fail_child("launcher", &message);
        }
        join_cgroup_and_cwd(policy, cgroup);
        // Without a pid namespace the launcher and the runtime are visible by pid: keep them out of reach.
        let outside = [me, runtime];
        exec_command(policy, argv, false, false, cgroup.is_some(), &outside);
    }
    supervisor::forward_signals_to(child, false);
    let status = supervisor::wait_for(child).map_err(|message| ("launcher", message));
    own_limits.restore();
    supervisor::kill_descendants();
    restore_protected(&snapshot, &git);
    status
}

fn run_namespaced(
    policy: &Policy,
    argv: &[CString],
    cgroup: &Option<Cgroup>,
    own_limits: &OwnLimits,
    git: &GitPlan,
) -> Outcome {
    let parent = sys::parent_process_id();
    namespaces::enter(policy).map_err(|message| ("namespaces", message))?;
    // Entering a user namespace changes credentials; re-arm the parent-death signal to be safe.
    supervisor::clean_up_when_parent_dies(parent).map_err(|message| ("launcher", message))?;
    let mounted = namespaces::mount_all(policy).map_err(|message| ("namespaces", message))?;
    // Existing protected paths are read-only mounts now; this catches the ones that did not exist yet.
    let snapshot = Snapshot::take(&policy.protected, &policy.writable_roots)
        .map_err(|message| ("protected", message))?;
    let git = git.hold();
    let (status_read, status_write) =
        sys::pipe().map_err(|error| ("launcher", format!("pipe: {error}")))?;
    let init = sys::fork_process().map_err(|error| ("launcher", format!("fork: {error}")))?;
    if init == 0 {
        sys::close_fd(status_read);
        run_init(policy, argv, cgroup, &mounted, status_write);
    }
    sys::close_fd(status_write);
    // Killing init (on the runtime's death) makes the kernel kill everything in the pid namespace.
    supervisor::forward_signals_to(init, false);
    let init_status = supervisor::wait_for(init).map_err(|message| ("launcher", message));
    own_limits.restore();
    let mut buffer = [0u8; 4];
    let status = if sys::read_fd(status_read, &mut buffer) == 4 {
        Ok(c_int::from_ne_bytes(buffer))
    } else {
        init_status
    };
    sys::close_fd(status_read);
    restore_protected(&snapshot, &git);
    status
}

/// Pid 1 of the new pid namespace: mounts /proc, starts the command, reaps orphans, relays signals. When it exits
/// the kernel kills everything left in the namespace.
fn run_init(
    policy: &Policy,
    argv: &[CString],
    cgroup: &Option<Cgroup>,
    mounted: &Mounted,
    status_write: c_int,
) -> ! {
    // Our parent is outside the pid namespace, so getppid() reads 0 here and cannot be compared.
    if let Err(message) = supervisor::die_with_parent(None) {
        fail_child("launcher", &message);
    }
    join_cgroup_and_cwd(policy, cgroup);
    if namespaces::mount_proc() && policy.pids_max > 0 && limits::pid_max_is_per_namespace() {
        if let Err(message) = limits::limit_pid_namespace(policy.pids_max) {
            fail_child("limits", &message);
        }
    }
    let me: Pid = sys::process_id();
    let command = match sys::fork_process() {
        Ok(pid) => pid,
        Err(error) => fail_child("launcher", &format!("fork: {error}")),
    };
    if command == 0 {
        if let Err(message) = supervisor::die_with_parent(Some(me)) {
            fail_child("launcher", &message);
        }
        sys::close_fd(status_write);
        exec_command(policy, argv, mounted.private_dev_shm, mounted.private_devpts, cgroup.is_some(), &[]);
    }
    supervisor::forward_signals_to(command, false);
    match supervisor::wait_for(command) {
        Ok(status) => {
            sys::write_fd(status_write, &status.to_ne_bytes());
            sys::exit_now(sys::exit_code_of(status))
        }
        Err(message) => fail_child("launcher", &message),
    }
}

//! Process plumbing: signal forwarding, reaping, and killing every descendant once the command is done.

use crate::sys::{self, Pid, Waited};
use std::collections::{HashMap, HashSet};
use std::os::raw::c_int;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

static FORWARD_TO: AtomicI32 = AtomicI32::new(0);
/// The command leads its own process group: signals go to the whole group.
static FORWARD_TO_GROUP: AtomicBool = AtomicBool::new(false);
static PARENT_DIED: AtomicBool = AtomicBool::new(false);

/// What the kernel sends the launcher when the runtime dies (SIGRTMIN + 6): unlike SIGKILL it can be caught, so
/// the launcher takes the command down first, then everything the command left behind (orphans re-parent to the
/// launcher, a child subreaper), restores protected paths, and only then exits.
pub const PARENT_DEATH_SIGNAL: c_int = 40;

extern "C" fn forward(signal: c_int) {
    let pid = FORWARD_TO.load(Ordering::Relaxed);
    if pid > 0 {
        if FORWARD_TO_GROUP.load(Ordering::Relaxed) {
            sys::send_signal(-pid, signal);
        }
        sys::send_signal(pid, signal);
    }
}

extern "C" fn parent_died(_: c_int) {
    PARENT_DIED.store(true, Ordering::Relaxed);
    let pid = FORWARD_TO.load(Ordering::Relaxed);
    if pid > 0 {
        // Freeze before killing, so nothing in the group can react to the command's death; the frozen rest is
        // killed by `kill_descendants` once the command has been reaped.
        if FORWARD_TO_GROUP.load(Ordering::Relaxed) {
            sys::send_signal(-pid, sys::SIGSTOP);
        }
        sys::send_signal(pid, sys::SIGSTOP);
        sys::send_signal(pid, sys::SIGKILL);
    }
}

/// Relays the usual job-control and termination signals to `pid` (and its group when `group`). If the runtime
/// died before `pid` existed, kills it at once.
pub fn forward_signals_to(pid: Pid, group: bool) {
    FORWARD_TO_GROUP.store(group, Ordering::Relaxed);
    FORWARD_TO.store(pid, Ordering::Relaxed);
    if PARENT_DIED.load(Ordering::Relaxed) {
        parent_died(PARENT_DEATH_SIGNAL);
    }
    for signal in [
        sys::SIGHUP,
        sys::SIGINT,
        sys::SIGQUIT,
        sys::SIGTERM,
        sys::SIGUSR1,
        sys::SIGUSR2,
        sys::SIGWINCH,
    ] {
        sys::set_signal_handler(signal, forward);
    }
}

/// Arms "kill me when my parent dies" and checks the parent did not die already.
pub fn die_with_parent(expected_parent: Option<Pid>) -> Result<(), String> {
    sys::prctl4(sys::PR_SET_PDEATHSIG, sys::SIGKILL as u64, 0, 0, 0)
        .map_err(|error| format!("cannot set the parent-death signal: {error}"))?;
    if let Some(parent) = expected_parent {
        if sys::parent_process_id() != parent {
            return Err("the parent exited during start-up".into());
        }
    }
    Ok(())
}

/// For the launcher itself: when the runtime (`expected_parent`) dies, kill the command and clean up instead of
/// dying at once (see [`PARENT_DEATH_SIGNAL`]). Checks the parent did not die already.
pub fn clean_up_when_parent_dies(expected_parent: Pid) -> Result<(), String> {
    sys::set_signal_handler(PARENT_DEATH_SIGNAL, parent_died);
    sys::prctl4(sys::PR_SET_PDEATHSIG, PARENT_DEATH_SIGNAL as u64, 0, 0, 0)
        .map_err(|error| format!("cannot set the parent-death signal: {error}"))?;
    if sys::parent_process_id() != expected_parent {
        return Err("the parent exited during start-up".into());
    }
    Ok(())
}

/// Reaps children (including orphans re-parented to us) until `main` exits; returns its wait status.
pub fn wait_for(main: Pid) -> Result<c_int, String> {
    loop {
        match sys::wait_any(-1, true) {
            Ok(Waited::Child(pid, status)) if pid == main => return Ok(status),
            Ok(Waited::Child(..)) | Ok(Waited::Interrupted) | Ok(Waited::NoneReady) => continue,
            Ok(Waited::NoChildren) => return Err("the command's process vanished".into()),
            Err(error) => return Err(format!("waitpid: {error}")),
        }
    }
}

/// Parent pid of every process, from /proc.
fn parents() -> HashMap<Pid, Pid> {
    let mut map = HashMap::new();
    let entries = match std::fs::read_dir("/proc") {
        Ok(entries) => entries,
        Err(_) => return map,
    };
    for entry in entries.flatten() {
        let pid: Pid = match entry
            .file_name()
            .to_str()
            .and_then(|name| name.parse().ok())
        {
            Some(pid) => pid,
            None => continue,
        };
        let stat = match std::fs::read_to_string(entry.path().join("stat")) {
            Ok(stat) => stat,
            Err(_) => continue,
        };
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        let parent = stat
            .rfind(')')
            .and_then(|end| stat[end + 1..].split_whitespace().nth(1))
            .and_then(|text| text.parse().ok());
        if let Some(parent) = parent {
            map.insert(pid, parent);
        }
    }
    map
}

/// Descendants of `root`, parents before their children.
fn descendants_of(root: Pid) -> Vec<Pid> {
    let parents = parents();
    let mut found: Vec<Pid> = Vec::new();
    let mut seen: HashSet<Pid> = HashSet::new();
    let mut next = 0;
    let mut current = root;
    loop {
        for (child, parent) in &parents {
            if *parent == current && seen.insert(*child) {
                found.push(*child);
            }
        }
        match found.get(next) {
            Some(pid) => current = *pid,
            None => return found,
        }
        next += 1;
    }
}

/// The scheduler state letter of `pid` (`R`, `S`, `T`, `Z`, …), or None once it is gone.
fn state_of(pid: Pid) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rfind(')')
        .and_then(|end| stat[end + 1..].split_whitespace().next())
        .and_then(|state| state.chars().next())
}

/// Waits (briefly, bounded) until a SIGSTOP sent to `pid` has taken effect.
fn wait_until_stopped(pid: Pid) {
    for _ in 0..2000 {
        match state_of(pid) {
            Some('R') | Some('S') | Some('D') | Some('I') => std::thread::yield_now(),
            _ => return,
        }
    }
}

/// Kills every process below us. As a child subreaper, every orphan of the command is re-parented to us, so "no
/// children left" means "no descendants left". Each round first freezes them (SIGSTOP, parents before children,
/// until no new one appears: a stopped process can neither fork nor react), then kills them all: killed one by one,
/// a shell whose `sleep` died first would run its next command (`sleep 2; echo EFFECT >> f`) before its own turn.
pub fn kill_descendants() {
    let me = sys::process_id();
    for _ in 0..5000 {
        loop {
            match sys::wait_any(-1, false) {
                Ok(Waited::Child(..)) | Ok(Waited::Interrupted) => continue,
                Ok(Waited::NoChildren) | Err(_) => return,
                Ok(Waited::NoneReady) => break,
            }
        }
        let mut frozen: Vec<Pid> = Vec::new();
        for _ in 0..100 {
            let fresh: Vec<Pid> = descendants_of(me)
                .into_iter()
                .filter(|pid| !frozen.contains(pid))
                .collect();
            if fresh.is_empty() {
                break;
            }
            for pid in &fresh {
                sys::send_signal(*pid, sys::SIGSTOP);
            }
            for pid in &fresh {
                wait_until_stopped(*pid);
            }
            frozen.extend(fresh);
        }
        for pid in &frozen {
            sys::send_signal(*pid, sys::SIGKILL);
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// Ends the launcher the way the command ended: same exit code, or the same signal.
pub fn finish(status: c_int) -> c_int {
    if let Some(signal) = sys::signal_of(status) {
        sys::raise_default(signal);
    }
    sys::exit_code_of(status)
}

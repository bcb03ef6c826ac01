//! Process plumbing: signal forwarding, reaping, and killing every descendant once the command is done.

use crate::sys::{self, Pid, Waited};
use std::collections::{HashMap, HashSet};
use std::os::raw::c_int;
use std::sync::atomic::{AtomicI32, Ordering};

static FORWARD_TO: AtomicI32 = AtomicI32::new(0);

extern "C" fn forward(signal: c_int) {
    let pid = FORWARD_TO.load(Ordering::Relaxed);
    if pid > 0 {
        sys::send_signal(pid, signal);
    }
}

/// Relays the usual job-control and termination signals to `pid`.
pub fn forward_signals_to(pid: Pid) {
    FORWARD_TO.store(pid, Ordering::Relaxed);
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

fn descendants_of(root: Pid) -> Vec<Pid> {
    let parents = parents();
    let mut found: HashSet<Pid> = HashSet::new();
    let mut frontier = vec![root];
    while let Some(current) = frontier.pop() {
        for (child, parent) in &parents {
            if *parent == current && found.insert(*child) {
                frontier.push(*child);
            }
        }
    }
    found.into_iter().collect()
}

/// Kills every process below us. As a child subreaper, every orphan of the command is re-parented to us, so "no
/// children left" means "no descendants left".
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
        for pid in descendants_of(me) {
            sys::send_signal(pid, sys::SIGKILL);
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

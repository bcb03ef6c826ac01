//! `art-sandbox --supervise -- CMD [ARGS...]`: no sandbox layers, only the guarantee that nothing the command
//! starts outlives the runtime. For commands that run unsandboxed (full-access, an approved escalation).
//!
//! The launcher stays as the command's parent and a child subreaper (every orphan of the command re-parents to it),
//! and the command dies by SIGKILL when the launcher dies. Process groups: when the launcher leads its own group
//! (the runtime spawns it detached), the command stays in it, so a SIGKILL the runtime sends to that group reaches
//! the whole tree; otherwise the command gets a new session and group of its own, unless the launcher runs on a
//! terminal (where the command keeps the terminal's job control). When the runtime dies, the launcher kills the
//! command (and its group, when it has its own), then every remaining descendant, then exits; when the command
//! exits, the same clean-up runs.

use crate::launch::LAUNCHER_FAILED;
use crate::supervisor;
use crate::sys;
use std::ffi::CString;
use std::os::raw::c_int;

fn report(message: &str) {
    eprintln!("art-sandbox: supervise: {message}");
}

/// Runs `argv` under supervision; returns the exit code (or dies by the command's signal).
pub fn run(argv: &[CString]) -> c_int {
    let parent = sys::parent_process_id();
    if let Err(message) = supervisor::clean_up_when_parent_dies(parent) {
        report(&message);
        return LAUNCHER_FAILED;
    }
    if let Err(error) = sys::prctl4(sys::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) {
        report(&format!("cannot become a child subreaper: {error}"));
        return LAUNCHER_FAILED;
    }
    let me = sys::process_id();
    let own_group = sys::process_group() != me && !sys::is_terminal(0);
    let child = match sys::fork_process() {
        Ok(pid) => pid,
        Err(error) => {
            report(&format!("fork: {error}"));
            return LAUNCHER_FAILED;
        }
    };
    if child == 0 {
        if let Err(message) = supervisor::die_with_parent(Some(me)) {
            report(&message);
            sys::exit_now(LAUNCHER_FAILED);
        }
        if own_group {
            if let Err(error) = sys::new_session() {
                report(&format!("setsid: {error}"));
                sys::exit_now(LAUNCHER_FAILED);
            }
        }
        sys::reset_signal_default(sys::SIGPIPE); // Rust ignores SIGPIPE; the command must not inherit that
        let error = sys::exec(argv);
        let program = argv
            .first()
            .map(|arg| arg.to_string_lossy().into_owned())
            .unwrap_or_default();
        eprintln!("art-sandbox: exec: {program}: {error}");
        sys::exit_now(if error.kind() == std::io::ErrorKind::NotFound {
            127
        } else {
            126
        });
    }
    supervisor::forward_signals_to(child, own_group);
    let status = supervisor::wait_for(child);
    if own_group {
        sys::send_signal(-child, sys::SIGKILL);
    }
    supervisor::kill_descendants();
    match status {
        Ok(status) => supervisor::finish(status),
        Err(message) => {
            report(&message);
            LAUNCHER_FAILED
        }
    }
}

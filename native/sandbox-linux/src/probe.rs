//! `art-sandbox --probe`: which layers this machine offers, as one JSON line. Each layer is tried for real in a
//! throwaway child, so the answer matches what a launch would get.

use crate::limits::{self, Cgroup};
use crate::policy::{Network, Policy};
use crate::sys::{self, Waited};
use crate::{landlock, namespaces, seccomp};

fn escape(text: &str) -> String {
    let mut out = String::from("\"");
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Runs `body` in a child; Ok when it exits 0, else the message it left on the pipe.
fn in_child(body: fn() -> Result<(), String>) -> Result<(), String> {
    let (read_end, write_end) = sys::pipe().map_err(|error| format!("pipe: {error}"))?;
    let child = sys::fork_process().map_err(|error| format!("fork: {error}"))?;
    if child == 0 {
        sys::close_fd(read_end);
        match body() {
            Ok(()) => sys::exit_now(0),
            Err(message) => {
                sys::write_fd(write_end, message.as_bytes());
                sys::exit_now(1)
            }
        }
    }
    sys::close_fd(write_end);
    let mut message = Vec::new();
    let mut buffer = [0u8; 512];
    loop {
        let count = sys::read_fd(read_end, &mut buffer);
        if count <= 0 {
            break;
        }
        message.extend_from_slice(&buffer[..count as usize]);
    }
    sys::close_fd(read_end);
    let status = loop {
        match sys::wait_any(child, true) {
            Ok(Waited::Child(_, status)) => break status,
            Ok(Waited::Interrupted) => continue,
            _ => return Err("the probe child vanished".into()),
        }
    };
    if status == 0 {
        Ok(())
    } else if message.is_empty() {
        Err(format!("the probe child ended with status {status}"))
    } else {
        Err(String::from_utf8_lossy(&message).into_owned())
    }
}

fn probe_policy() -> Policy {
    Policy::bare(true, Network::None)
}

fn try_seccomp() -> Result<(), String> {
    sys::prctl4(sys::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        .map_err(|error| format!("no_new_privs: {error}"))?;
    seccomp::install(&probe_policy(), &[])
}

fn try_namespaces() -> Result<(), String> {
    let policy = probe_policy();
    namespaces::enter(&policy)?;
    namespaces::mount_all(&policy)?;
    in_child(|| {
        if namespaces::mount_proc() {
            Ok(())
        } else {
            Err("cannot mount /proc in a new pid namespace".into())
        }
    })
}

fn json_result(result: &Result<(), String>) -> (bool, String) {
    match result {
        Ok(()) => (true, "null".into()),
        Err(message) => (false, escape(message)),
    }
}

/// The probe's JSON document.
pub fn report() -> String {
    let (seccomp_ok, seccomp_error) = json_result(&if seccomp::supported_arch() {
        in_child(try_seccomp)
    } else {
        Err("no seccomp table for this architecture".into())
    });
    let (userns_ok, userns_error) = json_result(&in_child(try_namespaces));
    let cgroup = Cgroup::create(64).map(|cgroup| cgroup.version);
    format!(
        "{{\"version\":1,\"arch\":{},\"landlock_abi\":{},\"seccomp\":{},\"seccomp_error\":{},\"user_namespaces\":{},\"user_namespaces_error\":{},\"cgroup_pids\":{},\"pid_max_per_namespace\":{},\"uid\":{}}}",
        escape(std::env::consts::ARCH),
        landlock::abi_version(),
        seccomp_ok,
        seccomp_error,
        userns_ok,
        userns_error,
        cgroup.map_or("null".to_string(), |version| version.to_string()),
        limits::pid_max_is_per_namespace(),
        sys::user_id(),
    )
}

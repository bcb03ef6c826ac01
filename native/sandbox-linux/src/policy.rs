//! The launcher's input. The TypeScript side (`src/sandbox/launcher-policy.ts`) owns this schema; keep both in step.

use crate::json::Value;
use std::path::PathBuf;

/// Network access the sandboxed command gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Network {
    /// No sockets except Unix stream/seqpacket pairs; no connect/bind/listen/accept at all.
    None,
    /// Unrestricted.
    Full,
}

/// One launch request.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Use user, mount, pid (and, when the network is off, net) namespaces.
    pub namespaces: bool,
    pub network: Network,
    /// The only places writes may happen.
    pub writable_roots: Vec<PathBuf>,
    /// When set, reads are allowed only beneath these (and the writable roots); otherwise everywhere not denied.
    pub readable_roots: Option<Vec<PathBuf>>,
    /// Hidden (namespaces) and unreadable (Landlock).
    pub deny_read: Vec<PathBuf>,
    /// Kept read-only although they sit inside writable roots (needs namespaces).
    pub protected: Vec<PathBuf>,
    /// Writable roots to search for git repositories before and after the command (the session's temp dir is
    /// left out: what the command does to git there is its own business).
    pub git_roots: Vec<PathBuf>,
    /// Upper bound on processes and threads; 0 means no bound.
    pub pids_max: u64,
    /// `cgroup.procs` files of the session's cgroups (one per hierarchy) the launcher joins before anything else,
    /// so the command and everything it starts share the session's memory, pids and cpu limits.
    pub cgroup_procs: Vec<PathBuf>,
    /// Working directory of the command, entered after the mounts are in place.
    pub cwd: PathBuf,
}

const VERSION: f64 = 2.0;

fn absolute_path(value: &Value, field: &str) -> Result<PathBuf, String> {
    match value {
        Value::String(text) if text.starts_with('/') && !text.contains('\0') => {
            Ok(PathBuf::from(text))
        }
        _ => Err(format!("policy field {field} must hold absolute paths")),
    }
}

fn path_list(value: &Value, field: &str) -> Result<Vec<PathBuf>, String> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| absolute_path(item, field))
            .collect(),
        _ => Err(format!(
            "policy field {field} must be an array of absolute paths"
        )),
    }
}

/// Session cgroup files: only `cgroup.procs` files below `/sys/fs/cgroup`, so a policy cannot aim the launcher's
/// write of its own pid at any other file.
fn cgroup_procs(value: &Value, field: &str) -> Result<Vec<PathBuf>, String> {
    let paths = path_list(value, field)?;
    for path in &paths {
        let text = path.to_string_lossy();
        let inside = text.starts_with("/sys/fs/cgroup/") && !text.split('/').any(|part| part == "..");
        if !inside || path.file_name().map(|name| name != "cgroup.procs").unwrap_or(true) {
            return Err(format!(
                "policy field {field} must name cgroup.procs files below /sys/fs/cgroup, got {text}"
            ));
        }
    }
    Ok(paths)
}

impl Policy {
    /// A policy that allows nothing to be written and asks for nothing else: the base the parser, the probe and
    /// the tests fill in.
    pub fn bare(namespaces: bool, network: Network) -> Policy {
        Policy {
            namespaces,
            network,
            writable_roots: Vec::new(),
            readable_roots: None,
            deny_read: Vec::new(),
            protected: Vec::new(),
            git_roots: Vec::new(),
            pids_max: 0,
            cgroup_procs: Vec::new(),
            cwd: PathBuf::from("/"),
        }
    }

    /// Reads and validates a policy document; unknown fields are errors so a newer TS side fails loudly.
    pub fn from_json(value: &Value) -> Result<Policy, String> {
        let entries = match value {
            Value::Object(entries) => entries,
            _ => return Err("policy must be a JSON object".into()),
        };
        let mut policy = Policy::bare(false, Network::None);
        let mut saw_version = false;
        let mut saw_cwd = false;
        for (key, value) in entries {
            match (key.as_str(), value) {
                ("version", Value::Number(number)) if *number == VERSION => saw_version = true,
                ("version", _) => {
                    return Err("unsupported policy version (this launcher reads version 2)".into())
                }
                ("namespaces", Value::Bool(flag)) => policy.namespaces = *flag,
                ("network", Value::String(text)) if text == "none" => {
                    policy.network = Network::None
                }
                ("network", Value::String(text)) if text == "full" => {
                    policy.network = Network::Full
                }
                ("writable_roots", value) => policy.writable_roots = path_list(value, key)?,
                ("readable_roots", Value::Null) => policy.readable_roots = None,
                ("readable_roots", value) => policy.readable_roots = Some(path_list(value, key)?),
                ("deny_read", value) => policy.deny_read = path_list(value, key)?,
                ("protected", value) => policy.protected = path_list(value, key)?,
                ("git_roots", value) => policy.git_roots = path_list(value, key)?,
                ("pids_max", Value::Number(number)) if *number >= 0.0 && number.fract() == 0.0 => {
                    policy.pids_max = *number as u64
                }
                ("cgroup_procs", value) => policy.cgroup_procs = cgroup_procs(value, key)?,
                ("cwd", value) => {
                    policy.cwd = absolute_path(value, key)?;
                    saw_cwd = true;
                }
                (other, _) => return Err(format!("unknown or invalid policy field {other}")),
            }
        }
        if !saw_version {
            return Err("policy has no version".into());
        }
        if !saw_cwd {
            return Err("policy has no cwd".into());
        }
        Ok(policy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn reads_a_full_policy() {
        let text = r#"{"version":2,"namespaces":true,"network":"full","writable_roots":["/w","/t"],
            "readable_roots":null,"deny_read":["/h/.ssh"],"protected":["/w/.git/hooks"],"git_roots":["/w"],
            "pids_max":64,"cgroup_procs":["/sys/fs/cgroup/pids/art-session-1/cgroup.procs"],"cwd":"/w"}"#;
        let policy = Policy::from_json(&parse(text).unwrap()).unwrap();
        assert_eq!(
            policy,
            Policy {
                namespaces: true,
                network: Network::Full,
                writable_roots: vec!["/w".into(), "/t".into()],
                readable_roots: None,
                deny_read: vec!["/h/.ssh".into()],
                protected: vec!["/w/.git/hooks".into()],
                git_roots: vec!["/w".into()],
                pids_max: 64,
                cgroup_procs: vec!["/sys/fs/cgroup/pids/art-session-1/cgroup.procs".into()],
                cwd: "/w".into(),
            }
        );
    }

    #[test]
    fn rejects_relative_paths_unknown_fields_and_versions() {
        for text in [
            r#"{"version":2,"cwd":"/","writable_roots":["w"]}"#,
            r#"{"version":2,"cwd":"/","extra":true}"#,
            r#"{"version":1,"cwd":"/"}"#,
            r#"{"version":2,"cwd":"/","git_roots":["w"]}"#,
            r#"{"cwd":"/"}"#,
            r#"{"version":2,"cwd":"/","network":"some"}"#,
            r#"{"version":2,"cwd":"/","cgroup_procs":["/etc/passwd"]}"#,
            r#"{"version":2,"cwd":"/","cgroup_procs":["/sys/fs/cgroup/../../etc/cgroup.procs"]}"#,
            r#"{"version":2,"cwd":"/","cgroup_procs":["/sys/fs/cgroup/memory/x/tasks"]}"#,
        ] {
            assert!(Policy::from_json(&parse(text).unwrap()).is_err(), "{text}");
        }
    }
}

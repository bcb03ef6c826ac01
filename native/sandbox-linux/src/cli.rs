//! Command line: `art-sandbox --policy JSON -- CMD [ARGS...]`, `--probe`, `--version`.

use crate::json;
use crate::launch::{self, LAUNCHER_FAILED};
use crate::policy::Policy;
use crate::probe;
use crate::supervise;
use std::ffi::{CString, OsString};
use std::os::unix::ffi::OsStrExt;

const USAGE: &str = "usage: art-sandbox --policy JSON -- COMMAND [ARGS...]\n       art-sandbox --supervise -- COMMAND [ARGS...]\n       art-sandbox --probe\n       art-sandbox --version";

/// Returns the process exit code.
pub fn main(args: Vec<OsString>) -> i32 {
    let first = args.first().map(|arg| arg.as_bytes());
    match first {
        Some(b"--probe") if args.len() == 1 => {
            println!("{}", probe::report());
            0
        }
        Some(b"--version") if args.len() == 1 => {
            println!(
                "art-sandbox {} (policy version 2)",
                env!("CARGO_PKG_VERSION")
            );
            0
        }
        Some(b"--help") | Some(b"-h") => {
            println!("{USAGE}");
            0
        }
        Some(b"--policy") => run(&args),
        Some(b"--supervise") => supervise(&args),
        _ => {
            eprintln!("art-sandbox: usage: {USAGE}");
            LAUNCHER_FAILED
        }
    }
}

fn command_line(args: &[OsString]) -> Option<Vec<CString>> {
    let mut argv = Vec::new();
    for arg in args {
        match CString::new(arg.as_bytes()) {
            Ok(arg) => argv.push(arg),
            Err(_) => {
                eprintln!("art-sandbox: exec: an argument contains a NUL byte");
                return None;
            }
        }
    }
    Some(argv)
}

fn supervise(args: &[OsString]) -> i32 {
    if args.get(1).map(|arg| arg.as_bytes()) != Some(b"--") || args.len() < 3 {
        eprintln!("art-sandbox: usage: {USAGE}");
        return LAUNCHER_FAILED;
    }
    match command_line(&args[2..]) {
        Some(argv) => supervise::run(&argv),
        None => LAUNCHER_FAILED,
    }
}

fn run(args: &[OsString]) -> i32 {
    let text = match args.get(1).and_then(|arg| arg.to_str()) {
        Some(text) => text,
        None => {
            eprintln!("art-sandbox: policy: --policy needs a UTF-8 JSON argument");
            return LAUNCHER_FAILED;
        }
    };
    if args.get(2).map(|arg| arg.as_bytes()) != Some(b"--") || args.len() < 4 {
        eprintln!("art-sandbox: usage: {USAGE}");
        return LAUNCHER_FAILED;
    }
    let policy = match json::parse(text).and_then(|value| Policy::from_json(&value)) {
        Ok(policy) => policy,
        Err(message) => {
            eprintln!("art-sandbox: policy: {message}");
            return LAUNCHER_FAILED;
        }
    };
    match command_line(&args[3..]) {
        Some(argv) => launch::run(&policy, &argv),
        None => LAUNCHER_FAILED,
    }
}

//! `art-sandbox`: Agent Runtime's Linux sandbox launcher. See README.md for the policy and the layers.

#[cfg(target_os = "linux")]
mod cli;
#[cfg(target_os = "linux")]
mod bpf;
mod directory;
#[cfg(target_os = "linux")]
mod git_config;
#[cfg(target_os = "linux")]
mod git_discover;
#[cfg(target_os = "linux")]
mod git_sweep;
mod json;
#[cfg(target_os = "linux")]
mod landlock;
#[cfg(target_os = "linux")]
mod launch;
#[cfg(target_os = "linux")]
mod limits;
#[cfg(target_os = "linux")]
mod namespaces;
mod policy;
#[cfg(target_os = "linux")]
mod probe;
#[cfg(target_os = "linux")]
mod put_back;
#[cfg(target_os = "linux")]
mod restore;
#[cfg(target_os = "linux")]
mod seccomp;
#[cfg(target_os = "linux")]
mod snapshot;
#[cfg(target_os = "linux")]
mod supervise;
#[cfg(target_os = "linux")]
mod supervisor;
#[cfg(target_os = "linux")]
mod sys;
#[cfg(target_os = "linux")]
mod syscalls;

#[cfg(target_os = "linux")]
fn main() {
    std::process::exit(cli::main(std::env::args_os().skip(1).collect()));
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("art-sandbox: launcher: this launcher only runs on Linux");
    std::process::exit(125);
}

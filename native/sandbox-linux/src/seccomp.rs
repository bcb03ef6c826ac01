//! seccomp: a classic-BPF filter refusing escape primitives and, when the network is off, sockets.

use crate::bpf::{
    emit_rule, jump, low, statement, Instruction, Rule, Test, JMP_JEQ_K, JMP_JGE_K, LD_W_ABS,
    OFFSET_ARCH, OFFSET_NR, RET_ALLOW, RET_ERRNO, RET_KILL_PROCESS, RET_K,
};
use crate::policy::{Network, Policy};
use crate::sys::{self, Pid};
use crate::syscalls::{Table, TABLE};

const AF_UNIX: u32 = 1;
/// The socket type lives in the low 4 bits; SOCK_NONBLOCK and SOCK_CLOEXEC above them.
const SOCK_TYPE_MASK: u32 = 0xf;
const SOCK_STREAM: u32 = 1;
const SOCK_SEQPACKET: u32 = 5;
const TIOCSTI: u32 = 0x5412;
const TIOCLINUX: u32 = 0x541C;
/// CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET (CLONE_NEWTIME only exists for clone3,
/// which is refused, and unshare, which is refused).
const CLONE_NAMESPACES: u32 =
    0x0002_0000 | 0x0200_0000 | 0x0400_0000 | 0x0800_0000 | 0x1000_0000 | 0x2000_0000 | 0x4000_0000;
const SET_ID_BITS: u32 = 0o6000;
const S_IFMT: u32 = 0o170_000;
const S_IFCHR: u32 = 0o020_000;
const S_IFBLK: u32 = 0o060_000;

#[repr(C)]
struct Program {
    len: u16,
    filter: *const Instruction,
}

fn simple(number: u32, errno: u32) -> Rule {
    Rule {
        number,
        conditions: Vec::new(),
        errno,
    }
}

fn refuse_when(number: u32, conditions: Vec<crate::bpf::Condition>) -> Rule {
    Rule {
        number,
        conditions,
        errno: sys::EPERM,
    }
}

fn rules_for(table: &Table, policy: &Policy, outside: &[Pid]) -> Vec<Rule> {
    let mut rules: Vec<Rule> = Vec::new();
    rules.extend(
        table
            .denied
            .iter()
            .map(|number| simple(*number, sys::EPERM)),
    );
    rules.extend(
        table
            .not_implemented
            .iter()
            .map(|number| simple(*number, sys::ENOSYS)),
    );
    rules.push(refuse_when(
        table.clone,
        vec![low(0, Test::AnyBitSet(CLONE_NAMESPACES))],
    ));
    for request in [TIOCSTI, TIOCLINUX] {
        rules.push(refuse_when(table.ioctl, vec![low(1, Test::Equals(request))]));
    }
    for (number, argument) in table.mode_setters {
        rules.push(refuse_when(
            *number,
            vec![low(*argument, Test::AnyBitSet(SET_ID_BITS))],
        ));
    }
    for (number, argument) in table.node_makers {
        rules.push(refuse_when(
            *number,
            vec![low(*argument, Test::AnyBitSet(SET_ID_BITS))],
        ));
        for kind in [S_IFCHR, S_IFBLK] {
            rules.push(refuse_when(
                *number,
                vec![low(*argument, Test::MaskedEquals(S_IFMT, kind))],
            ));
        }
    }
    rules.extend(process_rules(table, policy, outside));
    if policy.network == Network::None {
        rules.extend(network_rules(table));
    }
    rules
}

/// Limits on acting on other processes. Everywhere: resource limits only of the caller itself (`prlimit64` with
/// pid 0; `setrlimit` has no pid, and raising a hard limit needs CAP_SYS_RESOURCE, which is dropped). In the
/// fallback, where the launcher, the runtime and every other process of the user are visible: no signals or pidfds
/// aimed at the launcher or the runtime (Landlock ABI 6 scopes signals on newer kernels as well), no `kill(-1)`,
/// and scheduling, priority and memory-placement calls only for the caller (pid 0).
fn process_rules(table: &Table, policy: &Policy, outside: &[Pid]) -> Vec<Rule> {
    let mut rules = vec![refuse_when(table.prlimit, vec![low(0, Test::NotEquals(0))])];
    if policy.namespaces {
        return rules; // the pid namespace shows no process but the sandbox's own
    }
    for pid in outside {
        for (number, argument) in table.signal_senders {
            rules.push(refuse_when(
                *number,
                vec![low(*argument, Test::Equals(*pid as u32))],
            ));
        }
        // kill(-pgid): the launcher leads its process group, and the runtime often does.
        let (kill, _) = table.signal_senders[0];
        rules.push(refuse_when(
            kill,
            vec![low(0, Test::Equals(pid.wrapping_neg() as u32))],
        ));
    }
    let (kill, _) = table.signal_senders[0];
    rules.push(refuse_when(kill, vec![low(0, Test::Equals(u32::MAX))]));
    for number in table.pid_actions {
        rules.push(refuse_when(*number, vec![low(0, Test::NotEquals(0))]));
    }
    for (number, one_process) in table.priority_setters {
        rules.push(refuse_when(
            *number,
            vec![low(0, Test::NotEquals(*one_process))],
        ));
        rules.push(refuse_when(*number, vec![low(1, Test::NotEquals(0))]));
    }
    rules
}

/// With the network off: Unix sockets only, and of those only stream and seqpacket (a datagram socket could send
/// to a named socket outside, and `sendmsg`'s address is out of the filter's reach; `SOCK_RAW` on AF_UNIX is
/// silently a datagram socket), no connect/bind/listen/accept, no `sendto` with an address.
fn network_rules(table: &Table) -> Vec<Rule> {
    let mut rules = Vec::new();
    for number in [table.socket, table.socketpair] {
        rules.push(refuse_when(number, vec![low(0, Test::NotEquals(AF_UNIX))]));
        rules.push(refuse_when(
            number,
            vec![
                low(1, Test::MaskedNotEquals(SOCK_TYPE_MASK, SOCK_STREAM)),
                low(1, Test::MaskedNotEquals(SOCK_TYPE_MASK, SOCK_SEQPACKET)),
            ],
        ));
    }
    rules.extend(
        table
            .network_calls
            .iter()
            .map(|number| simple(*number, sys::EPERM)),
    );
    for high_word in [false, true] {
        let condition = crate::bpf::Condition {
            argument: 4,
            high_word,
            test: Test::NotEquals(0),
        };
        rules.push(refuse_when(table.sendto, vec![condition]));
    }
    rules
}

/// Builds the filter program for `policy` on this architecture. `outside` names processes outside the sandbox the
/// command could otherwise address by pid (the launcher and the runtime; empty with a pid namespace).
pub fn build(policy: &Policy, outside: &[Pid]) -> Result<Vec<Instruction>, String> {
    let table =
        TABLE.ok_or_else(|| "seccomp filters are not built for this architecture".to_string())?;
    let mut program = vec![
        statement(LD_W_ABS, OFFSET_ARCH),
        jump(JMP_JEQ_K, table.audit_arch, 1, 0),
        statement(RET_K, RET_KILL_PROCESS),
    ];
    if let Some(bit) = table.x32_bit {
        program.push(statement(LD_W_ABS, OFFSET_NR));
        program.push(jump(JMP_JGE_K, bit, 0, 1));
        program.push(statement(RET_K, RET_ERRNO | sys::EPERM));
    }
    for rule in rules_for(&table, policy, outside) {
        emit_rule(&rule, &mut program)?;
    }
    program.push(statement(RET_K, RET_ALLOW));
    if program.len() > 4096 {
        return Err("seccomp program too long".into());
    }
    Ok(program)
}

/// Installs the filter on the calling thread; inherited by every child. Needs no_new_privs.
pub fn install(policy: &Policy, outside: &[Pid]) -> Result<(), String> {
    let program = build(policy, outside)?;
    let header = Program {
        len: program.len() as u16,
        filter: program.as_ptr(),
    };
    sys::prctl_seccomp(&header as *const Program as *const std::os::raw::c_void)
        .map_err(|error| format!("cannot install the filter: {error}"))
}

/// True when this kernel accepts seccomp filters (checked in a throwaway child by the probe).
pub fn supported_arch() -> bool {
    TABLE.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bpf::run;
    use crate::policy::Policy;

    fn policy(network: Network) -> Policy {
        Policy::bare(false, network)
    }

    #[test]
    fn decides_like_the_policy_says() {
        let table = TABLE.unwrap();
        let arch = table.audit_arch;
        let none = build(&policy(Network::None), &[]).unwrap();
        let full = build(&policy(Network::Full), &[]).unwrap();
        let eperm = RET_ERRNO | sys::EPERM;
        assert_eq!(run(&none, arch, table.denied[0], [0; 6]), eperm);
        assert_eq!(run(&none, 0x4000_0003, 0, [0; 6]), RET_KILL_PROCESS);
        assert_eq!(run(&none, arch, table.socket, [2, 1, 0, 0, 0, 0]), eperm);
        assert_eq!(
            run(&none, arch, table.socket, [1, 1 | 0x80000, 0, 0, 0, 0]),
            RET_ALLOW
        );
        assert_eq!(
            run(&full, arch, table.socket, [2, 1, 0, 0, 0, 0]),
            RET_ALLOW
        );
        assert_eq!(
            run(&none, arch, table.sendto, [3, 0, 0, 0, 1 << 32, 0]),
            eperm
        );
        assert_eq!(
            run(&none, arch, table.sendto, [3, 0, 0, 0, 0, 0]),
            RET_ALLOW
        );
        assert_eq!(
            run(&full, arch, table.clone, [0x1000_0000 | 17, 0, 0, 0, 0, 0]),
            eperm
        );
        assert_eq!(
            run(&full, arch, table.clone, [0x01200011, 0, 0, 0, 0, 0]),
            RET_ALLOW
        );
        let (chmod_like, mode_argument) = table.mode_setters[0];
        let mut args = [0u64; 6];
        args[mode_argument as usize] = 0o4755;
        assert_eq!(run(&full, arch, chmod_like, args), eperm);
        args[mode_argument as usize] = 0o755;
        assert_eq!(run(&full, arch, chmod_like, args), RET_ALLOW);
        assert_eq!(
            run(&full, arch, table.not_implemented[0], [0; 6]),
            RET_ERRNO | sys::ENOSYS
        );
        assert_eq!(run(&full, arch, 0, [0; 6]), RET_ALLOW);
    }

    #[test]
    fn allows_only_unix_stream_and_seqpacket_without_network() {
        let table = TABLE.unwrap();
        let arch = table.audit_arch;
        let none = build(&policy(Network::None), &[]).unwrap();
        let eperm = RET_ERRNO | sys::EPERM;
        const NONBLOCK: u64 = 0o4000;
        const CLOEXEC: u64 = 0o2000000;
        for number in [table.socket, table.socketpair] {
            for (kind, expected) in [
                (1, RET_ALLOW),
                (5, RET_ALLOW),
                (2, eperm),  // SOCK_DGRAM
                (3, eperm),  // SOCK_RAW: a datagram socket on AF_UNIX
                (4, eperm),  // SOCK_RDM
                (10, eperm), // SOCK_PACKET
            ] {
                for flags in [0, NONBLOCK, CLOEXEC, NONBLOCK | CLOEXEC] {
                    let args = [1, kind | flags, 0, 0, 0, 0];
                    assert_eq!(run(&none, arch, number, args), expected, "{number} {kind} {flags:#x}");
                }
            }
        }
    }

    #[test]
    fn keeps_other_processes_out_of_reach() {
        let table = TABLE.unwrap();
        let arch = table.audit_arch;
        let eperm = RET_ERRNO | sys::EPERM;
        let fallback = build(&policy(Network::Full), &[4242, 77]).unwrap();
        let namespaced = build(&Policy::bare(true, Network::Full), &[]).unwrap();
        for program in [&fallback, &namespaced] {
            assert_eq!(run(program, arch, table.prlimit, [4242, 7, 0, 0, 0, 0]), eperm);
            assert_eq!(run(program, arch, table.prlimit, [0, 7, 0, 0, 0, 0]), RET_ALLOW);
        }
        let (kill, _) = table.signal_senders[0];
        for target in [4242u64, 77, (-4242i64) as u64, (-77i64) as u64, (-1i64) as u64] {
            assert_eq!(run(&fallback, arch, kill, [target, 9, 0, 0, 0, 0]), eperm, "{target}");
            assert_eq!(run(&namespaced, arch, kill, [target, 9, 0, 0, 0, 0]), RET_ALLOW);
        }
        assert_eq!(run(&fallback, arch, kill, [4243, 9, 0, 0, 0, 0]), RET_ALLOW);
        assert_eq!(run(&fallback, arch, kill, [0, 15, 0, 0, 0, 0]), RET_ALLOW);
        for (number, _) in table.signal_senders {
            assert_eq!(run(&fallback, arch, *number, [77, 9, 9, 0, 0, 0]), eperm);
        }
        for number in table.pid_actions {
            assert_eq!(run(&fallback, arch, *number, [5000, 0, 0, 0, 0, 0]), eperm);
            assert_eq!(run(&fallback, arch, *number, [0, 0, 0, 0, 0, 0]), RET_ALLOW);
        }
        for (number, one_process) in table.priority_setters {
            let own = u64::from(*one_process);
            assert_eq!(run(&fallback, arch, *number, [own, 0, 5, 0, 0, 0]), RET_ALLOW);
            assert_eq!(run(&fallback, arch, *number, [own, 5000, 5, 0, 0, 0]), eperm);
            assert_eq!(run(&fallback, arch, *number, [own + 1, 0, 5, 0, 0, 0]), eperm);
        }
    }
}

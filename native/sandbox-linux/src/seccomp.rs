//! seccomp: a classic-BPF filter refusing escape primitives and, when the network is off, sockets.

use crate::policy::{Network, Policy};
use crate::sys;
use crate::syscalls::{Table, TABLE};

const LD_W_ABS: u16 = 0x20;
const JMP_JEQ_K: u16 = 0x15;
const JMP_JSET_K: u16 = 0x45;
const JMP_JGE_K: u16 = 0x35;
const ALU_AND_K: u16 = 0x54;
const RET_K: u16 = 0x06;

const RET_ALLOW: u32 = 0x7fff_0000;
const RET_KILL_PROCESS: u32 = 0x8000_0000;
const RET_ERRNO: u32 = 0x0005_0000;

const OFFSET_NR: u32 = 0;
const OFFSET_ARCH: u32 = 4;

const AF_UNIX: u32 = 1;
const SOCK_DGRAM: u32 = 2;
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instruction {
    code: u16,
    jt: u8,
    jf: u8,
    k: u32,
}

#[repr(C)]
struct Program {
    len: u16,
    filter: *const Instruction,
}

fn statement(code: u16, k: u32) -> Instruction {
    Instruction {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

fn jump(code: u16, k: u32, jt: u8, jf: u8) -> Instruction {
    Instruction { code, jt, jf, k }
}

/// One test on the low 32 bits of a syscall argument.
#[derive(Clone, Copy)]
enum Test {
    Equals(u32),
    NotEquals(u32),
    MaskedEquals(u32, u32),
    AnyBitSet(u32),
}

#[derive(Clone, Copy)]
struct Condition {
    argument: u8,
    high_word: bool,
    test: Test,
}

fn low(argument: u8, test: Test) -> Condition {
    Condition {
        argument,
        high_word: false,
        test,
    }
}

/// A syscall refused with `errno` when all its conditions hold.
struct Rule {
    number: u32,
    conditions: Vec<Condition>,
    errno: u32,
}

fn argument_offset(condition: &Condition) -> u32 {
    16 + 8 * condition.argument as u32 + if condition.high_word { 4 } else { 0 }
}

/// Emits: load nr; if nr != rule.number skip; for each condition load, test, skip on mismatch; return errno.
fn emit_rule(rule: &Rule, out: &mut Vec<Instruction>) -> Result<(), String> {
    let mut block = vec![statement(LD_W_ABS, OFFSET_NR)];
    let mut fail_jumps: Vec<(usize, bool)> = Vec::new(); // (index, jump on true?)
    block.push(jump(JMP_JEQ_K, rule.number, 0, 0));
    fail_jumps.push((block.len() - 1, false));
    for condition in &rule.conditions {
        block.push(statement(LD_W_ABS, argument_offset(condition)));
        match condition.test {
            Test::Equals(value) => {
                block.push(jump(JMP_JEQ_K, value, 0, 0));
                fail_jumps.push((block.len() - 1, false));
            }
            Test::NotEquals(value) => {
                block.push(jump(JMP_JEQ_K, value, 0, 0));
                fail_jumps.push((block.len() - 1, true));
            }
            Test::MaskedEquals(mask, value) => {
                block.push(statement(ALU_AND_K, mask));
                block.push(jump(JMP_JEQ_K, value, 0, 0));
                fail_jumps.push((block.len() - 1, false));
            }
            Test::AnyBitSet(mask) => {
                block.push(jump(JMP_JSET_K, mask, 0, 0));
                fail_jumps.push((block.len() - 1, false));
            }
        }
    }
    block.push(statement(RET_K, RET_ERRNO | rule.errno));
    let end = block.len();
    for (index, on_true) in fail_jumps {
        let distance =
            u8::try_from(end - index - 1).map_err(|_| "seccomp rule too long".to_string())?;
        if on_true {
            block[index].jt = distance;
        } else {
            block[index].jf = distance;
        }
    }
    out.extend(block);
    Ok(())
}

fn rules_for(table: &Table, policy: &Policy) -> Vec<Rule> {
    let simple = |number: u32, errno: u32| Rule {
        number,
        conditions: Vec::new(),
        errno,
    };
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
    rules.push(Rule {
        number: table.clone,
        conditions: vec![low(0, Test::AnyBitSet(CLONE_NAMESPACES))],
        errno: sys::EPERM,
    });
    for request in [TIOCSTI, TIOCLINUX] {
        rules.push(Rule {
            number: table.ioctl,
            conditions: vec![low(1, Test::Equals(request))],
            errno: sys::EPERM,
        });
    }
    for (number, argument) in table.mode_setters {
        rules.push(Rule {
            number: *number,
            conditions: vec![low(*argument, Test::AnyBitSet(SET_ID_BITS))],
            errno: sys::EPERM,
        });
    }
    for (number, argument) in table.node_makers {
        rules.push(Rule {
            number: *number,
            conditions: vec![low(*argument, Test::AnyBitSet(SET_ID_BITS))],
            errno: sys::EPERM,
        });
        for kind in [S_IFCHR, S_IFBLK] {
            rules.push(Rule {
                number: *number,
                conditions: vec![low(*argument, Test::MaskedEquals(S_IFMT, kind))],
                errno: sys::EPERM,
            });
        }
    }
    if policy.network == Network::None {
        for number in [table.socket, table.socketpair] {
            rules.push(Rule {
                number,
                conditions: vec![low(0, Test::NotEquals(AF_UNIX))],
                errno: sys::EPERM,
            });
            // Datagram Unix sockets could send to a named socket outside (sendmsg's address is out of reach).
            rules.push(Rule {
                number,
                conditions: vec![low(1, Test::MaskedEquals(0xf, SOCK_DGRAM))],
                errno: sys::EPERM,
            });
        }
        rules.extend(
            table
                .network_calls
                .iter()
                .map(|number| simple(*number, sys::EPERM)),
        );
        for high_word in [false, true] {
            let condition = Condition {
                argument: 4,
                high_word,
                test: Test::NotEquals(0),
            };
            rules.push(Rule {
                number: table.sendto,
                conditions: vec![condition],
                errno: sys::EPERM,
            });
        }
    }
    rules
}

/// Builds the filter program for `policy` on this architecture.
pub fn build(policy: &Policy) -> Result<Vec<Instruction>, String> {
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
    for rule in rules_for(&table, policy) {
        emit_rule(&rule, &mut program)?;
    }
    program.push(statement(RET_K, RET_ALLOW));
    if program.len() > 4096 {
        return Err("seccomp program too long".into());
    }
    Ok(program)
}

/// Installs the filter on the calling thread; inherited by every child. Needs no_new_privs.
pub fn install(policy: &Policy) -> Result<(), String> {
    let program = build(policy)?;
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
    use crate::policy::Policy;

    fn policy(network: Network) -> Policy {
        Policy::bare(false, network)
    }

    /// A tiny classic-BPF interpreter, enough to check the program's decisions.
    fn run(program: &[Instruction], arch: u32, number: u32, args: [u64; 6]) -> u32 {
        let mut data = vec![0u8; 64];
        data[0..4].copy_from_slice(&number.to_le_bytes());
        data[4..8].copy_from_slice(&arch.to_le_bytes());
        for (index, value) in args.iter().enumerate() {
            data[16 + 8 * index..24 + 8 * index].copy_from_slice(&value.to_le_bytes());
        }
        let mut accumulator = 0u32;
        let mut pc = 0usize;
        loop {
            let instruction = program[pc];
            pc += 1;
            match instruction.code {
                LD_W_ABS => {
                    let at = instruction.k as usize;
                    accumulator =
                        u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]);
                }
                ALU_AND_K => accumulator &= instruction.k,
                RET_K => return instruction.k,
                JMP_JEQ_K | JMP_JSET_K | JMP_JGE_K => {
                    let taken = match instruction.code {
                        JMP_JEQ_K => accumulator == instruction.k,
                        JMP_JSET_K => accumulator & instruction.k != 0,
                        _ => accumulator >= instruction.k,
                    };
                    pc += if taken {
                        instruction.jt
                    } else {
                        instruction.jf
                    } as usize;
                }
                other => panic!("unexpected opcode {other:#x}"),
            }
        }
    }

    #[test]
    fn decides_like_the_policy_says() {
        let table = TABLE.unwrap();
        let arch = table.audit_arch;
        let none = build(&policy(Network::None)).unwrap();
        let full = build(&policy(Network::Full)).unwrap();
        let eperm = RET_ERRNO | sys::EPERM;
        assert_eq!(run(&none, arch, table.denied[0], [0; 6]), eperm);
        assert_eq!(run(&none, 0x4000_0003, 0, [0; 6]), RET_KILL_PROCESS);
        assert_eq!(run(&none, arch, table.socket, [2, 1, 0, 0, 0, 0]), eperm);
        assert_eq!(
            run(&none, arch, table.socket, [1, 1 | 0x80000, 0, 0, 0, 0]),
            RET_ALLOW
        );
        assert_eq!(run(&none, arch, table.socket, [1, 2, 0, 0, 0, 0]), eperm);
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
}

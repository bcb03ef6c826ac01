//! Classic BPF for seccomp: instructions, argument conditions, and one "refuse when all conditions hold" rule
//! compiled to a self-contained block. `seccomp.rs` decides which rules there are.

pub const LD_W_ABS: u16 = 0x20;
pub const JMP_JEQ_K: u16 = 0x15;
pub const JMP_JSET_K: u16 = 0x45;
pub const JMP_JGE_K: u16 = 0x35;
pub const ALU_AND_K: u16 = 0x54;
pub const RET_K: u16 = 0x06;

pub const RET_ALLOW: u32 = 0x7fff_0000;
pub const RET_KILL_PROCESS: u32 = 0x8000_0000;
pub const RET_ERRNO: u32 = 0x0005_0000;

pub const OFFSET_NR: u32 = 0;
pub const OFFSET_ARCH: u32 = 4;

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub code: u16,
    pub jt: u8,
    pub jf: u8,
    pub k: u32,
}

pub fn statement(code: u16, k: u32) -> Instruction {
    Instruction {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

pub fn jump(code: u16, k: u32, jt: u8, jf: u8) -> Instruction {
    Instruction { code, jt, jf, k }
}

/// One test on 32 bits of a syscall argument.
#[derive(Clone, Copy)]
pub enum Test {
    Equals(u32),
    NotEquals(u32),
    /// `(argument & mask) == value`
    MaskedEquals(u32, u32),
    /// `(argument & mask) != value`
    MaskedNotEquals(u32, u32),
    AnyBitSet(u32),
}

#[derive(Clone, Copy)]
pub struct Condition {
    pub argument: u8,
    pub high_word: bool,
    pub test: Test,
}

/// A test on the low 32 bits of argument `argument` (int and pid_t arguments live there).
pub fn low(argument: u8, test: Test) -> Condition {
    Condition {
        argument,
        high_word: false,
        test,
    }
}

/// A syscall refused with `errno` when all its conditions hold.
pub struct Rule {
    pub number: u32,
    pub conditions: Vec<Condition>,
    pub errno: u32,
}

fn argument_offset(condition: &Condition) -> u32 {
    16 + 8 * condition.argument as u32 + if condition.high_word { 4 } else { 0 }
}

/// Emits: load nr; if nr != rule.number skip; for each condition load, test, skip on mismatch; return errno.
pub fn emit_rule(rule: &Rule, out: &mut Vec<Instruction>) -> Result<(), String> {
    let mut block = vec![statement(LD_W_ABS, OFFSET_NR)];
    let mut fail_jumps: Vec<(usize, bool)> = Vec::new(); // (index, jump on true?)
    block.push(jump(JMP_JEQ_K, rule.number, 0, 0));
    fail_jumps.push((block.len() - 1, false));
    for condition in &rule.conditions {
        block.push(statement(LD_W_ABS, argument_offset(condition)));
        let (value, fail_on_true) = match condition.test {
            Test::Equals(value) => (value, false),
            Test::NotEquals(value) => (value, true),
            Test::MaskedEquals(mask, value) => {
                block.push(statement(ALU_AND_K, mask));
                (value, false)
            }
            Test::MaskedNotEquals(mask, value) => {
                block.push(statement(ALU_AND_K, mask));
                (value, true)
            }
            Test::AnyBitSet(mask) => {
                block.push(jump(JMP_JSET_K, mask, 0, 0));
                fail_jumps.push((block.len() - 1, false));
                continue;
            }
        };
        block.push(jump(JMP_JEQ_K, value, 0, 0));
        fail_jumps.push((block.len() - 1, fail_on_true));
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

/// A tiny classic-BPF interpreter, enough to check a program's decisions in tests.
#[cfg(test)]
pub fn run(program: &[Instruction], arch: u32, number: u32, args: [u64; 6]) -> u32 {
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

//! System call numbers per architecture. Only x86_64 and aarch64 are supported; elsewhere seccomp is reported
//! unavailable and sandboxed modes are refused.

/// Calls that are refused outright, with no legitimate use inside the sandbox.
pub struct Table {
    pub audit_arch: u32,
    /// x86_64's x32 ABI numbers have this bit; they are refused wholesale.
    pub x32_bit: Option<u32>,
    pub denied: &'static [u32],
    /// Refused with ENOSYS so that libc falls back to an older call we can inspect.
    pub not_implemented: &'static [u32],
    pub clone: u32,
    pub ioctl: u32,
    /// (number, index of the mode argument)
    pub mode_setters: &'static [(u32, u8)],
    /// (number, index of the mode argument) for mknod-like calls.
    pub node_makers: &'static [(u32, u8)],
    pub socket: u32,
    pub socketpair: u32,
    pub network_calls: &'static [u32],
    pub sendto: u32,
    /// prlimit64: its pid argument must be 0 (the caller).
    pub prlimit: u32,
    /// (number, index of the pid argument) of calls that signal a process or open a handle to it.
    pub signal_senders: &'static [(u32, u8)],
    /// Calls whose first argument is a pid to act on (scheduling, memory placement).
    pub pid_actions: &'static [u32],
    /// (number, the `which` meaning "one process") of setpriority and ioprio_set: `which` is argument 0, the pid 1.
    pub priority_setters: &'static [(u32, u32)],
}

#[cfg(target_arch = "x86_64")]
pub const TABLE: Option<Table> = Some(Table {
    audit_arch: 0xC000_003E,
    x32_bit: Some(0x4000_0000),
    denied: &[
        101, // ptrace
        310, 311, // process_vm_readv, process_vm_writev
        425, 426, 427, // io_uring_setup, io_uring_enter, io_uring_register
        321, // bpf
        298, // perf_event_open
        248, 249, 250, // add_key, request_key, keyctl
        165, 166, // mount, umount2
        272, 308, 155, 161, // unshare, setns, pivot_root, chroot
        428, 429, 430, 431, 432, 433, 442,
        467, // open_tree, move_mount, fsopen, fsconfig, fsmount, fspick, mount_setattr, open_tree_attr
        246, 320, // kexec_load, kexec_file_load
        175, 313, 176, // init_module, finit_module, delete_module
        169, 167, 168, 163, 179, 443, // reboot, swapon, swapoff, acct, quotactl, quotactl_fd
        323, // userfaultfd
        303, 304, // name_to_handle_at, open_by_handle_at
        103, 212, // syslog, lookup_dcookie
        312, 438, 440, // kcmp, pidfd_getfd, process_madvise
        154, 172, 173, 134, // modify_ldt, iopl, ioperm, uselib
    ],
    not_implemented: &[435, 437], // clone3, openat2 (their arguments live in memory seccomp cannot read)
    clone: 56,
    ioctl: 16,
    mode_setters: &[
        (90, 1),
        (91, 1),
        (268, 2),
        (452, 2),
        (2, 2),
        (85, 1),
        (257, 3),
    ], // chmod fchmod fchmodat fchmodat2 open creat openat
    node_makers: &[(133, 1), (259, 2)], // mknod, mknodat
    socket: 41,
    socketpair: 53,
    network_calls: &[42, 49, 50, 43, 288], // connect, bind, listen, accept, accept4
    sendto: 44,
    prlimit: 302,
    // kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_open
    signal_senders: &[(62, 0), (200, 0), (234, 0), (129, 0), (297, 0), (434, 0)],
    // sched_setaffinity, sched_setscheduler, sched_setparam, sched_setattr, migrate_pages, move_pages
    pid_actions: &[203, 144, 142, 314, 256, 279],
    priority_setters: &[(141, 0), (251, 1)], // setpriority (PRIO_PROCESS), ioprio_set (IOPRIO_WHO_PROCESS)
});

#[cfg(target_arch = "aarch64")]
pub const TABLE: Option<Table> = Some(Table {
    audit_arch: 0xC000_00B7,
    x32_bit: None,
    denied: &[
        117, // ptrace
        270, 271, // process_vm_readv, process_vm_writev
        425, 426, 427, // io_uring_*
        280, // bpf
        241, // perf_event_open
        217, 218, 219, // add_key, request_key, keyctl
        40, 39, // mount, umount2
        97, 268, 41, 51, // unshare, setns, pivot_root, chroot
        428, 429, 430, 431, 432, 433, 442, 467, // new mount API
        104, 294, // kexec_load, kexec_file_load
        105, 273, 106, // init_module, finit_module, delete_module
        142, 224, 225, 89, 60, 443, // reboot, swapon, swapoff, acct, quotactl, quotactl_fd
        282, // userfaultfd
        264, 265, // name_to_handle_at, open_by_handle_at
        116, 18, // syslog, lookup_dcookie
        272, 438, 440, // kcmp, pidfd_getfd, process_madvise
    ],
    not_implemented: &[435, 437],
    clone: 220,
    ioctl: 29,
    mode_setters: &[(52, 1), (53, 2), (452, 2), (56, 3)], // fchmod fchmodat fchmodat2 openat
    node_makers: &[(33, 2)],                              // mknodat
    socket: 198,
    socketpair: 199,
    network_calls: &[203, 200, 201, 202, 242], // connect, bind, listen, accept, accept4
    sendto: 206,
    prlimit: 261,
    signal_senders: &[(129, 0), (130, 0), (131, 0), (138, 0), (240, 0), (434, 0)],
    pid_actions: &[122, 119, 118, 274, 238, 239],
    priority_setters: &[(140, 0), (30, 1)],
});

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
pub const TABLE: Option<Table> = None;

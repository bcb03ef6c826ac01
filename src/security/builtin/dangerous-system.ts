import type { Verdict } from "../decision.js";

/**
 * Floors for the machine itself: power state, disks, privileges and signals to every process. Each family is
 * matched by the program's base name (case-folded by the caller) and, where the program has verbs, by the verb.
 */

function forbid(name: string, reason: string): Verdict {
  return { decision: "forbid", reason, rule: `builtin:dangerous-${name}` };
}

function ask(name: string, reason: string): Verdict {
  return { decision: "ask", reason, rule: `builtin:dangerous-${name}` };
}

const POWER_COMMANDS = new Set([
  "shutdown",
  "reboot",
  "poweroff",
  "halt",
  "kexec",
  "telinit",
  "pm-suspend",
  "pm-hibernate",
  "pm-suspend-hybrid",
  "zzz",
  "rtcwake",
]);

/** systemctl and loginctl verbs that stop, restart, suspend or switch the machine's state. */
const POWER_VERBS = new Set([
  "poweroff",
  "reboot",
  "kexec",
  "halt",
  "suspend",
  "hibernate",
  "hybrid-sleep",
  "suspend-then-hibernate",
  "sleep",
  "soft-reboot",
  "isolate",
  "rescue",
  "emergency",
  "default",
  "exit",
  "switch-root",
]);

/** Units whose start is a change of power state. */
const POWER_TARGET =
  /^(poweroff|reboot|halt|kexec|shutdown|rescue|emergency|suspend|hibernate|hybrid-sleep|suspend-then-hibernate|sleep|soft-reboot|ctrl-alt-del|final|exit)\.target$/;

/** loginctl verbs that end other people's sessions. */
const LOGOUT_VERBS = new Set([
  "terminate-session",
  "terminate-user",
  "kill-session",
  "kill-user",
  "lock-sessions",
]);

function checkPower(base: string, args: string[]): Verdict | undefined {
  if (POWER_COMMANDS.has(base)) {
    if (base === "rtcwake" && args.every((arg) => !/^(-m|--mode)/.test(arg))) return undefined;
    return forbid("power", `${base} stops, restarts or suspends the machine`);
  }
  // `init 0`, `init 6`, `init S`: any runlevel switches the machine's state.
  if (base === "init" && args.some((arg) => /^[0-6sS]$/.test(arg)))
    return forbid("power", `init ${args.join(" ")} switches the machine to another runlevel`);
  if (base === "systemctl" || base === "loginctl") {
    const words = args.filter((arg) => !arg.startsWith("-"));
    const verb = words.find((word) => POWER_VERBS.has(word));
    if (verb) return forbid("power", `${base} ${verb} changes the machine's power state`);
    const starts = words.some((word) =>
      /^(start|restart|reload-or-restart|try-restart|enable|set-default)$/.test(word),
    );
    const target = words.find((word) => POWER_TARGET.test(word));
    if (starts && target) return forbid("power", `${base} ${target} changes the machine's power state`);
    const logout = words.find((word) => LOGOUT_VERBS.has(word));
    if (logout) return ask("power", `${base} ${logout} ends other sessions`);
  }
  if (
    (base === "busctl" || base === "dbus-send" || base === "gdbus") &&
    args.some((arg) => /login1|systemd1/.test(arg))
  ) {
    const call = args.find((arg) =>
      /(PowerOff|Reboot|Halt|Suspend|Hibernate|HybridSleep|KExec|SoftReboot)/.test(arg),
    );
    if (call) return forbid("power", `${base} ${call} changes the machine's power state`);
  }
  return undefined;
}

/** Programs that format, partition, wipe or discard disks: no use of them in an agent's session is routine. */
const DISK_DESTROYERS =
  /^(mkfs(\..+)?|mke2fs|mkswap|mkdosfs|mkntfs|mkexfatfs|mkudffs|mkfs_\w+|fdisk|sfdisk|cfdisk|gdisk|sgdisk|cgdisk|fixparts|parted|wipefs|blkdiscard|zerofree|flashrom|mklost\+found)$/;

/** Disk and volume administration that can destroy data in some forms: always asked about. */
const DISK_ADMIN =
  /^(hdparm|nvme|cryptsetup|mdadm|dmsetup|losetup|partx|partprobe|blockdev|badblocks|tune2fs|resize2fs|e2fsck|fsck(\..+)?|debugfs|zpool|zfs|btrfs|lvm|lv\w+|vg\w+|pv\w+|mount|umount|swapon|swapoff)$/;

/** hdparm and nvme forms that erase or overwrite a disk. */
const DISK_ERASE =
  /^(--security-erase|--trim-sector|--write-sector|--make-bad-sector|--fwdownload|--dco-restore|format|sanitize|write-zeroes|delete-ns|luksFormat|erase|luksErase|reencrypt|--zero-superblock|destroy|labelclear)/;

function checkDisk(base: string, args: string[]): Verdict | undefined {
  if (DISK_DESTROYERS.test(base)) return forbid("disk-format", `${base} formats, partitions or wipes disks`);
  if (base === "dd" && args.some((arg) => /^of=\/dev\/(?!null$|zero$|stdout$|stderr$|tty$|fd\/)/.test(arg)))
    return forbid("disk-write", "dd onto a device overwrites a disk");
  if (base === "shred" && args.some((arg) => arg.startsWith("/dev/")))
    return forbid("disk-write", "shred of a device wipes a disk");
  if (base === "badblocks" && args.some((arg) => /^-[a-zA-Z]*[wn]/.test(arg)))
    return forbid("disk-write", "badblocks -w/-n writes over the disk");
  if (DISK_ADMIN.test(base)) {
    const erase = args.find((arg) => DISK_ERASE.test(arg));
    if (erase) return forbid("disk-write", `${base} ${erase} erases a disk or volume`);
    return ask("disk-admin", `${base} administers disks, volumes or mounts`);
  }
  return undefined;
}

/** Programs that run something with other privileges, in other namespaces or another root. */
export const PRIVILEGE_TOOLS = new Set([
  "sudo",
  "sudoedit",
  "su",
  "doas",
  "run0",
  "pkexec",
  "setpriv",
  "unshare",
  "nsenter",
  "chroot",
  "capsh",
  "sg",
  "newgrp",
  "runuser",
  "machinectl",
  "systemd-run",
  "setcap",
  "setuidgid",
  "chpst",
]);

/** Why a privilege tool asks. */
export function privilegeReason(base: string): string {
  return /^(sudo|sudoedit|su|doas|run0|pkexec|runuser)$/.test(base)
    ? `${base} runs a command with elevated privileges`
    : `${base} runs a command with other privileges, namespaces or root directory`;
}

/** Programs that change accounts, the kernel or its settings. */
const SYSTEM_ADMIN =
  /^(passwd|chpasswd|usermod|useradd|userdel|groupadd|groupmod|groupdel|gpasswd|adduser|deluser|visudo|vipw|insmod|rmmod|modprobe|kmod|sysctl|iptables|ip6tables|nft|update-alternatives)$/;

function checkPrivilege(base: string, args: string[]): Verdict | undefined {
  if (PRIVILEGE_TOOLS.has(base)) return ask("root", privilegeReason(base));
  if (
    base === "sysctl" &&
    args.every((arg) =>
      arg.startsWith("-") ? !/^-[a-zA-Z]*[wp]|^--(write|load)/.test(arg) : !arg.includes("="),
    )
  )
    return undefined;
  if (SYSTEM_ADMIN.test(base))
    return ask("system-admin", `${base} changes accounts, kernel modules or kernel settings`);
  return undefined;
}

/** `-1`, `-01`, `-0x1`, ` -1`: every spelling `kill` reads as process -1 (every process it may signal). */
function isEveryProcess(pid: string): boolean {
  return /^-(0x0*1|0*1)$/i.test(pid.trim());
}

/** The process ids a `kill` command signals (after its signal option). */
function killTargets(args: string[]): string[] {
  let index = 0;
  const first = args[0];
  if (first === "-s" || first === "-n" || first === "--signal") index = 2;
  else if (
    first !== undefined &&
    first !== "--" &&
    first.startsWith("-") &&
    !/^-[lL]$|^--(list|table)/.test(first)
  )
    index = 1;
  else if (first === "-l" || first === "-L" || first === "--list" || first === "--table") return [];
  if (args[index] === "--") index++;
  return args.slice(index);
}

function checkKill(base: string, args: string[]): Verdict | undefined {
  if (base === "killall5") return forbid("kill-all", "killall5 signals every process on the machine");
  if (base === "kill") {
    // Signal 0 only tests whether the processes exist.
    const signal = args[0] === "-s" || args[0] === "-n" || args[0] === "--signal" ? args[1] : args[0];
    if (signal !== undefined && /^-?(0|SIG0)$/i.test(signal) && args[0] !== "--") return undefined;
    const targets = killTargets(args);
    if (targets.some(isEveryProcess))
      return forbid("kill-all", "kill -1 signals every process you may signal");
    if (targets.some((pid) => /^\s*0*1\s*$/.test(pid)))
      return forbid("kill-all", "signalling process 1 (init) stops the machine or container");
  }
  if ((base === "pkill" || base === "killall") && args.some((arg) => /^-[a-zA-Z]*v|^--inverse/.test(arg)))
    return ask("kill-all", `${base} --inverse signals every process that does not match`);
  return undefined;
}

/** The floors for power, disks, privileges and signals. */
export function systemVerdict(base: string, args: string[]): Verdict | undefined {
  return (
    checkPower(base, args) ?? checkDisk(base, args) ?? checkPrivilege(base, args) ?? checkKill(base, args)
  );
}

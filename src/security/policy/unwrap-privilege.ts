import type { Word } from "../shell/words.js";

/**
 * Where the command inside a privilege wrapper starts (`sudo -u x CMD`, `run0 CMD`, `unshare -r CMD`,
 * `chroot DIR CMD`), or the script it runs (`su -c 'SCRIPT'`), so the inner command is judged too: `run0 rm -rf /`
 * must meet the `rm` floor, not only the wrapper's `ask`.
 */
export type PrivilegeInner =
  | { kind: "command"; start: number }
  | { kind: "script"; script: Word | undefined }
  /** `capsh -- ARGS`: the arguments are bash's. */
  | { kind: "shell-args"; start: number }
  /** Nothing runs inside (`sudo -l`), or the wrapper starts an interactive shell. */
  | { kind: "none" }
  | { kind: "problem"; problem: string };

interface WrapperSpec {
  /** Options whose value is the next word when not attached. */
  values: string[];
  /** Letters of short options without a value (bundles of them are accepted). */
  letters: string;
  /** Long options without a value. */
  flags: string[];
  /** Options whose value is a script for `sh -c`. */
  script?: string[];
  /** Operands before the command (chroot's new root, sg's group, su's user). */
  operands?: number;
  /** The command is the rest of the words joined into a script (sg). */
  joined?: boolean;
}

const SPECS: Record<string, WrapperSpec> = {
  sudo: {
    values: [
      "-u",
      "-g",
      "-C",
      "-D",
      "-h",
      "-p",
      "-r",
      "-t",
      "-T",
      "-U",
      "--user",
      "--group",
      "--chdir",
      "--host",
      "--prompt",
      "--role",
      "--type",
      "--other-user",
      "--close-from",
      "--command-timeout",
    ],
    letters: "AbEHiKklnPSsBv",
    flags: [
      "--preserve-env",
      "--login",
      "--shell",
      "--non-interactive",
      "--background",
      "--askpass",
      "--set-home",
      "--stdin",
      "--reset-timestamp",
      "--remove-timestamp",
      "--preserve-groups",
      "--bell",
    ],
  },
  doas: { values: ["-u", "-C"], letters: "nsL", flags: [] },
  run0: {
    values: [
      "-u",
      "-g",
      "-D",
      "-p",
      "--user",
      "--group",
      "--chdir",
      "--property",
      "--nice",
      "--setenv",
      "--unit",
      "--description",
      "--slice",
      "--background",
      "--machine",
      "--shell-prompt-prefix",
    ],
    letters: "i",
    flags: ["--no-ask-password", "--slice-inherit", "--pty", "--pipe", "--via-shell"],
  },
  pkexec: { values: ["--user"], letters: "", flags: ["--disable-internal-agent", "--keep-cwd"] },
  setpriv: {
    values: [
      "--reuid",
      "--regid",
      "--ruid",
      "--euid",
      "--rgid",
      "--egid",
      "--groups",
      "--inh-caps",
      "--ambient-caps",
      "--bounding-set",
      "--securebits",
      "--pdeathsig",
      "--selinux-label",
      "--apparmor-profile",
      "--landlock-access",
      "--landlock-rule",
    ],
    letters: "d",
    flags: ["--clear-groups", "--keep-groups", "--init-groups", "--no-new-privs", "--reset-env", "--dump"],
  },
  unshare: {
    values: [
      "-S",
      "-G",
      "-R",
      "-w",
      "--setuid",
      "--setgid",
      "--root",
      "--wd",
      "--map-user",
      "--map-group",
      "--map-users",
      "--map-groups",
      "--propagation",
      "--setgroups",
      "--monotonic",
      "--boottime",
    ],
    letters: "muinpUCTfrc",
    flags: [
      "--fork",
      "--mount",
      "--uts",
      "--ipc",
      "--net",
      "--pid",
      "--user",
      "--cgroup",
      "--time",
      "--map-root-user",
      "--map-current-user",
      "--map-auto",
      "--keep-caps",
      "--mount-proc",
      "--kill-child",
    ],
  },
  nsenter: {
    values: ["-t", "-S", "-G", "-r", "-w", "--target", "--setuid", "--setgid", "--root", "--wd"],
    letters: "muinpUCTFZa",
    flags: [
      "--all",
      "--mount",
      "--uts",
      "--ipc",
      "--net",
      "--pid",
      "--user",
      "--cgroup",
      "--time",
      "--preserve-credentials",
      "--no-fork",
      "--follow-context",
    ],
  },
  chroot: { values: ["--userspec", "--groups"], letters: "", flags: ["--skip-chdir"], operands: 1 },
  su: {
    values: ["-s", "-g", "-G", "-w", "--shell", "--group", "--supp-group", "--whitelist-environment"],
    letters: "lmpfP",
    flags: ["--login", "--preserve-environment", "--pty", "--fast"],
    script: ["-c", "--command", "--session-command"],
    operands: 1,
  },
  runuser: {
    values: [
      "-u",
      "-s",
      "-g",
      "-G",
      "-w",
      "--user",
      "--shell",
      "--group",
      "--supp-group",
      "--whitelist-environment",
    ],
    letters: "lmpfP",
    flags: ["--login", "--preserve-environment", "--pty", "--fast"],
    script: ["-c", "--command", "--session-command"],
  },
  "systemd-run": {
    values: [
      "-p",
      "-u",
      "-M",
      "-H",
      "-E",
      "--property",
      "--unit",
      "--machine",
      "--host",
      "--setenv",
      "--uid",
      "--gid",
      "--nice",
      "--description",
      "--slice",
      "--working-directory",
      "--on-calendar",
      "--on-active",
      "--on-boot",
      "--timer-property",
      "--path-property",
      "--socket-property",
    ],
    letters: "tPqGSdr",
    flags: [
      "--user",
      "--system",
      "--scope",
      "--pty",
      "--pipe",
      "--quiet",
      "--wait",
      "--collect",
      "--same-dir",
      "--remain-after-exit",
      "--no-block",
      "--no-ask-password",
      "--shell",
    ],
  },
  sg: { values: [], letters: "", flags: [], script: ["-c"], operands: 1, joined: true },
  setuidgid: { values: [], letters: "", flags: [], operands: 1 },
};

/** Finds what a privilege wrapper runs; `words[0]` is the wrapper. */
export function privilegeInner(base: string, words: Word[]): PrivilegeInner {
  if (base === "capsh") {
    const dashes = words.findIndex((word) => word.literal && word.value === "--");
    return dashes < 0 ? { kind: "none" } : { kind: "shell-args", start: dashes + 1 };
  }
  const spec = SPECS[base];
  if (!spec) return { kind: "problem", problem: `${base} runs commands in a way that cannot be analysed` };
  let index = 1;
  let operands = spec.operands ?? 0;
  while (index < words.length) {
    const word = words[index]!;
    if (!word.literal) return { kind: "problem", problem: `${base} has an argument only known at run time` };
    const value = word.value;
    if (value === "--") {
      index++;
      break;
    }
    const name = value.split("=")[0]!;
    if (spec.script?.includes(name))
      return {
        kind: "script",
        script: value.includes("=") ? { ...word, value: value.slice(name.length + 1) } : words[index + 1],
      };
    if (value === "-" && (base === "su" || base === "runuser")) index++;
    else if (spec.values.includes(value)) index += 2;
    else if (value.startsWith("--") && value.includes("=") && spec.values.includes(name)) index++;
    else if (spec.flags.includes(name)) index++;
    else if (
      /^-[a-zA-Z]+$/.test(value) &&
      [...value.slice(1)].every((letter) => spec.letters.includes(letter))
    )
      index++;
    else if (/^-[a-zA-Z]/.test(value) && spec.values.includes(value.slice(0, 2))) index++;
    else if (value.startsWith("-"))
      return { kind: "problem", problem: `${base} option ${value} cannot be analysed` };
    else if (operands > 0) {
      operands--;
      index++;
    } else break;
  }
  if (index >= words.length) return { kind: "none" };
  if (spec.joined) return { kind: "script", script: words[index] };
  // su and runuser -l take the user, then pass the rest to the shell: `su root -c CMD` is handled above.
  if (base === "su") return { kind: "shell-args", start: index };
  return { kind: "command", start: index };
}

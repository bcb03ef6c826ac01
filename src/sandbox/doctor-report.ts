import {
  detectSandboxCapabilities,
  NO_USERNS_ENV,
  namespacesDisabled,
  type ProcessLimit,
} from "./capabilities.js";

/** One sandbox layer as `art doctor` shows it. */
export interface SandboxLayerReport {
  /** Layer name. */
  name: string;
  /** Whether this machine offers it. */
  available: boolean;
  /** What it does here, or why it is missing. */
  detail: string;
}

const LIMIT_TEXT: Record<ProcessLimit, string> = {
  "pid-namespace": "processes bounded by the pid namespace's pid_max",
  cgroup: "processes bounded by a pids cgroup",
  rlimit: "processes bounded by RLIMIT_NPROC",
  none: "no process bound (root without a writable pids cgroup)",
};

const NOT_PROBED = "unknown: the launcher probes the kernel, and it is missing (see launcher above)";

function landlockDetail(abi: number): string {
  if (abi === 0) return "not offered by this kernel: sandboxed modes are refused";
  const parts = ["filesystem write allow-list", "read allow-list around denied paths"];
  if (abi >= 2) parts.push("cross-directory links and renames");
  if (abi >= 3) parts.push("truncation");
  if (abi >= 4) parts.push("TCP bind/connect");
  if (abi >= 6) parts.push("signal and abstract-socket scoping");
  return `ABI ${abi}: ${parts.join(", ")}`;
}

/** Which layers this machine offers, and what each mode would apply, for `art doctor`. */
export function sandboxDoctorReport(): {
  layers: SandboxLayerReport[];
  modes: Record<string, string[]>;
} {
  const capabilities = detectSandboxCapabilities({ fresh: true });
  const launcher = capabilities.launcher;
  const disabled = namespacesDisabled();
  const namespaces = capabilities.userNamespaces && !disabled;
  const layers: SandboxLayerReport[] = [
    {
      name: "launcher",
      available: launcher.available,
      detail: launcher.available
        ? launcher.path
        : `${launcher.problem ?? "unavailable"} at ${launcher.path}. ${launcher.fix ?? ""}`.trim(),
    },
    { name: "no_new_privs", available: launcher.available, detail: "set before every other layer" },
    {
      name: "namespaces",
      available: namespaces,
      detail: disabled
        ? `switched off by ${NO_USERNS_ENV}`
        : !launcher.available
          ? NOT_PROBED
          : capabilities.userNamespaces
            ? "user, mount, pid and net: protected paths read-only, denied paths hidden, empty network"
            : `unavailable: ${capabilities.userNamespacesProblem ?? "unknown reason"}`,
    },
    {
      name: "landlock",
      available: capabilities.landlockAbi > 0,
      detail: launcher.available ? landlockDetail(capabilities.landlockAbi) : NOT_PROBED,
    },
    {
      name: "seccomp",
      available: capabilities.seccomp,
      detail: !launcher.available
        ? NOT_PROBED
        : capabilities.seccomp
          ? "blocks ptrace, process_vm_*, io_uring, bpf, perf_event_open, keyrings, mount/namespaces, setuid bits, device nodes; sockets when the network is off"
          : "unavailable: sandboxed modes are refused",
    },
    {
      name: "process-limit",
      available:
        (namespaces
          ? capabilities.processLimitWithNamespaces
          : capabilities.processLimitWithoutNamespaces) !== "none",
      detail:
        LIMIT_TEXT[
          namespaces ? capabilities.processLimitWithNamespaces : capabilities.processLimitWithoutNamespaces
        ],
    },
  ];
  const runnable = launcher.available && capabilities.landlockAbi > 0 && capabilities.seccomp;
  const common = runnable
    ? [
        "no_new_privs",
        namespaces
          ? "namespaces: user, mount, pid (+ net when the network is off)"
          : "namespaces: off (Landlock + seccomp fallback)",
        "landlock: reads everywhere except ~/.ssh, ~/.aws, ~/.gnupg, ~/.config/gcloud, ~/.kube, ~/.docker, ~/.netrc, $ART_HOME and raw devices",
        "seccomp: escape primitives refused",
        namespaces
          ? "supervisor: the pid namespace ends with the command"
          : "supervisor: leftover processes killed when the command exits",
      ]
    : [
        `refused: ${layers.find((layer) => !layer.available && layer.name !== "namespaces")?.detail ?? "sandbox unavailable"}`,
      ];
  return {
    layers,
    modes: {
      "read-only": runnable ? [...common, "writable: the session temp dir only"] : common,
      "workspace-write": runnable
        ? [
            ...common,
            "writable: the workspace, --writable dirs and the session temp dir",
            namespaces
              ? "protected read-only: .git/hooks, .git/config, .gitmodules, .art/, shell rc files (created ones removed after the command)"
              : "protected paths: not refused without namespaces; changes are undone after the command",
          ]
        : common,
      "full-access": ["no sandbox: the command runs as the user"],
    },
  };
}

import { describe, expect, it } from "vitest";
import { explainSandboxDenial } from "./explain-denial.js";
import { buildSandboxPolicy } from "./sandbox-policy.js";

const policy = buildSandboxPolicy({
  mode: "workspace-write",
  network: "none",
  workspace: "/w",
  writableRoots: [],
  artHome: "/h/.art",
  tmpDir: "/tmp/s",
  home: "/h",
});
const explain = (output: string, exitCode: number | null = 1, chosen = policy) =>
  explainSandboxDenial({ exitCode, output }, chosen);

describe("explainSandboxDenial", () => {
  it("explains writes outside the writable roots", () => {
    expect(explain("touch: cannot touch '/etc/passwd': Permission denied\n")).toBe(
      "The sandbox refused access to /etc/passwd: in workspace-write mode only /w, /tmp/s can be written (and /dev is limited to the usual devices). Ask for a wider sandbox (another --writable dir or full-access) if this is needed.",
    );
  });

  it("names protected paths, resolving relative ones against the workspace, and skips the program name", () => {
    expect(explain("/bin/sh: 1: cannot create .git/config: Read-only file system")).toBe(
      "The sandbox keeps /w/.git/config read-only: git hooks and config, .gitmodules, .art/ and shell rc files are protected from commands.",
    );
  });

  it("names denied reads, also when namespaces hide them", () => {
    const sentence =
      "The sandbox blocks reading /h/.ssh/id_rsa: credential folders and $ART_HOME are unreadable to commands.";
    expect(explain("cat: /h/.ssh/id_rsa: Permission denied")).toBe(sentence);
    expect(explain("cat: /h/.ssh/id_rsa: No such file or directory")).toBe(sentence);
  });

  it("recognises blocked network only when the network is off", () => {
    const output = "curl: (6) Could not resolve host: example.com";
    expect(explain(output)).toMatch(/blocks network access/);
    expect(explain(output, 1, { ...policy, network: "full" })).toBeUndefined();
    expect(explain("socket: Operation not permitted")).toMatch(/blocks network access/);
  });

  it("reports the launcher's own failures even with its exit code", () => {
    expect(explain("art-sandbox: landlock: Landlock is not available in this kernel\n", 125)).toBe(
      "The sandbox launcher failed while applying landlock: Landlock is not available in this kernel. The command did not run.",
    );
    expect(
      explain("art-sandbox: protected: /w/.art was created by the command and has been removed\n", 0),
    ).toBe(
      "The sandbox undid a change to a protected path: /w/.art was created by the command and has been removed. Git hooks and config, .gitmodules, .art/ and shell rc files may not be changed by commands.",
    );
    expect(explain("art-sandbox: exec: nope: No such file or directory (os error 2)\n", 127)).toBe(
      "The sandbox could not start the command: nope: No such file or directory (os error 2).",
    );
  });

  it("says nothing for ordinary failures, successes and full-access", () => {
    expect(explain("Error: expected 2 to be 3\n")).toBeUndefined();
    expect(explain("cat: /w/missing: No such file or directory")).toBeUndefined();
    expect(explain("touch: cannot touch '/etc/x': Permission denied", 0)).toBeUndefined();
    expect(
      explain("touch: cannot touch '/etc/x': Permission denied", 1, { ...policy, mode: "full-access" }),
    ).toBeUndefined();
  });

  it("falls back to a generic sentence for refused system calls", () => {
    expect(explain("strace: attach: ptrace(PTRACE_SEIZE, 1): Operation not permitted")).toMatch(
      /refused an operation/,
    );
  });
});

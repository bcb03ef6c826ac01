import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SecurityPolicy } from "../index.js";

/**
 * Scripts where bash runs code the syntax tree shows as text. Each was proven to run its command with bash 5.2
 * before the fix, while the policy judged it read-only ("allow" even in approval mode untrusted).
 */
const HIDDEN: string[] = [
  "cat <<EOF\n`rm -rf src`\nEOF",
  "cat <<-EOF\n\t$(rm -rf src)\n\tEOF",
  "cat <<EOF\n${x@P}\nEOF",
  "echo ${x:-`rm -rf src`}",
  "echo ${x/a/`rm -rf src`}",
  "x='$(rm -rf src)'; echo ${x@P}",
  "x='a[$(rm -rf src)]'; echo ${!x}",
  "x='a[$(rm -rf src)]'; echo $(( x ))",
  "x='a[$(rm -rf src)]'; [[ $x -eq 1 ]]",
  "for f in *; do echo $((f)); done",
  "echo $(( 'a[$(rm -rf src)]' ))",
  "[[ 'a[$(rm -rf src)]' -eq 1 ]]",
  "test -v 'a[$(rm -rf src)]'",
  "[ -v 'a[$(rm -rf src)]' ]",
  "[[ -v 'a[$(rm -rf src)]' ]]",
  "printf -v 'a[$(rm -rf src)]' x",
];

/** Look-alikes that expand nothing that runs: they stay read-only. */
const PLAIN: string[] = [
  "cat <<EOF\nhello $name ${name}\nEOF",
  "cat <<'EOF'\n`rm -rf src` $(rm -rf src)\nEOF",
  "cat <<\\EOF\n$(rm -rf src)\nEOF",
  "echo ${!prefix*} ${!arr[@]}",
  "for i in 1 2 3; do echo $((i * 2)); done",
  "echo $((1 + 2))",
  'test -n "$x"',
  "printf -v out '%s' y",
];

let policy: SecurityPolicy;

beforeAll(async () => {
  const workspace = mkdtempSync(path.join(os.tmpdir(), "art-hidden-"));
  mkdirSync(path.join(workspace, "src"));
  const artHome = mkdtempSync(path.join(os.tmpdir(), "art-home-"));
  policy = await SecurityPolicy.load({ cwd: workspace, artHome, env: { HOME: "/home/tester" } });
  await policy.prepare();
});

describe("code bash runs that the parser shows as text", () => {
  it.each(HIDDEN)("asks for %j", (command) => {
    const decision = policy.decideSync({ kind: "shell", command }, { approval: "untrusted" });
    expect(decision.decision, decision.reason).toBe("ask");
    expect(decision.rule).toBe("builtin:cannot-analyse");
  });

  it.each(PLAIN)("still allows %j", (command) => {
    const decision = policy.decideSync({ kind: "shell", command }, { approval: "untrusted" });
    expect(decision.decision, decision.reason).toBe("allow");
  });

  it("asks before a read-only command reads a store the sandbox denies", () => {
    for (const file of ["~/.my.cnf", "~/.yarnrc.yml", "~/.config/glab-cli/config.yml", "~/.config/opera/x"]) {
      const decision = policy.decideSync(
        { kind: "shell", command: `cat ${file}` },
        { approval: "untrusted" },
      );
      expect(decision.decision, file).toBe("ask");
    }
  });
});

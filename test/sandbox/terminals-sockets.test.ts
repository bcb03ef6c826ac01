// Terminals and local sockets, in both sandbox configurations: no other terminal can be opened (read what is typed
// there, or write a fake prompt onto it), the command's own terminal keeps working but cannot be used to inject
// input (TIOCSTI), and with network none no datagram reaches a named or abstract socket outside.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { detectSandboxCapabilities, prepareSandboxedSpawn } from "../../src/sandbox/index.js";
import {
  CONFIGURATIONS,
  createWorld,
  runSandboxed,
  type SandboxConfiguration,
  shell,
  type World,
  worldPolicy,
} from "./harness.js";

const PYTHON = "/usr/bin/python3";
const runnable =
  process.platform === "linux" && detectSandboxCapabilities().launcher.available && existsSync(PYTHON);

/** A helper process printing one line when ready, then, once it ends, everything else it gathered. */
function startHelper(
  script: string,
  args: string[],
): { child: ChildProcess; ready: Promise<string>; done: Promise<string> } {
  const child = spawn(PYTHON, ["-c", script, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  let resolveReady: (line: string) => void = () => {};
  const ready = new Promise<string>((resolve) => {
    resolveReady = resolve;
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    const newline = output.indexOf("\n");
    if (newline !== -1) resolveReady(output.slice(0, newline));
  });
  const done = new Promise<string>((resolve) => child.once("close", () => resolve(output)));
  return { child, ready, done };
}

/** Another terminal: prints its name, then everything written to it until a line with END. */
const OUTSIDE_TERMINAL = `
import os
master, slave = os.openpty()
print(os.ttyname(slave), flush=True)
data = b""
while b"END" not in data:
    data += os.read(master, 4096)
print(repr(data), flush=True)
`;

/** Runs argv[1:] with a new pty as its controlling terminal; prints what it wrote there. */
const ON_A_TERMINAL = `
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
print("ready", flush=True)
print(out.decode(errors="replace"), flush=True)
`;

/** Receives datagrams on a named and an abstract socket until END arrives on the named one. */
const DATAGRAM_LISTENER = `
import socket, sys, select
named = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
named.bind(sys.argv[1])
abstract = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
abstract.bind("\\0" + sys.argv[2])
print("ready", flush=True)
got = []
while b"END" not in got:
    readable, _, _ = select.select([named, abstract], [], [])
    for sock in readable:
        got.append(sock.recv(4096))
print(got, flush=True)
`;

/** Tries every way to get a datagram out: prints one line per attempt. */
const DATAGRAM_SENDER = `
import socket, sys, os
target, abstract = sys.argv[1], "\\0" + sys.argv[2]
NONBLOCK, CLOEXEC = socket.SOCK_NONBLOCK, socket.SOCK_CLOEXEC
for name, kind in [("dgram", socket.SOCK_DGRAM), ("raw", socket.SOCK_RAW), ("rdm", socket.SOCK_RDM),
                   ("dgram-flags", socket.SOCK_DGRAM | NONBLOCK | CLOEXEC), ("raw-flags", socket.SOCK_RAW | CLOEXEC),
                   ("seqpacket", socket.SOCK_SEQPACKET), ("stream", socket.SOCK_STREAM)]:
    try:
        sock = socket.socket(socket.AF_UNIX, kind)
    except OSError as error:
        print(name, "socket-refused", error.errno, flush=True)
        continue
    for address in (target, abstract):
        try:
            sock.sendto(b"LEAK-" + name.encode(), address)
            print(name, "sent", flush=True)
        except OSError as error:
            print(name, "sendto-refused", error.errno, flush=True)
        try:
            sock.connect(address)
            sock.send(b"LEAK-connect-" + name.encode())
            print(name, "connected", flush=True)
        except OSError as error:
            print(name, "connect-refused", error.errno, flush=True)
for name, kind in [("pair-dgram", socket.SOCK_DGRAM), ("pair-raw", socket.SOCK_RAW)]:
    try:
        left, right = socket.socketpair(socket.AF_UNIX, kind)
        left.sendto(b"LEAK-" + name.encode(), target)
        print(name, "sent", flush=True)
    except OSError as error:
        print(name, "refused", error.errno, flush=True)
left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
left.send(b"pair-ok")
print("stream-pair", right.recv(16).decode(), flush=True)
`;

describe.skipIf(!runnable).each(CONFIGURATIONS)(
  "terminals and sockets: $name",
  (configuration: SandboxConfiguration) => {
    let world: World;
    const helpers: ChildProcess[] = [];
    beforeEach(() => {
      world = createWorld({ gitRepo: false });
    });
    afterEach(() => {
      for (const helper of helpers.splice(0)) helper.kill("SIGKILL");
      world.dispose();
    });

    it("opens no other terminal, console or virtual console, and writes no fake prompt onto one", async () => {
      const terminal = startHelper(OUTSIDE_TERMINAL, []);
      helpers.push(terminal.child);
      const name = await terminal.ready;
      const devices = [name, "/dev/console", "/dev/tty0", "/dev/tty1", "/dev/vcs", "/dev/vcsa", "/dev/vcsu"];
      const result = await runSandboxed(
        world,
        configuration,
        shell(
          `for device in ${devices.join(" ")}; do ` +
            `if { echo "FAKE-$TOKEN approve? [y/N]" > $device; } 2>/dev/null; then echo "wrote $device"; fi; ` +
            `if { true < $device; } 2>/dev/null; then echo "opened $device"; fi; done; echo finished`,
        ),
      );
      expect(result.stdout).toBe("ran-inside\nfinished\n");
      // The victim's side: whatever reached that terminal shows up before END.
      writeFileSync(name, "END\n");
      const seen = await terminal.done;
      expect(seen).toContain("END");
      expect(seen).not.toContain("FAKE");
    });

    it("keeps its own terminal usable but refuses TIOCSTI input injection", async () => {
      const other = startHelper(OUTSIDE_TERMINAL, []);
      helpers.push(other.child);
      const otherName = await other.ready;
      const env = {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: world.home,
        TOKEN: world.token,
        ...configuration.env,
      };
      const prepared = prepareSandboxedSpawn(
        shell(
          `echo own > /dev/tty && echo tty-ok; echo again > /dev/fd/1 && echo fd-ok; ` +
            `perl -e 'my $c = "x"; print ioctl(STDIN, 0x5412, $c) ? "sti-ok\\n" : "sti-errno=" . ($!+0) . "\\n"'; ` +
            `{ echo "FAKE-$TOKEN" > ${otherName}; } 2>/dev/null && echo wrote-other; echo finished`,
        ),
        worldPolicy(world),
        { cwd: world.workspace, env },
      );
      const onTerminal = startHelper(ON_A_TERMINAL, [prepared.file, ...prepared.args]);
      helpers.push(onTerminal.child);
      const output = (await onTerminal.done).replaceAll("\r", "");
      expect(output).toContain("tty-ok\n");
      expect(output).toContain("fd-ok\n");
      expect(output).toContain("sti-errno=1\n");
      expect(output).toContain("finished\n");
      expect(output).not.toContain("wrote-other");
      writeFileSync(otherName, "END\n");
      expect(await other.done).not.toContain("FAKE");
    });

    it("sends no datagram to a named or abstract socket outside (SOCK_DGRAM, SOCK_RAW, flags, socketpair)", async () => {
      const socketPath = path.join(world.outside, "log.sock");
      const abstractName = `art-battery-${world.token}`;
      const listener = startHelper(DATAGRAM_LISTENER, [socketPath, abstractName]);
      helpers.push(listener.child);
      await listener.ready;
      const result = await runSandboxed(world, configuration, [
        PYTHON,
        "-c",
        DATAGRAM_SENDER,
        socketPath,
        abstractName,
      ]);
      const lines = result.stdout.trim().split("\n");
      for (const kind of ["dgram", "raw", "rdm", "dgram-flags", "raw-flags"])
        expect(lines).toContain(`${kind} socket-refused 1`);
      for (const kind of ["seqpacket", "stream"]) {
        expect(lines.filter((line) => line.startsWith(`${kind} `))).toEqual([
          `${kind} sendto-refused 1`,
          `${kind} connect-refused 1`,
          `${kind} sendto-refused 1`,
          `${kind} connect-refused 1`,
        ]);
      }
      expect(lines).toContain("pair-dgram refused 1");
      expect(lines).toContain("pair-raw refused 1");
      expect(lines).toContain("stream-pair pair-ok");
      // The victim's side: nothing but our own END arrived.
      const sender = spawn(PYTHON, [
        "-c",
        "import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b'END', sys.argv[1])",
        socketPath,
      ]);
      await new Promise((resolve) => sender.once("close", resolve));
      const received = await listener.done;
      expect(received).toContain("END");
      expect(received).not.toContain("LEAK");
    });
  },
);

import { realpathSync, statSync } from "node:fs";
import path from "node:path";
import { projectRoot, readTrustFile, trustOf, trustProject, untrustProject } from "../../config/index.js";
import { InvalidInputError } from "../../core/index.js";
import { resolveArtHome } from "../../runtime/index.js";
import type { CliIO, CommandMain } from "../command.js";
import { parseCommand } from "../parse-command.js";
import { UsageError } from "../usage-error.js";

const TRUST_HELP = `Usage: art trust [DIR] [--json]
       art trust --list [--json]

Trusts the project DIR belongs to (default: the current directory): its .art/config.toml and .art/rules.toml may
then loosen the session (sandbox, network, approval, env_allow/env_set, writable_roots, allow rules). Without
trust they can only tighten it. The project is its repository root (the nearest folder with .git), recorded by
its real path under $ART_HOME/trusted-projects.json; a directory later replaced at that path is not trusted.
--list prints the trusted projects.
`;

const UNTRUST_HELP = `Usage: art untrust DIR [--json]

Forgets the trust given to the project DIR belongs to with "art trust".
`;

/** The project root for a directory named on the command line, which must exist. */
function rootOf(io: CliIO, given: string | undefined, command: string): string {
  const dir = path.resolve(io.cwd, given ?? ".");
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    throw new InvalidInputError(`"${dir}" does not exist; name the project's directory.`);
  }
  if (!statSync(real).isDirectory())
    throw new UsageError(`"${dir}" is not a directory; name the project's directory.`, command);
  return projectRoot(real);
}

/** `art trust`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, { list: { type: "boolean" }, json: { type: "boolean" } }, TRUST_HELP, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const artHome = resolveArtHome(io.env);
  if (positionals.length > 1) throw new UsageError("name one directory at a time.", "trust");
  if (values.list) {
    if (positionals.length > 0) throw new UsageError("--list takes no directory.", "trust");
    const projects = readTrustFile(artHome).projects.map((project) => ({
      ...project,
      current: trustOf(artHome, project.path).trusted,
    }));
    if (values.json) io.stdout.write(`${JSON.stringify({ projects })}\n`);
    else
      for (const project of projects)
        io.stdout.write(`${project.path}${project.current ? "" : "  (replaced or gone: not trusted)"}\n`);
    return 0;
  }
  const root = rootOf(io, positionals[0], "trust");
  const entry = await trustProject(artHome, root);
  if (values.json) io.stdout.write(`${JSON.stringify({ trusted: entry })}\n`);
  else io.stdout.write(`${root}\n`);
  io.stderr.write(`Trusted ${root}: its .art/ configuration and rules may now loosen sessions there.\n`);
  return 0;
};

/** `art untrust`. */
export const untrust: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, { json: { type: "boolean" } }, UNTRUST_HELP, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError("name the project's directory.", "untrust");
  const artHome = resolveArtHome(io.env);
  // A directory that is gone can still be forgotten by the path it was trusted under.
  const given = path.resolve(io.cwd, positionals[0]!);
  let root: string;
  try {
    root = rootOf(io, given, "untrust");
  } catch {
    root = given;
  }
  const found = await untrustProject(artHome, root);
  if (values.json) io.stdout.write(`${JSON.stringify({ untrusted: root, was_trusted: found })}\n`);
  else io.stdout.write(`${root}\n`);
  io.stderr.write(found ? `No longer trusted: ${root}.\n` : `${root} was not trusted.\n`);
  return 0;
};

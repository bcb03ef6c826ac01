import { type ParseArgsConfig, parseArgs } from "node:util";
import type { CliIO } from "./command.js";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;
const HELP_OPTION = { help: { type: "boolean", short: "h" } } as const;

/** What {@link parseCommand} returns: node's own parse result for these options. */
export type Parsed<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & typeof HELP_OPTION; allowPositionals: true; strict: true }>
>;

/**
 * Parses a sub-command's arguments (strict: an unknown flag is a usage error) with `-h/--help` added. Prints `help`
 * and returns undefined when help was asked for, so a command reads:
 * `const parsed = parseCommand(args, OPTIONS, HELP, io); if (!parsed) return 0;`.
 */
export function parseCommand<const O extends OptionsConfig>(
  args: string[],
  options: O,
  help: string,
  io: CliIO,
): Parsed<O> | undefined {
  const parsed = parseArgs({
    args,
    options: { ...options, ...HELP_OPTION },
    allowPositionals: true,
    strict: true,
  });
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout.write(help);
    return undefined;
  }
  return parsed;
}

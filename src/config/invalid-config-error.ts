import { ArtError } from "../core/index.js";

/** A config file is unreadable, not TOML, or has unknown keys or bad values. */
export class InvalidConfigError extends ArtError {
  constructor(file: string, problem: string) {
    super("config.invalid", `Config file ${file}: ${problem}.`, {
      hint: "Fix or remove the entry; see the README's configuration section for the keys there are.",
    });
  }
}

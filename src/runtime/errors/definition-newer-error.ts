import { ArtError } from "../../core/index.js";

/** The session's journaled definition was written by a newer build, whose rules this one cannot read. */
export class DefinitionNewerError extends ArtError {
  constructor(sessionId: string, version: number, supported: number) {
    super(
      "runtime.definition_newer",
      `Session ${sessionId} journaled its definition in version ${version}; this build reads up to ${supported}.`,
      { hint: "Resume it with the newer build of agent-runtime that started it." },
    );
  }
}

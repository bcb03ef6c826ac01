import { ArtError } from "../../core/index.js";

/** `defineAgent` was given something it cannot run: names the field and what to do. */
export class InvalidDefinitionError extends ArtError {
  constructor(name: string, problem: string, hint: string) {
    super("agent.invalid_definition", `Agent definition "${name}": ${problem}.`, { hint });
  }
}

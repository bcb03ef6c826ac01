export { DefinitionChangedError } from "./definition-changed-error.js";
export { DefinitionNewerError } from "./definition-newer-error.js";
export { DefinitionRequiredError } from "./definition-required-error.js";
export { InvalidDefinitionError } from "./invalid-definition-error.js";
export { NoTurnCheckpointError } from "./no-turn-checkpoint-error.js";

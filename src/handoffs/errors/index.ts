export { HandoffLimitError } from "./handoff-limit-error.js";
export { HandoffNameClashError } from "./handoff-name-clash-error.js";
export { UnknownHandoffTargetError } from "./unknown-handoff-target-error.js";

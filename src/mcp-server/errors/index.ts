export { ToolArgumentError } from "./tool-argument-error.js";

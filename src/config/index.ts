export { InvalidConfigError } from "./invalid-config-error.js";
export { ConfigFile, loadConfig } from "./load-config.js";

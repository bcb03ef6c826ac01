export { contextWindowFor, DEFAULT_CONTEXT_WINDOW, DEFAULT_LOCAL_CONTEXT_WINDOW } from "./context-window.js";
export { type CreateModelClientOptions, createModelClient, MODEL_PROVIDERS } from "./create-model-client.js";
export * from "./errors/index.js";
export type { ModelClient, ModelEvent, ModelRequest, ModelToolSpec } from "./model-client.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy.js";
export { countAssistantResponses } from "./scripted/count-assistant-responses.js";
export { loadScriptFile } from "./scripted/load-script-file.js";
export { ModelScript, ScriptedResponse, ScriptedToolCall } from "./scripted/script.js";
export { type ScriptedModelOptions, scriptedModelFromResponses } from "./scripted/scripted-model.js";

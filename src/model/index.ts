export { absoluteScriptSpec } from "./absolute-script-spec.js";
export { type CheckedModelSpec, type CheckModelSpecOptions, checkModelSpec } from "./check-model-spec.js";
export { contextWindowFor, DEFAULT_CONTEXT_WINDOW, DEFAULT_LOCAL_CONTEXT_WINDOW } from "./context-window.js";
export { type CreateModelClientOptions, createModelClient, MODEL_PROVIDERS } from "./create-model-client.js";
export * from "./errors/index.js";
export type { ModelClient, ModelEvent, ModelRequest, ModelToolSpec } from "./model-client.js";
export { type ModelSettingsLayer, modelOptionsFromEnv } from "./model-options-from-env.js";
export {
  type GatePass,
  type LimitKey,
  type LimitState,
  type ProviderLimit,
  type RequestGate,
  readRateLimitHeaders,
  SharedRateLimits,
  type SharedRateLimitsOptions,
} from "./rate-limits/index.js";
export { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy.js";
export { countAssistantResponses } from "./scripted/count-assistant-responses.js";
export { loadScriptFile } from "./scripted/load-script-file.js";
export { ModelScript, ScriptedResponse, ScriptedToolCall } from "./scripted/script.js";
export { type ScriptedModelOptions, scriptedModelFromResponses } from "./scripted/scripted-model.js";
export { type SdkModelClientOptions, sdkModelClient } from "./sdk-model-client.js";
export { toolResultOutput, toProviderPrompt } from "./to-provider-prompt.js";

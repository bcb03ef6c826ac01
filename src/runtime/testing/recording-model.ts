import type { ModelClient, ModelRequest, ScriptedResponse } from "../../model/index.js";
import { scriptedModelFromResponses } from "../../model/index.js";

/** What one sampling request showed the model. */
export interface SeenRequest {
  system: string;
  tools: string[];
  /** The first user message: which session's task this was. */
  task: string;
}

/** The scripted model, recording the system prompt and tool names of every request it answers. */
export function recordingModel(
  responses: readonly ScriptedResponse[],
  spec = "scripted:recording",
): ModelClient & { seen: SeenRequest[] } {
  const inner = scriptedModelFromResponses(responses, { spec });
  const seen: SeenRequest[] = [];
  const firstUser = (request: ModelRequest) => {
    const item = request.items.find((entry) => entry.type === "user");
    return item?.type === "user" ? item.text : "";
  };
  return {
    spec: inner.spec,
    contextWindow: inner.contextWindow,
    seen,
    stream(request, signal) {
      seen.push({
        system: request.system,
        tools: request.tools.map((tool) => tool.name),
        task: firstUser(request),
      });
      return inner.stream(request, signal);
    },
  };
}

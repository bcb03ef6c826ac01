import { z } from "zod";
import { tool } from "../tool.js";

const UpdatePlanArgs = z.object({
  explanation: z.string().optional().describe("Why the plan changed."),
  plan: z
    .array(
      z.object({
        step: z.string().min(1),
        status: z.enum(["pending", "in_progress", "completed"]),
      }),
    )
    .describe("The whole plan; at most one step in_progress."),
});

/** `update_plan`: records the agent's plan so the user can follow along. */
export const updatePlanTool = tool({
  name: "update_plan",
  description:
    "Record or update your step-by-step plan. Send the whole plan each time; keep one step in_progress.",
  inputSchema: UpdatePlanArgs,
  effects: "read",
  async execute(args, context) {
    const active = args.plan.filter((item) => item.status === "in_progress").length;
    if (active > 1)
      return {
        content: [{ type: "text", text: `At most one step may be in_progress; ${active} were.` }],
        ok: false,
      };
    context.progress.plan({
      plan: args.plan,
      ...(args.explanation ? { explanation: args.explanation } : {}),
    });
    return "Plan updated.";
  },
});

import type { ContentBlock } from "./acp-types.js";

/**
 * The user's message of a `session/prompt` as the text our turn takes: text blocks as they are, embedded
 * resources (files the user attached) with their URI as a heading, links as their URI. Images and audio are not
 * advertised (`promptCapabilities`), so an editor does not send them; one that does gets them named, not dropped.
 */
export function promptText(blocks: readonly ContentBlock[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "text":
        parts.push(block.text);
        break;
      case "resource": {
        const resource = block.resource;
        parts.push(
          "text" in resource
            ? `<file uri="${resource.uri}">\n${resource.text}\n</file>`
            : `[binary resource ${resource.uri}]`,
        );
        break;
      }
      case "resource_link":
        parts.push(`[${block.name}](${block.uri})`);
        break;
      default:
        parts.push(`[${block.type} content not supported]`);
    }
  }
  return parts.join("\n\n").trim();
}

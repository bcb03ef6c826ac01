import { readFile } from "node:fs/promises";
import path from "node:path";
import { ScriptFileError } from "../errors/script-file-error.js";
import { ModelScript, type ScriptedResponse } from "./script.js";

/** Reads and validates a model script; every problem becomes a {@link ScriptFileError} naming the file. */
export async function loadScriptFile(file: string): Promise<ScriptedResponse[]> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === "ENOENT" ? "the file does not exist" : `it cannot be read (${code ?? String(error)})`;
    throw new ScriptFileError(absolute, problem, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScriptFileError(absolute, `it is not valid JSON (${(error as Error).message})`, error);
  }
  const parsed = ModelScript.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`)
      .join("; ");
    throw new ScriptFileError(absolute, issues, parsed.error);
  }
  return parsed.data.responses;
}

import { ArtError } from "../../core/index.js";

/** A grammar's WASM file could not be found or loaded (a broken install); the file is indexed by lines instead. */
export class GrammarLoadError extends ArtError {
  constructor(language: string, cause: unknown) {
    super("index.grammar_unavailable", `The tree-sitter grammar for ${language} could not be loaded.`, {
      hint: "Reinstall agent-runtime so its tree-sitter-* packages (and their .wasm files) are present.",
      cause,
    });
  }
}

/** The folder to index does not exist or is not a directory. */
export class IndexRootError extends ArtError {
  constructor(root: string, cause?: unknown) {
    super("index.root_invalid", `Cannot index "${root}": it does not exist or is not a directory.`, {
      hint: "Pass an existing directory: art index [DIR].",
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

/** No index exists for the workspace yet. */
export class IndexMissingError extends ArtError {
  constructor(root: string) {
    super("index.missing", `There is no index for ${root} yet.`, {
      hint: "Build it with: art index (run in the workspace, or pass its path).",
    });
  }
}

/** The index's bookkeeping file is from a newer build. */
export class IndexFormatError extends ArtError {
  constructor(file: string, found: string) {
    super(
      "index.format",
      `The workspace index ${file} has format version ${found}, newer than this build's.`,
      {
        hint: "Upgrade agent-runtime, or delete that folder and run art index again.",
      },
    );
  }
}

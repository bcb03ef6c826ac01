import { describe, expect, it } from "vitest";
import { CheckpointGitError, CheckpointNotFoundError } from "../checkpoint/index.js";
import { NothingToResumeError, SessionNotFoundError } from "../orchestrator/index.js";
import { MaxStepsError } from "../orchestrator/max-steps-error.js";
import { AuditCorruptError } from "../security/index.js";
import { SessionNotFoundError as StoreSessionNotFoundError } from "../store/errors/session-not-found-error.js";
import { StoreLockedError } from "../store/errors/store-locked-error.js";
import { cliHint, parseArgsMessage } from "./cli-hints.js";

// Errors a library user meets: they must not tell them to type `art ...` (the CLI adds that itself, by code).
const LIBRARY_ERRORS = [
  new SessionNotFoundError('with id "x"'),
  new NothingToResumeError("ses_x"),
  new MaxStepsError(100),
  new CheckpointNotFoundError("abcd"),
  new CheckpointGitError(["cat-file", "-p", "x"], 128, "fatal: bad object"),
  new AuditCorruptError("/h/audit/x.jsonl"),
  new StoreSessionNotFoundError("ses_x"),
  new StoreLockedError("/h/art.db", 5000),
];

describe("library errors and CLI hints", () => {
  it("library errors say what to do in library terms", () => {
    for (const error of LIBRARY_ERRORS) {
      expect({ code: error.code, message: error.message }).not.toMatchObject({
        message: expect.stringMatching(/\bart [a-z]|npm run|--last|`art`/),
      });
    }
  });

  it("the CLI adds the command to run", () => {
    expect(cliHint(new SessionNotFoundError("yet"))).toMatch(/art sessions.*--any-workspace/);
    expect(cliHint(new CheckpointNotFoundError("abcd"))).toMatch(/art checkpoints <session-id>/);
    expect(cliHint(new NothingToResumeError("ses_x"))).toMatch(/art resume <id>/);
  });

  it("turns parseArgs messages into one sentence without a closing period", () => {
    expect(
      parseArgsMessage(
        "Option '--at-turn' argument is ambiguous.\nDid you forget to specify the option argument for '--at-turn'?\nTo specify an option argument starting with a dash use '--at-turn=-XYZ'.",
      ),
    ).toBe(
      "Option '--at-turn' argument is ambiguous: to give a value that starts with a dash, write --at-turn=-XYZ",
    );
    expect(
      parseArgsMessage(
        "Unknown option '--bogus'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--bogus\"",
      ),
    ).toBe("Unknown option '--bogus'");
  });
});

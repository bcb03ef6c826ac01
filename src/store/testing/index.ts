// What a journal implementation's tests use: the shared contract suite and its sample events. Test-only (it
// imports vitest); the library's public API does not export it.
export { type JournalFactory, type JournalHarness, runJournalContract } from "../journal-contract.js";
export { collect, delta, sampleSettings, started, turn } from "./sample-events.js";

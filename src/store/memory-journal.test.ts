import { MemoryJournal } from "./index.js";
import { runJournalContract } from "./testing/index.js";

runJournalContract("memory", async ({ now }) => ({ journal: new MemoryJournal({ now }) }));

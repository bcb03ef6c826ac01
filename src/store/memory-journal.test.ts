import { MemoryJournal } from "./index.js";
import { runJournalContract } from "./journal-contract.js";

runJournalContract("memory", async ({ now }) => ({ journal: new MemoryJournal({ now }) }));

// Child process for the kill -9 test: indexes `total` chunks in batches of 10, printing "batch <n>" after each
// committed batch, then "done". The parent kills it mid-run and runs it again.
import { Memory } from "../../../src/memory/index.js";
import { HashEmbedder } from "./hash-embedder.js";

const [dir, totalArg] = process.argv.slice(2);
const total = Number(totalArg);
const store = await Memory.vectorStore(dir as string, { embedder: new HashEmbedder() });
for (let start = 0; start < total; start += 10) {
  const batch = [];
  for (let i = start; i < Math.min(total, start + 10); i++) {
    batch.push({ id: `doc-${i}`, text: `document number ${i} about topic ${i % 7}`, metadata: { n: i } });
  }
  await store.add(batch);
  process.stdout.write(`batch ${start / 10}\n`);
}
store.close();
process.stdout.write("done\n");

// Child process for the workspace index kill -9 test: indexes `root` into `artHome` with the hash embedder,
// printing "batch <files done>" after each committed batch, then "done <json stats>".
import { WorkspaceIndex } from "../../../src/workspace-index/index.js";
import { HashEmbedder } from "../memory/hash-embedder.js";

const [root, artHome] = process.argv.slice(2) as [string, string];
const index = await WorkspaceIndex.open(root, { artHome, embedder: new HashEmbedder() });
const stats = await index.update({ onBatch: (done) => process.stdout.write(`batch ${done}\n`) });
index.close();
process.stdout.write(`done ${JSON.stringify(stats)}\n`);

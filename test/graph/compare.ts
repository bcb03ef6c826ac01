// A quick side-by-side run of the scenarios (the vitest suite is the real check).
import * as langgraph from "@langchain/langgraph";
import * as ours from "../../src/graph/index.js";
import { normalise } from "./normalise.js";
import { scenarios } from "./scenarios.js";

const only = process.argv[2];
for (const scenario of scenarios) {
  if (only && !scenario.name.includes(only)) continue;
  const theirs = JSON.stringify(
    normalise(await scenario.run(langgraph).catch((error) => ({ crashed: String(error) }))),
  );
  const mine = JSON.stringify(
    normalise(await scenario.run(ours).catch((error) => ({ crashed: String(error?.stack ?? error) }))),
  );
  if (theirs === mine) console.log(`same: ${scenario.name}`);
  else console.log(`DIFF: ${scenario.name}\n  langgraph: ${theirs}\n  ours:      ${mine}`);
}

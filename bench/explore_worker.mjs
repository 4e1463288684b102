// "Find a failure" per wasm worker: runs the page's tools bundle (dist/zkplay-tools*, built by
// `trunk build --release`), as a search worker runs it — under Node, the same V8 engine and the
// same messages as in the browser's Web Worker — on the benchmark's fenced 3-client lock, and
// prints one JSON line: {"runs":…,"elapsed_ms":…,"runs_per_s":…}.
// usage: node bench/explore_worker.mjs DIST ENSEMBLE(0|1) RUNS DELAYS(0|1)
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dist, ensemble, runs, delays] = process.argv.slice(2);
const script =
  (ensemble === "1" ? "ensemble 3\n" : "") + "recipe lock /locks/db on a,b,c hold=20000 fencing=on\n";
const request = {
  script,
  property: "any",
  crashes: 1,
  pauses: 1,
  partitions: 1,
  server_crashes: 1,
  delays: Number(delays),
  horizon_ms: 60000,
  runs_max: Number(runs),
  search_seed: 0,
};

let done;
const finished = new Promise((resolve) => (done = resolve));
// The worker's global scope, as the bundle reaches it (`onmessage`, `postMessage`): with no
// `window`, the bundle listens for a search as in a worker.
globalThis.postMessage = (m) => {
  if (m === "ready") {
    globalThis.onmessage({ data: request });
  } else if (m.kind !== "progress") {
    done(m);
  }
};
const tools = await import(pathToFileURL(resolve(join(dist, "zkplay-tools.js"))).href);
await tools.default({ module_or_path: readFileSync(join(dist, "zkplay-tools_bg.wasm")) });
const m = await finished;
if (m.kind === "error") {
  console.log(JSON.stringify({ error: m.code, text: m.text }));
  process.exit(1);
}
const total = m.kind === "found" ? m.runs + m.shrink_runs : m.runs;
console.log(
  JSON.stringify({
    found: m.kind === "found",
    runs: total,
    elapsed_ms: m.elapsed_ms,
    runs_per_s: Math.round((total * 1000) / Math.max(1, m.elapsed_ms)),
  }),
);

// Runs one measurement of zkplay's benchmark library compiled to wasm, under Node:
//   node bench/run_wasm.mjs DIR SECTION "ARGS"
// DIR holds `wasm-bindgen --target nodejs` output; prints the section's JSON.
import { createRequire } from 'node:module';
import path from 'node:path';

const [dir, section, args = ''] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const bench = require(path.resolve(dir, 'zkplay_bench.js'));
console.log(bench.run_section(section, args));

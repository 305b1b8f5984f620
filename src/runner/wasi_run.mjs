// The tutor's WASI host, run by Node: node wasi_run.mjs <module.wasm> <dir> [args...]
// <dir> is preopened as /data. The program's exit code is ours; a trap prints
// "wasm trap: <message>" on stderr and exits with 134, as an abort would.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [wasmPath, dataDir, ...args] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: ['main', ...args],
  env: {},
  preopens: { '/data': dataDir },
  returnOnExit: true,
});
try {
  const module = await WebAssembly.compile(await readFile(wasmPath));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  process.exitCode = wasi.start(instance);
} catch (error) {
  if (error instanceof WebAssembly.RuntimeError) {
    process.stderr.write(`wasm trap: ${error.message}\n`);
    process.exitCode = 134;
  } else {
    throw error;
  }
}

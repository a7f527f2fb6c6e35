// ONNX Runtime peer for `compare-inference`: the same model files, batch 1,024, one thread.
// Install the peer outside the repository: cd /tmp/ortpeer && npm install onnxruntime-node
// Run: NODE_PATH=/tmp/ortpeer/node_modules node bench/Rampart.Benchmarks/Onnx/ort_peer.js DIR
const ort = require('onnxruntime-node');
const path = require('path');
const dir = process.argv[2] || '/tmp/rampart-inference';

function seeded(n) {
  // Any fixed values do; throughput does not depend on them for these models.
  const a = new Float32Array(n);
  let s = 7;
  for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) % 2147483648; a[i] = s / 2147483648; }
  return a;
}

(async () => {
  console.log('model,tool,rows_per_second');
  for (const file of ['mlp-50-128-64-2.onnx', 'gbdt-100x6.onnx']) {
    const session = await ort.InferenceSession.create(path.join(dir, file), { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
    const input = new ort.Tensor('float32', seeded(1024 * 50), [1024, 50]);
    const feeds = { [session.inputNames[0]]: input };
    for (let i = 0; i < 20; i++) await session.run(feeds);
    const started = process.hrtime.bigint();
    let batches = 0;
    while (process.hrtime.bigint() - started < 3000000000n) { await session.run(feeds); batches++; }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`${file},onnxruntime-node ${require('onnxruntime-node/package.json').version},${Math.round(batches * 1024 / seconds)}`);
  }
})().catch(e => { console.error(e); process.exit(1); });

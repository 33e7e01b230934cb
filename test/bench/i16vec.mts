import { createIntentClassifier } from '../../server/intent/create-classifier';
import { HARD_DEV_EXAMPLES, HARD_HELDOUT_EXAMPLES } from '../../shared/intent/index';
const c = createIntentClassifier();
const xs = [...HARD_DEV_EXAMPLES, ...HARD_HELDOUT_EXAMPLES].map((e) => e.text);
const before = xs.map((x) => c.classify(x));
let t = performance.now(); const c0 = process.cpuUsage(); for (let i = 0; i < 30000; i++) c.classify(xs[i % xs.length]!); const cu = process.cpuUsage(c0);
console.log('classify us wall', ((performance.now() - t) / 30000 * 1000).toFixed(1), 'cpu', ((cu.user + cu.system) / 30000).toFixed(1));

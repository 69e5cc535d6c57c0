import * as Y from 'yjs';
import * as aw from 'y-protocols/awareness';
globalThis.gc();
const b = process.memoryUsage().heapUsed;
const keep = [];
for (let i = 0; i < 1000; i++) { const d = new Y.Doc(); const a = new aw.Awareness(d); a.setLocalState(null); keep.push(a); }
globalThis.gc();
console.log('per doc+awareness KB', (process.memoryUsage().heapUsed - b) / 1000 / 1024);

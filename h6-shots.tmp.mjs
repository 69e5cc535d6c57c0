import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
const base = process.env.BASE;
const fixture = JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8'));
const post = async (path, token, body) => {
  const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return r.json();
};
const cur = await post('/api/journeys', null, fixture);
const v1 = await post(`/api/journeys/${cur.id}/versions`, cur.tokens.editor, { name: 'voor de workshop' });
const doc = new Y.Doc();
const provider = new WebsocketProvider(base.replace('http', 'ws') + '/sync', cur.id, doc, { params: { token: cur.tokens.editor }, WebSocketPolyfill: WebSocket, disableBc: true });
provider.awareness.setLocalStateField('user', { name: 'Fatima', color: '#0b6e4f' });
await new Promise((r) => provider.once('sync', r));
doc.getMap('steps').get('afspraak').set('title', 'Maakt een afspraak (online of telefonisch)');
await new Promise((r) => setTimeout(r, 500));
const v2 = await post(`/api/journeys/${cur.id}/versions`, cur.tokens.editor, { name: 'na workshop 12 maart' });
provider.destroy();
const des = await post(`/api/journeys/${cur.id}/desired`, cur.tokens.facilitator);
const d2 = new Y.Doc();
const p2 = new WebsocketProvider(base.replace('http', 'ws') + '/sync', des.id, d2, { params: { token: des.tokens.editor }, WebSocketPolyfill: WebSocket, disableBc: true });
await new Promise((r) => p2.once('sync', r));
d2.transact(() => {
  const kcc = new Y.Map(); for (const [k, v] of Object.entries({ id: 'kcc', name: 'KCC', kind: 'telefoon' })) kcc.set(k, v);
  d2.getArray('channels').push([kcc]);
  const steps = d2.getMap('steps');
  steps.get('zoeken').set('stageId', 'afspraak'); steps.get('zoeken').set('order', 0.5);
  steps.get('afspraak').set('channelId', 'kcc');
  steps.get('afspraak').set('demands', { plan: 2, act: 2, persevere: 1, cope: 1 });
  steps.delete('ophalen');
  const call = new Y.Map(); for (const [k, v] of Object.entries({ id: 'terugbellen', title: 'KCC belt terug', stageId: 'ophalen', channelId: 'kcc', order: 3, waitDays: 5 })) call.set(k, v);
  steps.set('terugbellen', call);
  d2.getMap('painPoints').get('alleen-online').set('status', 'resolved');
});
await new Promise((r) => setTimeout(r, 800));
p2.destroy();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [w, h, tag] of [[1280, 900, 'desk'], [390, 844, 'phone']]) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, locale: 'nl-NL' });
  const page = await ctx.newPage();
  await page.goto(`${base}/reis/${cur.id}/versies/${v2.id}?token=${cur.tokens.viewer}`);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `/tmp/h6-version-${tag}.png`, fullPage: true });
  await page.goto(`${base}/reis/${des.id}/vergelijking?token=${des.tokens.viewer}`);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `/tmp/h6-compare-${tag}.png`, fullPage: true });
  if (tag === 'desk') { await page.emulateMedia({ media: 'print' }); await page.screenshot({ path: `/tmp/h6-compare-print.png`, fullPage: true }); }
  await ctx.close();
}
await browser.close();
console.log('ok');
process.exit(0);

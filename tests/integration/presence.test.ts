import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, eventually, synced, type Client } from '../helpers/clients';
import { awarenessMessage, awarenessUpdate, openRaw, type RawSocket } from '../helpers/raw-sync';
import { createJourney, startServer, type TestServer } from '../helpers/server';

const fixture = JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8')) as Record<
	string,
	unknown
>;

let server: TestServer;
const clients: Client[] = [];
const raws: RawSocket[] = [];

function client(id: string, token: string, name: string) {
	const c = connectClient(server.wsUrl, id, token);
	c.provider.awareness.setLocalStateField('user', { name, color: '#123456' });
	clients.push(c);
	return c;
}

function raw(id: string, token: string) {
	const r = openRaw(`${server.wsUrl}/${id}?token=${token}`);
	raws.push(r);
	return r;
}

/** The name an official client sees for a client id, or undefined when that id has no presence. */
function nameSeen(observer: Client, clientId: number): string | undefined {
	const state = observer.provider.awareness.getStates().get(clientId) as
		{ user?: { name?: string } } | undefined;
	return state?.user?.name;
}

function clockOf(c: Client): number {
	return c.provider.awareness.meta.get(c.doc.clientID)!.clock;
}

beforeAll(async () => {
	server = await startServer();
});
afterEach(() => {
	while (clients.length) clients.pop()!.destroy();
	while (raws.length) raws.pop()!.ws.close();
});
afterAll(async () => {
	await server?.stop();
});

describe('presence is bound to the connection that announced it', () => {
	it("a connection cannot change or remove another client's presence; its own goes through", async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const anna = client(id, tokens.editor, 'Anna');
		const bram = client(id, tokens.viewer, 'Bram');
		await Promise.all([synced(anna), synced(bram)]);
		await eventually(
			() => nameSeen(bram, anna.doc.clientID) === 'Anna' && nameSeen(anna, bram.doc.clientID) === 'Bram'
		);

		const mallory = raw(id, tokens.viewer);
		await mallory.opened;
		// Anna renamed with a newer clock, Bram removed, and Mallory's own presence last.
		mallory.send(
			awarenessMessage(awarenessUpdate(anna.doc.clientID, clockOf(anna) + 5, { user: { name: 'Nep' } }))
		);
		mallory.send(awarenessMessage(awarenessUpdate(bram.doc.clientID, clockOf(bram) + 5, null)));
		mallory.send(awarenessMessage(awarenessUpdate(424242, 1, { user: { name: 'Mallory' } })));
		// Messages of one socket are handled in order: once Mallory shows, the two before were handled.
		await eventually(() => nameSeen(anna, 424242) === 'Mallory' && nameSeen(bram, 424242) === 'Mallory');
		expect(nameSeen(bram, anna.doc.clientID)).toBe('Anna');
		expect(nameSeen(anna, bram.doc.clientID)).toBe('Bram');
		// Dropped, not closed: the official client relays others' entries in its own messages.
		expect(mallory.isOpen()).toBe(true);

		// A late joiner gets the true states from the server, too.
		const late = client(id, tokens.viewer, 'Later');
		await synced(late);
		await eventually(() => nameSeen(late, 424242) === 'Mallory');
		expect(nameSeen(late, anna.doc.clientID)).toBe('Anna');
		expect(nameSeen(late, bram.doc.clientID)).toBe('Bram');

		// Mallory may remove her own presence.
		mallory.send(awarenessMessage(awarenessUpdate(424242, 2, null)));
		await eventually(() => nameSeen(anna, 424242) === undefined, 10_000, 'own removal');
	});

	it('an id held by another connection is refused until that connection is gone', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const observer = client(id, tokens.viewer, 'Kijker');
		await synced(observer);
		const first = raw(id, tokens.editor);
		const second = raw(id, tokens.editor);
		await Promise.all([first.opened, second.opened]);
		first.send(awarenessMessage(awarenessUpdate(777, 1, { user: { name: 'Eerste' } })));
		await eventually(() => nameSeen(observer, 777) === 'Eerste');
		second.send(awarenessMessage(awarenessUpdate(777, 9, { user: { name: 'Tweede' } })));
		second.send(awarenessMessage(awarenessUpdate(888, 1, { user: { name: 'Tweede eigen' } })));
		await eventually(() => nameSeen(observer, 888) === 'Tweede eigen');
		expect(nameSeen(observer, 777)).toBe('Eerste');

		// Once the holder leaves, its presence goes and the id is free again.
		first.ws.close();
		await eventually(() => nameSeen(observer, 777) === undefined, 10_000, 'holder gone');
		second.send(awarenessMessage(awarenessUpdate(777, 20, { user: { name: 'Tweede' } })));
		await eventually(() => nameSeen(observer, 777) === 'Tweede', 10_000, 'id claimed again');
	});

	it('official clients still see each other come, change and go', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const anna = client(id, tokens.editor, 'Anna');
		const bram = client(id, tokens.editor, 'Bram');
		await Promise.all([synced(anna), synced(bram)]);
		await eventually(() => nameSeen(anna, bram.doc.clientID) === 'Bram');
		bram.provider.awareness.setLocalStateField('user', { name: 'Bram B.', color: '#654321' });
		await eventually(() => nameSeen(anna, bram.doc.clientID) === 'Bram B.', 10_000, 'rename');
		// Anna's echo of Bram's change (the official client relays what it sees) did not take it over.
		const bramId = bram.doc.clientID;
		bram.provider.disconnect();
		await eventually(() => nameSeen(anna, bramId) === undefined, 10_000, 'Bram gone');
		// The client resends its state with the clock the server already removed; its
		// renewal (every 15 s) brings it back, and binds the id to the new connection.
		bram.provider.connect();
		await eventually(() => nameSeen(anna, bramId) === 'Bram B.', 25_000, 'Bram back');
		bram.provider.disconnect();
		await eventually(() => nameSeen(anna, bramId) === undefined, 10_000, 'Bram gone again');
	}, 60_000);

	it('a summon and the role shown come from the connection: a participant cannot summon or pose as begeleider', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const fatima = client(id, tokens.facilitator, 'Fatima');
		const bas = client(id, tokens.editor, 'Bas');
		await Promise.all([synced(fatima), synced(bas)]);
		const stateOf = (observer: Client, clientId: number) =>
			observer.provider.awareness.getStates().get(clientId) as
				{ user?: { name?: string }; role?: string | null; summon?: { id: string } | null } | undefined;
		const view = { x0: 0, y0: 0, x1: 100, y1: 100 };

		// Bas's client says it is a facilitator and summons everyone: the others see a participant.
		bas.provider.awareness.setLocalStateField('role', 'facilitator');
		bas.provider.awareness.setLocalStateField('summon', { id: 'door-bas', view, stepId: null });
		bas.provider.awareness.setLocalStateField('user', { name: 'Bas B.', color: '#123456' });
		await eventually(() => stateOf(fatima, bas.doc.clientID)?.user?.name === 'Bas B.');
		expect(stateOf(fatima, bas.doc.clientID)?.role).toBe('editor');
		expect(stateOf(fatima, bas.doc.clientID)?.summon ?? null).toBeNull();

		// The same through a raw socket with the editor's token.
		const mallory = raw(id, tokens.editor);
		await mallory.opened;
		mallory.send(
			awarenessMessage(
				awarenessUpdate(515151, 1, {
					user: { name: 'Mallory', color: '#123456' },
					role: 'facilitator',
					summon: { id: 'door-mallory', view, stepId: null }
				})
			)
		);
		await eventually(() => stateOf(fatima, 515151)?.user?.name === 'Mallory');
		expect(stateOf(fatima, 515151)?.role).toBe('editor');
		expect(stateOf(fatima, 515151)?.summon ?? null).toBeNull();
		expect(mallory.isOpen()).toBe(true);

		// The facilitator's summon reaches the participant as sent.
		fatima.provider.awareness.setLocalStateField('role', 'facilitator');
		fatima.provider.awareness.setLocalStateField('summon', { id: 'door-fatima', view, stepId: null });
		await eventually(() => stateOf(bas, fatima.doc.clientID)?.summon?.id === 'door-fatima');
		expect(stateOf(bas, fatima.doc.clientID)?.role).toBe('facilitator');
	});
});

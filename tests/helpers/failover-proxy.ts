import { connect, createServer, type Socket } from 'node:net';

/**
 * The smallest load balancer: a TCP proxy that sends each new connection to
 * the first instance that accepts it. When that instance dies, its clients'
 * reconnects land on the next one, as behind a real load balancer.
 */
export async function failoverProxy(
	ports: number[]
): Promise<{ url: string; wsUrl: string; close: () => Promise<void> }> {
	const sockets = new Set<Socket>();
	const server = createServer((client) => {
		sockets.add(client);
		client.on('close', () => sockets.delete(client));
		client.on('error', () => client.destroy());
		const tryNext = (i: number) => {
			if (i >= ports.length) {
				client.destroy();
				return;
			}
			let connected = false;
			const upstream = connect(ports[i], '127.0.0.1');
			sockets.add(upstream);
			upstream.once('connect', () => {
				connected = true;
				client.pipe(upstream);
				upstream.pipe(client);
			});
			upstream.on('error', () => {
				if (!connected) tryNext(i + 1);
				else client.destroy();
			});
			upstream.on('close', () => {
				sockets.delete(upstream);
				if (connected) client.destroy();
			});
			client.on('close', () => upstream.destroy());
		};
		tryNext(0);
	});
	const port = await new Promise<number>((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			resolve(typeof address === 'object' && address ? address.port : 0);
		})
	);
	return {
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}/sync`,
		close: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			})
	};
}

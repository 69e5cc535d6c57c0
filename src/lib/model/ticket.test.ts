import { describe, expect, it } from 'vitest';
import { Ticket } from './ticket';

const minimal = { id: 't1', department: 'Burgerzaken', title: 'Zoekwoorden verbeteren' };

describe('Ticket schema', () => {
	it('fills in owner, due date and acceptance criteria, so older files stay valid', () => {
		expect(Ticket.parse(minimal)).toEqual({
			...minimal,
			painPointIds: [],
			description: '',
			priority: 'medium',
			status: 'open',
			owner: '',
			dueDate: '',
			acceptanceCriteria: '',
			replies: []
		});
	});

	it('keeps a reply thread and an effort estimate, and names the path of a bad reply', () => {
		const reply = { id: 'r1', at: '2026-03-01T09:30:00Z', by: 'Burgerzaken', text: 'Opgepakt in sprint 4.' };
		const t = Ticket.parse({ ...minimal, replies: [reply], effort: 'S' });
		expect(t.replies).toEqual([reply]);
		expect(t.effort).toBe('S');
		expect(Ticket.parse(minimal)).not.toHaveProperty('effort');
		const bad = Ticket.safeParse({ ...minimal, replies: [{ ...reply, at: 'gisteren' }], effort: 'XL' });
		expect(bad.success).toBe(false);
		expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['effort', 'replies.0.at']);
	});

	it('keeps the new fields as given', () => {
		const t = Ticket.parse({
			...minimal,
			owner: '  Teamleider Burgerzaken ',
			dueDate: '2026-02-28',
			acceptanceCriteria: 'Het KCC ziet de status.\nMinder dan 5 terugbelnotities per week.'
		});
		expect(t.owner).toBe('Teamleider Burgerzaken');
		expect(t.dueDate).toBe('2026-02-28');
		expect(t.acceptanceCriteria).toContain('\n');
	});

	it.each(['2026-02-30', '2026-13-01', '28-02-2026', '2026-2-1', '2026-02-28T10:00:00Z', 'morgen'])(
		'refuses the due date %s with its path',
		(dueDate) => {
			const result = Ticket.safeParse({ ...minimal, dueDate });
			expect(result.success).toBe(false);
			if (!result.success) expect(result.error.issues.map((i) => i.path.join('.'))).toContain('dueDate');
		}
	);

	it('accepts a leap day only in a leap year', () => {
		expect(Ticket.safeParse({ ...minimal, dueDate: '2028-02-29' }).success).toBe(true);
		expect(Ticket.safeParse({ ...minimal, dueDate: '2027-02-29' }).success).toBe(false);
	});

	it('refuses an owner longer than 120 characters', () => {
		expect(Ticket.safeParse({ ...minimal, owner: 'x'.repeat(121) }).success).toBe(false);
	});
});

import { describe, expect, it } from 'vitest';
import { formatUsersTable } from './users-table';

describe('formatUsersTable', () => {
  it('aligns one user a line with status and creation day, and says when there are none', () => {
    const text = formatUsersTable([
      { id: 'u-1', email: 'ana@h.example', name: 'Ana Souza', role: 'admin', disabled: false, createdAt: '2025-03-04T10:00:00.000Z' },
      { id: 'u-2', email: 'jo@h.example', name: 'Jo', role: 'nurse', disabled: true, createdAt: '2025-03-05T10:00:00.000Z' },
    ]);
    expect(text.split('\n')).toEqual([
      'EMAIL          NAME       ROLE   STATUS    CREATED     ID',
      'ana@h.example  Ana Souza  admin  active    2025-03-04  u-1',
      'jo@h.example   Jo         nurse  disabled  2025-03-05  u-2',
      '',
    ]);
    expect(formatUsersTable([])).toBe('(no users)\n');
  });
});

import type { UserSummary } from '@plantao/shared';

/** `list-users` for a person: aligned columns, one user a line, no password hashes (the service never reads them). */
export function formatUsersTable(users: readonly UserSummary[]): string {
  if (users.length === 0) return '(no users)\n';
  const header = ['EMAIL', 'NAME', 'ROLE', 'STATUS', 'CREATED', 'ID'];
  const rows = users.map((u) => [u.email, u.name, u.role, u.disabled ? 'disabled' : 'active', u.createdAt.slice(0, 10), u.id]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

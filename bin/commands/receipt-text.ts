/** A receipt as a partner reads it on a terminal. */
import type { Receipt } from '../../schemas';

export function receiptText(r: Receipt): string {
  const lines = [
    `${r.status}  ${r.key}`,
    `  upload ${r.upload_id}  ${r.bytes} bytes  sha256 ${r.sha256.slice(0, 16)}…`,
    `  rows read ${r.rows_read}, accepted ${r.rows_accepted}, rejected ${r.rows_rejected}`,
  ];
  if (r.supersedes) lines.push(`  supersedes ${r.supersedes}`);
  if (r.duplicate_of) lines.push(`  same bytes as ${r.duplicate_of}: nothing changed`);
  for (const [title, list] of [['errors', r.errors], ['warnings', r.warnings]] as const) {
    if (!list.length) continue;
    lines.push(`  ${title}:`);
    for (const i of list) {
      const rows = i.rows.length ? ` rows ${i.rows.slice(0, 10).join(', ')}${i.count > 10 ? ', …' : ''}` : '';
      lines.push(`    ${i.code} ${i.column ?? ''} ×${i.count}${rows}: ${i.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Text for HTML markup written on the Node side: `& < > " '` as character references. Pure. */
const REFS: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => REFS[c] ?? c);
}

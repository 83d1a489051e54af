// The per-run token `modem-doctor serve` prints in the page's URL (?token=…, or #token=…): the
// WebSocket presents it again. DOM-free, so the unit tests read it in Node.

export function tokenFromLocation(loc: { search: string; hash: string }): string | null {
  const fromQuery = new URLSearchParams(loc.search).get('token');
  if (fromQuery) return fromQuery;
  const fromHash = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token');
  return fromHash || null;
}

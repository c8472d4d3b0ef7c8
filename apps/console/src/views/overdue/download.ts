/**
 * The file name a download is saved under, from its Content-Disposition (RFC 6266): the UTF-8
 * `filename*` (the Chinese name) first, else the ASCII `filename`, else `fallback`. Pure, no DOM.
 */
export function fileNameOf(contentDisposition: string | null, fallback: string): string {
  if (!contentDisposition) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(contentDisposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // a malformed escape: fall back to the ASCII name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(contentDisposition);
  const name = plain ? (plain[1] ?? plain[2]).trim() : '';
  return name || fallback;
}

/** The supervision levels the 超期督办 screen issues from a row (约谈 needs its day and attendees: on the case page). */
export const ROW_LEVELS = [
  { level: 'urge', name: '催办' },
  { level: 'supervise', name: '督办' },
  { level: 'listed', name: '挂牌督办' },
] as const;
export type RowLevel = (typeof ROW_LEVELS)[number]['level'];

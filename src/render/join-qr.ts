import QRCode from 'qrcode';

const cache = new Map<string, string>();
const CACHE_SIZE = 64;

/**
 * The join link as a QR code, server-rendered SVG (a room of phones scans it from the projector). The
 * SVG is made by the qrcode library from our own URL, and holds only paths: no text, no script, no style.
 * Kept per URL, since a projector asks every 30 s and the code never changes.
 */
export async function joinQrSvg(url: string, label = 'QR code of the join link'): Promise<string> {
  const key = `${label}\n${url}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const svg = await QRCode.toString(url, {
    type: 'svg',
    margin: 1,
    errorCorrectionLevel: 'M',
    color: { dark: '#000000', light: '#ffffff' },
  });
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  // The label is ours (never a visitor's), so it is written as it is.
  cache.set(key, svg.replace('<svg ', `<svg class="qr" role="img" aria-label="${label}" `));
  return cache.get(key)!;
}

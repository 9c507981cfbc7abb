// A QR code drawn as inline SVG: no canvas, no data URL, nothing the strict
// Content-Security-Policy would have to allow.
import qrcode from 'qrcode-generator';
import { useMemo } from 'preact/hooks';

/** The standard's quiet zone, in modules: scanners need it to find the code. */
const QUIET = 4;

function modulesPath(text: string): { d: string; size: number } {
  // Lowest error correction: a screen is not torn or stained, and fewer modules scan better at this size.
  const qr = qrcode(0, 'L');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  let d = '';
  for (let r = 0; r < n; r++) {
    // One rectangle per run of dark modules keeps the path short.
    for (let c = 0; c < n; ) {
      if (!qr.isDark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.isDark(r, c)) c++;
      d += `M${start + QUIET} ${r + QUIET}h${c - start}v1h-${c - start}z`;
    }
  }
  return { d, size: n + 2 * QUIET };
}

export function QrCode({ text, label }: { text: string; label: string }) {
  const { d, size } = useMemo(() => modulesPath(text), [text]);
  return (
    <svg class="qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} data-qr-text={text}>
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" shape-rendering="crispEdges" />
    </svg>
  );
}

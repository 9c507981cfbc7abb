// Reading a printed ticket back: the PDF Chromium prints (its pages' sizes)
// and the QR drawn on it (its dark modules, compared with the encoding of the
// link by the same encoder the page uses: no QR decoder is installed here).
import qrcode from 'qrcode-generator';

const POINTS_PER_MM = 72 / 25.4;

/** Each page's MediaBox as width × height in millimetres. Chromium writes page dictionaries uncompressed. */
export function pdfPagesMm(pdf: Buffer): { width: number; height: number }[] {
  const text = pdf.toString('latin1');
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g)];
  return boxes.map((m) => ({
    width: (Number(m[3]) - Number(m[1])) / POINTS_PER_MM,
    height: (Number(m[4]) - Number(m[2])) / POINTS_PER_MM,
  }));
}

/** The modules the page's SVG path draws dark, as rows of 0 and 1 (QrCode.tsx: one rectangle per run, after a quiet zone). */
export function drawnModules(path: string, size: number, quiet = 4): string[] {
  const n = size - 2 * quiet;
  const grid = Array.from({ length: n }, () => Array<string>(n).fill('0'));
  for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, w] = [Number(m[1]) - quiet, Number(m[2]) - quiet, Number(m[3])];
    for (let c = x; c < x + w; c++) grid[y]![c] = '1';
  }
  return grid.map((row) => row.join(''));
}

/** The modules of `text` encoded as the page encodes it (QrCode.tsx: lowest error correction, smallest version). */
export function expectedModules(text: string): string[] {
  const qr = qrcode(0, 'L');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (qr.isDark(r, c) ? '1' : '0')).join(''));
}

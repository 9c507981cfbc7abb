// Writes the app icons into client/public. Run once after changing the design:
//   node --import tsx tools/make-icons.ts
// Drawn here rather than exported from a design tool so the PNGs can be
// regenerated on any machine with nothing but Node.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BRAND: Rgb = [15, 118, 110];
const WHITE: Rgb = [255, 255, 255];
/** Samples per pixel side: smooth edges without an image library. */
const SUPERSAMPLE = 4;
const OUT = join(import.meta.dirname, '..', 'client', 'public');

type Rgb = [number, number, number];

/**
 * The "Q" of DoctorQ: a ring with a tail, in unit coordinates centred on 0.
 * `scale` shrinks the glyph for the maskable icon, whose safe zone is the
 * central circle of 80% diameter.
 */
function glyph(x: number, y: number, scale: number): boolean {
  const [gx, gy] = [x / scale, y / scale];
  const r = Math.hypot(gx, gy);
  if (r > 0.22 && r < 0.34) return true;
  // Tail: a thick segment from inside the ring towards the lower right.
  const t = Math.max(0, Math.min(1, (gx - 0.12 + (gy - 0.12)) / 0.5));
  const px = 0.12 + t * 0.25;
  const py = 0.12 + t * 0.25;
  return Math.hypot(gx - px, gy - py) < 0.06;
}

/** Rounded square with transparent corners (regular icon) or full bleed (maskable). */
function inBackground(x: number, y: number, maskable: boolean): boolean {
  if (maskable) return true;
  const half = 0.5;
  const radius = 0.2;
  const dx = Math.max(Math.abs(x) - (half - radius), 0);
  const dy = Math.max(Math.abs(y) - (half - radius), 0);
  return Math.hypot(dx, dy) <= radius;
}

function render(size: number, maskable: boolean): Buffer {
  const scale = maskable ? 0.75 : 1;
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let py = 0; py < size; py++) {
    const row = py * (size * 4 + 1);
    raw[row] = 0; // PNG filter: none
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size - 0.5;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size - 0.5;
          if (!inBackground(x, y, maskable)) continue;
          bg++;
          if (glyph(x, y, scale)) fg++;
        }
      }
      const n = SUPERSAMPLE * SUPERSAMPLE;
      const f = bg === 0 ? 0 : fg / bg;
      const o = row + 1 + px * 4;
      for (let c = 0; c < 3; c++) raw[o + c] = Math.round(BRAND[c]! * (1 - f) + WHITE[c]! * f);
      raw[o + 3] = Math.round((255 * bg) / n);
    }
  }
  return png(size, raw);
}

function png(size: number, raw: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

writeFileSync(join(OUT, 'icon-192.png'), render(192, false));
writeFileSync(join(OUT, 'icon-512.png'), render(512, false));
writeFileSync(join(OUT, 'icon-maskable-512.png'), render(512, true));
writeFileSync(join(OUT, 'apple-touch-icon.png'), render(180, true));
console.log(`icons written to ${OUT}`);

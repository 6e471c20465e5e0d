/**
 * A small log-log line chart as hand-written SVG (no plotting service, no dependency):
 * x = pods, left series = wall time, with the target marked.
 */

export interface Point {
  x: number;
  y: number;
  label?: string;
}

export interface Series {
  name: string;
  color: string;
  points: Point[];
  dashed?: boolean;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function ticks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) out.push(10 ** e);
  return out;
}

export function logLogChart(opts: { title: string; xLabel: string; yLabel: string; series: Series[]; markers?: { x: number; y: number; label: string; color: string }[]; yFormat: (v: number) => string }): string {
  const W = 780;
  const H = 420;
  const m = { l: 80, r: 210, t: 40, b: 56 };
  const all = [...opts.series.flatMap((s) => s.points), ...(opts.markers ?? [])].filter((p) => p.x > 0 && p.y > 0);
  const xs = ticks(Math.min(...all.map((p) => p.x)), Math.max(...all.map((p) => p.x)));
  const ys = ticks(Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y)));
  const [x0, x1] = [Math.log10(xs[0]), Math.log10(xs[xs.length - 1])];
  const [y0, y1] = [Math.log10(ys[0]), Math.log10(ys[ys.length - 1])];
  const px = (x: number): number => m.l + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * (W - m.l - m.r);
  const py = (y: number): number => H - m.b - ((Math.log10(y) - y0) / (y1 - y0 || 1)) * (H - m.t - m.b);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2 - m.r / 2 + m.l / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(opts.title)}</text>`);
  for (const x of xs) parts.push(`<line x1="${px(x)}" y1="${m.t}" x2="${px(x)}" y2="${H - m.b}" stroke="#e3e3e3"/><text x="${px(x)}" y="${H - m.b + 16}" text-anchor="middle">${x.toLocaleString('en-US')}</text>`);
  for (const y of ys) parts.push(`<line x1="${m.l}" y1="${py(y)}" x2="${W - m.r}" y2="${py(y)}" stroke="#e3e3e3"/><text x="${m.l - 6}" y="${py(y) + 4}" text-anchor="end">${esc(opts.yFormat(y))}</text>`);
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 14}" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(opts.yLabel)}</text>`);
  opts.series.forEach((s, i) => {
    const pts = s.points.filter((p) => p.x > 0 && p.y > 0);
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) {
      parts.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="4" fill="${s.color}"/>`);
      if (p.label) parts.push(`<text x="${(px(p.x) + 6).toFixed(1)}" y="${(py(p.y) - 6).toFixed(1)}" fill="${s.color}">${esc(p.label)}</text>`);
    }
    const ly = m.t + 10 + i * 20;
    parts.push(`<line x1="${W - m.r + 14}" y1="${ly}" x2="${W - m.r + 40}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/><text x="${W - m.r + 46}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  (opts.markers ?? []).forEach((mk, i) => {
    parts.push(`<path d="M ${px(mk.x) - 6} ${py(mk.y)} l 6 -6 l 6 6 l -6 6 z" fill="none" stroke="${mk.color}" stroke-width="2"/>`);
    const ly = m.t + 10 + (opts.series.length + i) * 20;
    parts.push(`<path d="M ${W - m.r + 21} ${ly} l 6 -6 l 6 6 l -6 6 z" fill="none" stroke="${mk.color}" stroke-width="2"/><text x="${W - m.r + 46}" y="${ly + 4}">${esc(mk.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

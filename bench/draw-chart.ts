import type { SecondBucket } from './contender-result.js';

/** One contender's line pair. */
export interface ChartSeries {
  readonly name: string;
  readonly perSecond: readonly SecondBucket[];
}

export interface ChartOptions {
  readonly title: string;
  readonly series: readonly ChartSeries[];
  /** Writes per second the budget allows; drawn as a horizontal line on the accepted-writes panel. */
  readonly budgetPerSecond: number;
  /**
   * Accepted writes above this many budgets per second are clipped to the top of the panel and
   * labelled with their value, so an opening burst does not flatten the steady state that
   * matters into the floor.
   * @default 4
   */
  readonly clipAtBudgets?: number;
  /** @default 960 */
  readonly width?: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const FONT = 'font-family="system-ui, sans-serif"';
const LEFT = 64;
const RIGHT = 24;

/**
 * Accepted writes per second (solid) and 429s per second (dashed) over time, one colour per
 * contender, as plain SVG text. Two panels sharing the time axis, because 429 storms run an
 * order of magnitude above the budget and would squash the accepted lines in one panel.
 */
export function drawChart(options: ChartOptions): string {
  const width = options.width ?? 960;
  const budget = options.budgetPerSecond;
  const seconds = Math.max(10, ...options.series.map((s) => s.perSecond.length + 1));
  const maxAccepted = Math.max(0, ...options.series.flatMap((s) => s.perSecond.map((b) => b.accepted)));
  const maxThrottled = Math.max(0, ...options.series.flatMap((s) => s.perSecond.map((b) => b.throttled)));
  const acceptedTop = niceCeil(Math.max(budget * 1.25, Math.min(maxAccepted, budget * (options.clipAtBudgets ?? 4))));
  const throttledTop = niceCeil(Math.max(1, maxThrottled));

  const top = { y: 116, height: 240 };
  const bottom = { y: top.y + top.height + 56, height: 180 };
  const height = bottom.y + bottom.height + 56;
  const plotWidth = width - LEFT - RIGHT;
  const x = (second: number) => LEFT + (second / seconds) * plotWidth;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="26" text-anchor="middle" font-size="16" font-weight="600">${escapeXml(options.title)}</text>`,
    ...legend(options.series, budget),
    ...panel({ ...top, x, seconds, plotWidth, yTop: acceptedTop, label: 'accepted writes per second' }),
    ...panel({ ...bottom, x, seconds, plotWidth, yTop: throttledTop, label: '429 responses per second' }),
  ];

  const yAccepted = (v: number) => top.y + top.height - (Math.min(v, acceptedTop) / acceptedTop) * top.height;
  const yThrottled = (v: number) => bottom.y + bottom.height - (v / throttledTop) * bottom.height;
  parts.push(
    `<line x1="${LEFT}" x2="${LEFT + plotWidth}" y1="${yAccepted(budget)}" y2="${yAccepted(budget)}" stroke="#555" stroke-width="1.5" stroke-dasharray="2 3"/>`,
    `<text x="${LEFT + plotWidth - 4}" y="${yAccepted(budget) - 5}" text-anchor="end" fill="#555">budget ${formatNumber(budget)}/s</text>`,
  );
  options.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] as string;
    // One quiet second after the last: a run that fits in one second still draws a line, and
    // every line visibly returns to zero where its contender stopped writing.
    const buckets = [...s.perSecond, { second: s.perSecond.length, accepted: 0, throttled: 0 }];
    const accepted = buckets.map((b) => [x(b.second), yAccepted(b.accepted)] as const);
    const throttled = buckets.map((b) => [x(b.second), yThrottled(b.throttled)] as const);
    parts.push(polyline(accepted, color, ''), polyline(throttled, color, ' stroke-dasharray="6 4"'));
    for (const clipped of clippedPeaks(s.perSecond, acceptedTop)) {
      parts.push(`<text x="${x(clipped.second) + 3}" y="${top.y + 12 + i * 12}" fill="${color}" font-size="10">${clipped.accepted}↑</text>`);
    }
  });
  parts.push(
    `<text x="${LEFT + plotWidth / 2}" y="${height - 14}" text-anchor="middle">seconds since the contender started</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}

function legend(series: readonly ChartSeries[], budget: number): string[] {
  const entries: string[] = [];
  let at = LEFT;
  const y = 54;
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] as string;
    entries.push(
      `<line x1="${at}" x2="${at + 24}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="3"/>`,
      `<text x="${at + 30}" y="${y + 4}">${escapeXml(s.name)}</text>`,
    );
    at += 40 + s.name.length * 7;
  });
  const key = [
    ['', 'accepted'],
    [' stroke-dasharray="6 4"', '429s'],
  ] as const;
  let keyAt = LEFT;
  const keyY = y + 20;
  for (const [dash, text] of key) {
    entries.push(
      `<line x1="${keyAt}" x2="${keyAt + 24}" y1="${keyY}" y2="${keyY}" stroke="#333" stroke-width="2"${dash}/>`,
      `<text x="${keyAt + 30}" y="${keyY + 4}">${text}</text>`,
    );
    keyAt += 100;
  }
  entries.push(
    `<line x1="${keyAt}" x2="${keyAt + 24}" y1="${keyY}" y2="${keyY}" stroke="#555" stroke-width="1.5" stroke-dasharray="2 3"/>`,
    `<text x="${keyAt + 30}" y="${keyY + 4}">budget (${formatNumber(budget)} writes/s)</text>`,
  );
  return entries;
}

interface PanelLayout {
  readonly y: number;
  readonly height: number;
  readonly x: (second: number) => number;
  readonly seconds: number;
  readonly plotWidth: number;
  readonly yTop: number;
  readonly label: string;
}

/** Frame, grid, ticks and the y label of one panel. */
function panel(p: PanelLayout): string[] {
  const out: string[] = [
    `<text x="${LEFT}" y="${p.y - 8}" font-weight="600">${escapeXml(p.label)}</text>`,
  ];
  for (const value of ticks(p.yTop)) {
    const y = p.y + p.height - (value / p.yTop) * p.height;
    out.push(
      `<line x1="${LEFT}" x2="${LEFT + p.plotWidth}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${LEFT - 6}" y="${y + 4}" text-anchor="end">${formatNumber(value)}</text>`,
    );
  }
  for (const second of ticks(p.seconds)) {
    const x = p.x(second);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${p.y + p.height}" y2="${p.y + p.height + 5}" stroke="#333"/>`,
      `<text x="${x}" y="${p.y + p.height + 18}" text-anchor="middle">${formatNumber(second)}</text>`,
    );
  }
  out.push(
    `<line x1="${LEFT}" x2="${LEFT}" y1="${p.y}" y2="${p.y + p.height}" stroke="#333"/>`,
    `<line x1="${LEFT}" x2="${LEFT + p.plotWidth}" y1="${p.y + p.height}" y2="${p.y + p.height}" stroke="#333"/>`,
  );
  return out;
}

function polyline(points: ReadonlyArray<readonly [number, number]>, color: string, extra: string): string {
  const text = points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
  return `<polyline points="${text}" fill="none" stroke="${color}" stroke-width="1.6" stroke-linejoin="round"${extra}/>`;
}

/** The highest bucket of each run of consecutive buckets above the panel's top. */
function clippedPeaks(buckets: readonly SecondBucket[], top: number): SecondBucket[] {
  const peaks: SecondBucket[] = [];
  let current: SecondBucket | undefined;
  for (const b of buckets) {
    if (b.accepted > top) {
      if (!current || b.accepted > current.accepted) current = b;
    } else if (current) {
      peaks.push(current);
      current = undefined;
    }
  }
  if (current) peaks.push(current);
  return peaks;
}

/** A round number at or above `value` (1, 2, 2.5 or 5 times a power of ten), so ticks land on it. */
function niceCeil(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= value) return m * power;
  return 10 * power;
}

/** About five evenly spaced round values from 0 to `max`. */
function ticks(max: number): number[] {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough) || 1;
  const values: number[] = [];
  for (let v = 0; v <= max + step / 1e6; v += step) values.push(Number(v.toFixed(6)));
  return values;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

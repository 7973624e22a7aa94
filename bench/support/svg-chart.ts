/**
 * A grouped horizontal bar chart as a standalone SVG (no dependency, readable on GitHub): one group
 * per scenario, one bar per tool, the value printed at the end of each bar.
 */
export interface ChartGroup {
  label: string;
  bars: { name: string; value: number }[];
}

const COLOURS = ['#1f6feb', '#8250df', '#bf8700', '#1a7f37', '#cf222e'];
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function barChart(title: string, unit: string, groups: ChartGroup[]): string {
  const names = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.name)))];
  const max = Math.max(...groups.flatMap((g) => g.bars.map((b) => b.value)), 0) || 1;
  const labelWidth = 130;
  const plotWidth = 420;
  const bar = 16;
  const gap = 10;
  const legendHeight = 18 * names.length + 8;
  let y = 34;
  const body: string[] = [];
  for (const group of groups) {
    body.push(`<text x="8" y="${y + bar - 3}" font-weight="600">${escape(group.label)}</text>`);
    for (const entry of group.bars) {
      const width = Math.max(1, (entry.value / max) * plotWidth);
      const colour = COLOURS[names.indexOf(entry.name) % COLOURS.length];
      body.push(`<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${bar}" fill="${colour}"><title>${escape(entry.name)}: ${entry.value.toFixed(2)} ${unit}</title></rect>`);
      body.push(`<text x="${(labelWidth + width + 4).toFixed(1)}" y="${y + bar - 4}">${entry.value.toFixed(2)} ${unit}</text>`);
      y += bar + 2;
    }
    y += gap;
  }
  const legend = names.map((name, i) => {
    const ly = y + 4 + i * 18;
    return `<rect x="${labelWidth}" y="${ly}" width="12" height="12" fill="${COLOURS[i % COLOURS.length]}"/><text x="${labelWidth + 18}" y="${ly + 10}">${escape(name)}</text>`;
  });
  const height = y + legendHeight;
  const width = labelWidth + plotWidth + 90;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="8" y="18" font-size="14" font-weight="600">${escape(title)}</text>`,
    ...body,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}

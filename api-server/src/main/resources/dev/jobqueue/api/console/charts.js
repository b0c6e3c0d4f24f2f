// Small line charts drawn as SVG: a value per minute for each series, with axes and a legend.
const NS = 'http://www.w3.org/2000/svg';

function el(name, attributes, parent) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attributes)) {
    node.setAttribute(k, String(v));
  }
  if (parent) {
    parent.appendChild(node);
  }
  return node;
}

function niceMax(value) {
  if (value <= 4) {
    return 4;
  }
  const step = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * step >= value) {
      return m * step;
    }
  }
  return 10 * step;
}

function clock(instant) {
  const d = new Date(instant);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * Draws into container a chart of series ({name, values, css}) over minutes (ISO instants).
 * The SVG carries a text summary for screen readers; each point has a tooltip. The legend shows
 * legendValue of each series (its total by default).
 */
export function lineChart(container, minutes, series, label, legendValue = (values) => values.reduce((a, b) => a + b, 0)) {
  const width = 640;
  const height = 220;
  const left = 40;
  const right = 10;
  const top = 10;
  const bottom = 28;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const n = minutes.length;
  const x = (i) => left + (n <= 1 ? 0 : (i * plotW) / (n - 1));
  const y = (v) => top + plotH - (v * plotH) / max;

  const totals = series.map((s) => `${s.name} ${s.values.reduce((a, b) => a + b, 0)}`).join(', ');
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${label}: totals ${totals}`, class: 'chart-svg' });
  el('title', {}, svg).textContent = `${label}: totals ${totals}`;

  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    el('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), class: 'grid' }, svg);
    el('text', { x: left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, svg).textContent = String(Math.round(v * 10) / 10);
  }
  for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 6))) {
    el('text', { x: x(i), y: height - 8, class: 'tick', 'text-anchor': 'middle' }, svg).textContent = clock(minutes[i]);
  }
  series.forEach((s, index) => {
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    el('polyline', { points, class: `line ${s.css}`, fill: 'none', 'data-series': s.name }, svg);
    s.values.forEach((v, i) => {
      if (v > 0) {
        // later series draw smaller dots, so that equal values stay visible as rings
        const dot = el('circle', { cx: x(i), cy: y(v), r: Math.max(1.5, 4.5 - index), class: `dot ${s.css}` }, svg);
        el('title', {}, dot).textContent = `${s.name} ${clock(minutes[i])}: ${v}`;
      }
    });
  });

  const legend = document.createElement('ul');
  legend.className = 'legend';
  for (const s of series) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch ${s.css}`;
    item.append(swatch, ` ${s.name} (${legendValue(s.values)})`);
    legend.appendChild(item);
  }
  container.replaceChildren(svg, legend);
}

// The review charts: a thin layer over uPlot (lib/uplot, canvas). No product logic: .NET sends ready-made frames
// (x in unix seconds, per runner a mean line and a min-max band, shaded spans, vertical marks) and gets drag-zooms
// back. The hover legend is drawn here, so a moving mouse never crosses into .NET.
import uPlot from '../lib/uplot/uPlot.esm.js';

const charts = new WeakMap();

// The stylesheet comes with the module, so a page without charts never loads it. It places uPlot's mouse overlay on
// the canvas: a chart drawn before it applies has its overlay below the canvas until it does, and a drag made
// meanwhile misses the chart. So the charts (only they: the module's import does not wait) draw once it has loaded,
// failed, or taken longer than STYLES_WAIT_MS (then unstyled, but there: a stalled request must not hold them back).
const STYLES_WAIT_MS = 4000;

function loadStyles() {
  const existing = document.querySelector('link[data-uplot-css]');
  if (existing) return settled(existing);
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('../lib/uplot/uPlot.min.css', import.meta.url).href;
  link.dataset.uplotCss = '';
  const loaded = settled(link);
  document.head.appendChild(link);
  return loaded;
}

// Stored on the link, so a second copy of this module waits for the same load rather than drawing at once.
function settled(link) {
  if (!link.uplotLoaded) {
    const loaded = new Promise(resolve => {
      if (link.sheet) resolve();
      link.addEventListener('load', resolve, { once: true });
      link.addEventListener('error', resolve, { once: true });
    });
    link.uplotLoaded = Promise.race([loaded, new Promise(resolve => setTimeout(resolve, STYLES_WAIT_MS))]);
  }
  return link.uplotLoaded;
}

// Every call waits on it, first come first served: calls keep their order (an update never passes its create).
const stylesReady = loadStyles();

function two(n) {
  return n < 10 ? '0' + n : '' + n;
}

function formatValue(value, frame) {
  if (value == null || !Number.isFinite(value)) return '–';
  if (frame.format === 'pace') {
    const total = Math.round(value);
    return Math.floor(total / 60) + ':' + two(total % 60) + '/km';
  }
  return value.toFixed(frame.decimals) + (frame.unit ? ' ' + frame.unit : '');
}

function formatTime(seconds, frame) {
  // Elapsed time from the session's start: what a coach and a runner talk about ("at 12:30").
  const total = Math.max(0, Math.round(seconds - frame.originS));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? h + ':' + two(m) + ':' + two(s) : m + ':' + two(s);
}

// uPlot's data: x, then per runner max, min (the band's edges, drawn as no line) and mean.
function toData(frame) {
  const data = [frame.x];
  for (const s of frame.series) {
    data.push(s.max, s.min, s.mean);
  }
  return data;
}

function toOptions(state, frame, width) {
  const series = [{}];
  const bands = [];
  frame.series.forEach((s, i) => {
    series.push({ label: s.label + ' max', stroke: 'transparent', width: 0, points: { show: false } });
    series.push({ label: s.label + ' min', stroke: 'transparent', width: 0, points: { show: false } });
    series.push({ label: s.label, stroke: s.color, width: 2, spanGaps: false, points: { show: false } });
    bands.push({ series: [1 + i * 3, 2 + i * 3], fill: s.color + '33' });
  });
  return {
    width,
    height: state.height,
    series,
    bands,
    legend: { show: false },
    scales: { x: { time: false, range: (u, min, max) => [state.frame.xMin ?? min, state.frame.xMax ?? max] }, y: { dir: frame.format === 'pace' ? -1 : 1 } },
    axes: [
      { values: (u, ticks) => ticks.map(t => formatTime(t, state.frame)), stroke: '#000', grid: { stroke: '#0002' } },
      {
        values: (u, ticks) => ticks.map(t => state.frame.format === 'pace' ? formatValue(t, state.frame).replace('/km', '') : '' + t),
        stroke: '#000',
        grid: { stroke: '#0002' },
        size: 56,
      },
    ],
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    hooks: {
      drawClear: [u => drawSpans(u, state)],
      draw: [u => { drawMarks(u, state); drawCursor(u, state); noteDrawn(state); }],
      setSelect: [u => onSelect(u, state)],
      setCursor: [u => updateLegend(u, state)],
    },
  };
}

function xPos(u, seconds) {
  return u.valToPos(seconds, 'x', true);
}

function drawSpans(u, state) {
  const { ctx, bbox } = u;
  ctx.save();
  for (const span of state.frame.spans) {
    const left = Math.max(bbox.left, xPos(u, span.from));
    const right = Math.min(bbox.left + bbox.width, xPos(u, span.to));
    if (right <= left) continue;
    ctx.fillStyle = span.color;
    ctx.fillRect(left, bbox.top, Math.max(1, right - left), bbox.height);
  }
  ctx.restore();
}

function drawMarks(u, state) {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.lineWidth = 2 * devicePixelRatio;
  for (const mark of state.frame.marks) {
    const x = xPos(u, mark.t);
    if (x < bbox.left || x > bbox.left + bbox.width) continue;
    ctx.strokeStyle = mark.color;
    ctx.setLineDash(mark.dashed ? [4 * devicePixelRatio, 4 * devicePixelRatio] : []);
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
  }
  ctx.restore();
}

function drawCursor(u, state) {
  if (state.cursorAt == null) return;
  const x = xPos(u, state.cursorAt);
  const { ctx, bbox } = u;
  if (x < bbox.left || x > bbox.left + bbox.width) return;
  ctx.save();
  ctx.strokeStyle = '#ff6a00';
  ctx.lineWidth = 3 * devicePixelRatio;
  ctx.beginPath();
  ctx.moveTo(x, bbox.top);
  ctx.lineTo(x, bbox.top + bbox.height);
  ctx.stroke();
  ctx.restore();
}

function noteDrawn(state) {
  state.draws++;
  // For tests and the curious: how often, and over which x range (unix s), the canvas was drawn.
  const x = state.plot ? state.plot.scales.x : null;
  state.root.setAttribute('data-chart-drawn', '' + state.draws);
  if (x && x.min != null) {
    state.root.setAttribute('data-x-min', '' + x.min);
    state.root.setAttribute('data-x-max', '' + x.max);
  }
}

function onSelect(u, state) {
  const width = u.select.width;
  if (width < 4) return;
  const from = u.posToVal(u.select.left, 'x');
  const to = u.posToVal(u.select.left + width, 'x');
  u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
  state.dotnet.invokeMethodAsync('OnChartZoom', Math.round(from * 1000), Math.round(to * 1000));
}

function updateLegend(u, state) {
  const legend = state.legend;
  if (!legend) return;
  const idx = u.cursor.idx;
  const frame = state.frame;
  if (idx == null) {
    legend.textContent = '';
    return;
  }
  const parts = [formatTime(frame.x[idx], frame)];
  for (const s of frame.series) {
    parts.push(s.label + ' ' + formatValue(s.mean[idx], frame));
  }
  legend.textContent = parts.join(' · ');
}

// Touch: two fingers on the chart mark a range (the span between them when they lift), handed to uPlot's select as a
// mouse drag would be; one finger keeps scrolling the page.
function touchZoom(state) {
  const over = state.plot.over;
  let span = null;
  const between = (e) => {
    const box = over.getBoundingClientRect();
    const a = e.touches[0].clientX - box.left, b = e.touches[1].clientX - box.left;
    return [Math.max(0, Math.min(a, b)), Math.min(box.width, Math.max(a, b))];
  };
  const onStart = (e) => {
    if (e.touches.length !== 2) return;
    span = between(e);
    e.preventDefault();
  };
  const onMove = (e) => {
    if (span === null || e.touches.length !== 2) return;
    span = between(e);
    state.plot.setSelect({ left: span[0], width: span[1] - span[0], top: 0, height: over.clientHeight }, false);
    e.preventDefault();
  };
  const onEnd = () => {
    if (span === null) return;
    const [left, right] = span;
    span = null;
    state.plot.setSelect({ left, width: right - left, top: 0, height: over.clientHeight }, true);
  };
  over.addEventListener('touchstart', onStart, { passive: false });
  over.addEventListener('touchmove', onMove, { passive: false });
  over.addEventListener('touchend', onEnd);
  over.addEventListener('touchcancel', () => { span = null; });
}

function widthOf(root) {
  return Math.max(200, Math.floor(root.clientWidth));
}

/** Draws a new chart into `root` (its canvas host), calling `dotnet.OnChartZoom(fromMs, toMs)` on a drag. */
export async function create(root, legend, dotnet, frame, height) {
  await stylesReady;
  draw(root, legend, dotnet, frame, height);
}

function draw(root, legend, dotnet, frame, height) {
  remove(root);
  const state = { root, legend, dotnet, frame, height, cursorAt: frame.cursorAt, draws: 0, plot: null, resize: null };
  state.plot = new uPlot(toOptions(state, frame, widthOf(root)), toData(frame), root);
  touchZoom(state);
  state.resize = new ResizeObserver(() => state.plot.setSize({ width: widthOf(root), height: state.height }));
  state.resize.observe(root);
  charts.set(root, state);
}

/** New data for a chart: the same runners keep their chart, a different set of runners gets a new one. */
export async function update(root, frame) {
  await stylesReady;
  const state = charts.get(root);
  if (!state) return;
  const sameSeries = state.frame.series.length === frame.series.length &&
    state.frame.series.every((s, i) => s.label === frame.series[i].label && s.color === frame.series[i].color) &&
    state.frame.format === frame.format;
  if (!sameSeries) {
    draw(root, state.legend, state.dotnet, frame, state.height);
    return;
  }
  state.frame = frame;
  state.cursorAt = frame.cursorAt;
  state.plot.setData(toData(frame), true);
}

/** Moves the cursor line to `seconds` (unix s), or hides it (null). */
export async function cursor(root, seconds) {
  await stylesReady;
  const state = charts.get(root);
  if (!state) return;
  state.cursorAt = seconds;
  state.plot.redraw(false, false);
}

export async function destroy(root) {
  await stylesReady;
  remove(root);
}

function remove(root) {
  const state = charts.get(root);
  if (!state) return;
  state.resize.disconnect();
  state.plot.destroy();
  charts.delete(root);
}

// The live view's animation-frame pump and its arrival -> paint marks. No product logic: .NET asks for a frame,
// this module calls it back once on the next requestAnimationFrame, and stamps when that frame has painted.
//
// window.mmlPerf (read by the benchmark):
//   arrived        samples frames that reached the page (.NET handler ran)
//   samples        samples in those frames (the hub coalesces several into one frame)
//   painted        of those frames, how many were painted (closed by a paint)
//   frames         animation frames that rendered changes
//   renderMs       main-thread time spent rendering them (the rest of the busy time is receiving and decoding)
//   minFrameMs     least time between two renders (the frame budget; settable for experiments)
//   latencies()    arrival -> paint latencies, ms (a copy of the last RING values)
//   percentile(p)  e.g. percentile(99) over latencies()
//   dotnetHeap()   the .NET heap after a full collection, bytes (memory readings)
//   reset()        clears the counters and the latencies (start of a measuring window)
//   marks          set true to also write performance.mark/measure entries ("mml:arrive", "mml:paint",
//                  "mml:arrival-to-paint"); off by default so a page left open for hours does not grow a timeline.
const RING = 65536;
const latencies = new Float64Array(RING);
let count = 0;
let pending = [];
let dotnet = null;
let requested = false;
// A render every few animation frames is enough for tiles whose data comes at a few Hz: each render costs the same
// whether one tile or ten changed, so fewer renders paint the same samples for less. Renders also take at most about
// half the main thread: a page that fell behind (a backlog in the socket after a stall) must have time left to read
// it, or it never catches up.
const MIN_FRAME_MS = 50;
let lastRenderStart = -Infinity;
let lastRenderCost = 0;

const perf = {
  arrived: 0,
  samples: 0,
  painted: 0,
  frames: 0,
  renderMs: 0,
  minFrameMs: MIN_FRAME_MS,
  marks: false,
  latencies() {
    const n = Math.min(count, RING);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = latencies[(count - n + i) % RING];
    return out;
  },
  percentile(p) {
    const values = Array.from(this.latencies()).sort((a, b) => a - b);
    if (values.length === 0) return NaN;
    const rank = Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1));
    return values[rank];
  },
  // The .NET heap after a full collection (the benchmark's memory readings), bytes.
  dotnetHeap() {
    return dotnet === null ? null : dotnet.invokeMethod("CollectedHeapBytes");
  },
  // The .NET side's counters (samples handler time, allocations, collections), cumulative.
  dotnet() {
    return dotnet === null ? null : dotnet.invokeMethod("PerfStats");
  },
  reset() {
    count = 0;
    pending = [];
    this.arrived = 0;
    this.samples = 0;
    this.painted = 0;
    this.frames = 0;
    this.renderMs = 0;
  },
};
window.mmlPerf = perf;

export function init(ref) {
  dotnet = ref;
}

export function arrive(samples) {
  const t = performance.now();
  perf.arrived++;
  perf.samples += samples;
  // A hidden tab gets no animation frames: keep the marks bounded until it is shown again.
  if (pending.length >= 4096) pending = pending.slice(-2048);
  pending.push(t);
  if (perf.marks) performance.mark("mml:arrive", { startTime: t });
}

export function requestFrame() {
  if (requested) return;
  requested = true;
  const wait = lastRenderStart + Math.max(perf.minFrameMs, 2 * lastRenderCost) - performance.now();
  // The animation frame that follows the wait paints: the timer only keeps renders apart.
  if (wait > 1) setTimeout(() => requestAnimationFrame(onFrame), wait);
  else requestAnimationFrame(onFrame);
}

function onFrame() {
  requested = false;
  if (dotnet === null) return;
  const start = performance.now();
  dotnet.invokeMethod("OnAnimationFrame");
  const end = performance.now();
  lastRenderStart = start;
  lastRenderCost = end - start;
  perf.renderMs += lastRenderCost;
  perf.frames++;
  if (pending.length === 0) return;
  const closed = pending;
  pending = [];
  // A task queued from a requestAnimationFrame callback runs after that frame's style, layout and paint.
  setTimeout(() => stamp(closed), 0);
}

function stamp(arrivals) {
  const painted = performance.now();
  for (const arrivedAt of arrivals) {
    latencies[count % RING] = painted - arrivedAt;
    count++;
  }
  perf.painted += arrivals.length;
  if (perf.marks) {
    performance.mark("mml:paint", { startTime: painted });
    performance.measure("mml:arrival-to-paint", { start: arrivals[0], end: painted });
  }
}

export function dispose() {
  dotnet = null;
}

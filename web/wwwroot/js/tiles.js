// Writes the live tiles' changing values into the elements their last render made, without a render: a tile whose
// runner only has new readings gets a few text-node writes. No product logic: .NET formats every value
// (web/Live/TileFields.cs); this module finds a tile's elements once and writes what it is given.
//
// init(...): TileFields' layout (one source for the field list). write(fields): a flat array, per tile its runner id
// then TileFields.Count fields in TileFields' order; a null field is left as it is, an empty one is written (a
// sparkline with no point). Text goes into the element's own text node (never textContent, which would replace the
// node the renderer keeps), so a later render of the tile diffs against live nodes.
let METRICS = [];
let COUNT = 0;
let SPEED_RAW = -1;
let BATTERY = -1;
let BATTERY_LOW = -1;
let SPARK = -1;
let MISSING = "";
const tiles = new Map();

export function init(metrics, speedRaw, battery, batteryLow, spark, missing) {
  METRICS = metrics;
  COUNT = metrics.length;
  SPEED_RAW = speedRaw;
  BATTERY = battery;
  BATTERY_LOW = batteryLow;
  SPARK = spark;
  MISSING = missing;
  tiles.clear();
}

function find(runnerId) {
  for (const tile of document.querySelectorAll("article.tile[data-runner-id]")) {
    if (tile.getAttribute("data-runner-id") === runnerId) return tile;
  }
  return null;
}

function locate(runnerId) {
  const tile = find(runnerId);
  if (tile === null) {
    tiles.delete(runnerId);
    return null;
  }
  const nodes = new Array(COUNT).fill(null);
  for (const el of tile.querySelectorAll("[data-metric]")) {
    const i = METRICS.indexOf(el.getAttribute("data-metric"));
    if (i >= 0) nodes[i] = el;
  }
  nodes[SPEED_RAW] = nodes[METRICS.indexOf("speedMps")];
  nodes[BATTERY_LOW] = nodes[BATTERY] === null ? null : nodes[BATTERY].parentElement;
  nodes[SPARK] = tile.querySelector("svg.spark polyline");
  const entry = { tile, nodes };
  tiles.set(runnerId, entry);
  return entry;
}

// A field whose element is gone (the tile rendered again, or changed density) looks the tile up once more.
function node(entry, runnerId, i) {
  const el = entry.nodes[i];
  if (el !== null && el.isConnected) return [entry, el];
  const fresh = locate(runnerId);
  return fresh === null ? [null, null] : [fresh, fresh.nodes[i]];
}

export function write(fields) {
  for (let at = 0; at + COUNT < fields.length; at += COUNT + 1) {
    const runnerId = fields[at];
    let entry = tiles.get(runnerId) ?? null;
    // A tile gone from the page (its runner left, or the grid rendered it anew) is let go of, or looked up again.
    if (entry === null || !entry.tile.isConnected) entry = locate(runnerId);
    for (let i = 0; i < COUNT && entry !== null; i++) {
      const value = fields[at + 1 + i];
      if (value === null) continue;
      let el;
      [entry, el] = node(entry, runnerId, i);
      if (el === null) continue;
      if (i === SPEED_RAW) {
        if (value === MISSING) el.removeAttribute("data-value");
        else el.setAttribute("data-value", value);
      } else if (i === BATTERY_LOW) {
        el.classList.toggle("low", value === "1");
      } else if (i === SPARK) {
        if (el.getAttribute("points") !== value) el.setAttribute("points", value);
      } else {
        const text = el.firstChild;
        if (text !== null && text.nodeType === Node.TEXT_NODE && text.nextSibling === null && text.data !== value) {
          text.data = value;
        }
      }
    }
  }
}

export function forget() {
  tiles.clear();
}

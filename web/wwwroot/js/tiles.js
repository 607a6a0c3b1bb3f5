// Writes the live tiles' changing values into the elements their last render made, without a render: a tile whose
// runner only has new readings gets a few text-node writes. No product logic: .NET formats every value
// (web/Live/TileFields.cs); this module finds a tile's elements once and writes what it is given.
//
// write(fields): a flat array, per tile its runner id then TileFields.Count fields in TileFields' order; an empty
// field is left as it is. Text goes into the element's own text node (never textContent, which would replace the
// node the renderer keeps), so a later render of the tile diffs against live nodes.
const METRICS = ["heartRateBpm", "cadenceSpm", "speedMps", null, "strideLengthM", "groundContactMs",
  "verticalOscillationCm", "gctBalanceLeftPct", "powerW", "batteryPct", null, null];
const COUNT = METRICS.length;
const SPEED_RAW = 3;
const BATTERY_LOW = 10;
const SPARK = 11;
const MISSING = "\u2013";
const tiles = new Map();

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
  nodes[SPEED_RAW] = nodes[2];
  nodes[BATTERY_LOW] = nodes[9] === null ? null : nodes[9].parentElement;
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
    let entry = tiles.get(runnerId) ?? locate(runnerId);
    for (let i = 0; i < COUNT && entry !== null; i++) {
      const value = fields[at + 1 + i];
      if (value === "") continue;
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

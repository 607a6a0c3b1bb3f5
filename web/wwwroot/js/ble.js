// Web Bluetooth for the runner companion (web/Runner/RunnerCompanion.Sensors.cs): the chooser, GATT connect, notifications handed
// to .NET as raw bytes (core's decoders read them), and reconnect with backoff, forever, after a lost link.
// No product logic here: decoding, seqs and storage are C#.

const SERVICES = [
    ['heart_rate', 'heart_rate_measurement'],
    ['running_speed_and_cadence', 'rsc_measurement'],
    ['cycling_power', 'cycling_power_measurement'],
];
const BATTERY = ['battery_service', 'battery_level'];
const MAX_BACKOFF_MS = 30000;
const BATTERY_UUID = '0000180f-0000-1000-8000-00805f9b34fb';

const sensors = new Map();
let nextId = 1;

export function isAvailable() {
    return !!(navigator.bluetooth && navigator.bluetooth.requestDevice);
}

// Opens the browser's chooser (needs a tap). Returns {id, name}, or null when the runner closed the chooser.
export async function addSensor(dotnet) {
    let device;
    try {
        device = await navigator.bluetooth.requestDevice({
            filters: SERVICES.map(([service]) => ({ services: [service] })),
            optionalServices: [BATTERY[0]],
        });
    } catch (e) {
        if (e && e.name === 'NotFoundError') { console.info('no sensor picked: ' + e.message); return null; } // chooser cancelled
        throw e;
    }
    for (const s of sensors.values()) {
        if (s.device.id === device.id) return { id: s.id, name: s.name };
    }
    const sensor = { id: nextId++, device, dotnet, name: device.name || 'Sensor', attempt: 0, characteristics: [], timer: 0, listener: null };
    // One listener object per sensor: a retried connect may hand back the same characteristic objects, and a second
    // listener on one of them would record every reading twice.
    sensor.listener = event => notify(sensor, event.target);
    sensors.set(sensor.id, sensor);
    device.addEventListener('gattserverdisconnected', () => onDisconnected(sensor));
    await connect(sensor);
    return { id: sensor.id, name: sensor.name };
}

async function connect(sensor) {
    state(sensor, 'connecting', null);
    try {
        const server = await sensor.device.gatt.connect();
        for (const old of sensor.characteristics) old.removeEventListener('characteristicvaluechanged', sensor.listener);
        sensor.characteristics = [];
        for (const [service, characteristic] of [...SERVICES, BATTERY]) {
            let gattService;
            try { gattService = await server.getPrimaryService(service); } catch { continue; }
            let c;
            try { c = await gattService.getCharacteristic(characteristic); } catch { continue; }
            c.addEventListener('characteristicvaluechanged', sensor.listener);
            sensor.characteristics.push(c);
            if (c.properties.notify) {
                try { await c.startNotifications(); } catch (e) { if (service !== BATTERY[0]) throw e; }
            }
            if (service === BATTERY[0] && c.properties.read) {
                try { await c.readValue(); } catch { /* a battery level is optional */ }
            }
        }
        if (!sensor.characteristics.some(c => c.service.uuid !== BATTERY_UUID)) {
            throw new Error('no heart rate, running speed and cadence or cycling power characteristic found');
        }
        sensor.attempt = 0;
        state(sensor, 'connected', null);
    } catch (e) {
        state(sensor, 'reconnecting', String(e && e.message || e));
        schedule(sensor);
    }
}

function notify(sensor, characteristic) {
    const view = characteristic.value;
    const bytes = new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
    sensor.dotnet.invokeMethodAsync('OnNotification', sensor.id, characteristic.uuid, bytes);
}

function onDisconnected(sensor) {
    if (!sensors.has(sensor.id)) return;
    state(sensor, 'reconnecting', 'link lost');
    schedule(sensor);
}

function schedule(sensor) {
    if (sensor.timer) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(sensor.attempt, 6));
    sensor.attempt++;
    sensor.timer = setTimeout(() => { sensor.timer = 0; if (sensors.has(sensor.id)) connect(sensor); }, delay);
}

function state(sensor, value, detail) {
    sensor.dotnet.invokeMethodAsync('OnSensorState', sensor.id, sensor.name, value, detail);
}

// Reads every characteristic of every sensor once: the value arrives as a notification does (the battery's poll; the
// browser tests' way to push a reading through an emulated sensor).
export async function readAll() {
    for (const sensor of sensors.values()) {
        for (const c of sensor.characteristics) {
            if (c.properties.read) {
                try { await c.readValue(); } catch { /* the next read will tell */ }
            }
        }
    }
}

// The benchmark's hook: window.mmlCompanionPerf.read(reset) answers notification -> hub ack times (CompanionPerf.cs).
export function exposePerf(dotnet) {
    window.mmlCompanionPerf = { read: reset => dotnet.invokeMethodAsync('ReadPerf', !!reset) };
}

export function forgetAll() {
    for (const sensor of sensors.values()) {
        clearTimeout(sensor.timer);
        try { sensor.device.gatt.disconnect(); } catch { /* already gone */ }
    }
    sensors.clear();
}

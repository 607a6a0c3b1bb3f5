// Local storage for the runner companion's identity (web/Runner/RunnerIdentityStore.cs): it outlives the tab, so a
// reload or a phone restart comes back as the same runner.
export function get(key) { return localStorage.getItem(key); }
export function set(key, value) { localStorage.setItem(key, value); }
export function remove(key) { localStorage.removeItem(key); }

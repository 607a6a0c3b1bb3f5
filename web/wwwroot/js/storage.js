// Session storage and the address bar, for the coach's credentials (web/Auth/CoachCredentials.cs).
export function get(key) { return sessionStorage.getItem(key); }
export function set(key, value) { sessionStorage.setItem(key, value); }
export function remove(key) { sessionStorage.removeItem(key); }

// Returns the URL fragment (without '#') and removes it from the address bar without a navigation.
export function takeFragment() {
    const hash = window.location.hash;
    if (!hash || hash.length < 2) return null;
    history.replaceState(history.state, '', window.location.pathname + window.location.search);
    return hash.substring(1);
}

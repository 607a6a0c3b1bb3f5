// Downloads that need the reader's bearer token: a plain link cannot send an Authorization header, so the file is
// fetched here and handed to the browser as a blob URL. No product logic: .NET gives the path, token and file name.

/** Fetches `path` with the bearer `token` and saves it as `fileName`; returns null, or the hub's reason on failure. */
export async function save(path, token, fileName) {
  let response;
  try {
    response = await fetch(path, { headers: { Authorization: 'Bearer ' + token } });
  } catch {
    return 'Cannot reach the hub: check that this device is online and try again.';
  }
  if (!response.ok) {
    try {
      const problem = await response.json();
      if (problem && typeof problem.detail === 'string') return problem.detail;
    } catch {
      // Not a problem answer: the status says enough.
    }
    return 'The hub answered ' + response.status + '; try again.';
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; free it once the browser had its turn.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return null;
}

/** File names from chart titles: no path separators, control or reserved characters. */
export function safeFilename(name: string, fallback = 'journeyscope'): string {
  // eslint-disable-next-line no-control-regex
  const s = name.replace(/[\u0000-\u001F\u007F<>:"/\\|?*\u202A-\u202E\u2066-\u2069]+/g, '-').replace(/^[\s.-]+|[\s.-]+$/g, '');
  return (s || fallback).slice(0, 120);
}

/** Saves `blob` through the browser's download (an `<a download>` click, what Playwright awaits). */
export function download(filename: string, blob: Blob): void {
  const dot = filename.lastIndexOf('.');
  const name = dot > 0 ? safeFilename(filename.slice(0, dot)) + filename.slice(dot).replace(/[^.\w]/g, '') : safeFilename(filename);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is ample.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
